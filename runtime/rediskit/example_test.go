package rediskit_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

func ExampleScanKeys() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	for _, k := range []string{"session:1", "session:2", "user:1"} {
		rdb.Set(ctx, k, "v", 0)
	}

	// Instead of rdb.Keys(ctx, "session:*").Result():
	keys, err := rediskit.ScanKeys(ctx, rdb, "session:*")
	if err != nil {
		fmt.Println(err)
		return
	}
	slices.Sort(keys) // like KEYS, ScanKeys returns keys in no particular order
	fmt.Println(keys)
	// Output: [session:1 session:2]
}

func ExampleIterKeys() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	for _, k := range []string{"job:1", "job:2", "job:3"} {
		rdb.Set(ctx, k, "v", 0)
	}

	// Delete in small batches while the walk goes on, never holding every key.
	var batch []string
	for key, err := range rediskit.IterKeys(ctx, rdb, "job:*", 0) {
		if err != nil {
			fmt.Println(err)
			return
		}
		batch = append(batch, key)
		if len(batch) == 2 {
			rdb.Unlink(ctx, batch...)
			batch = batch[:0]
		}
	}
	rdb.Unlink(ctx, batch...)
	fmt.Println(rdb.DBSize(ctx).Val(), "keys left")
	// Output: 0 keys left
}

func ExampleEscapePattern() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	for _, k := range []string{"user:*:cart", "user:alice:cart", "user:bob:cart"} {
		rdb.Set(ctx, k, "v", 0)
	}

	id := "*" // a user id, straight from a request
	fmt.Println("pattern:", "user:"+rediskit.EscapePattern(id)+":*")

	unescaped, _ := rediskit.ScanKeys(ctx, rdb, "user:"+id+":*")
	escaped, _ := rediskit.ScanKeys(ctx, rdb, "user:"+rediskit.EscapePattern(id)+":*")
	fmt.Println("unescaped matches", len(unescaped), "users' keys")
	fmt.Println("escaped matches", escaped)
	// Output:
	// pattern: user:\*:*
	// unescaped matches 3 users' keys
	// escaped matches [user:*:cart]
}
