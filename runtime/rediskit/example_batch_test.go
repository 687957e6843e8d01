package rediskit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

type product struct {
	ID    string  `json:"id"`
	Price float64 `json:"price"`
}

func ExampleSetMany() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()

	products := []product{{"p1", 9.5}, {"p2", 12}}

	// Instead of one SET per product, one round trip per thousand.
	items := make(map[string]json.RawMessage, len(products))
	for _, p := range products {
		b, err := json.Marshal(p)
		if err != nil {
			fmt.Println(err)
			return
		}
		items["product:"+p.ID] = b
	}
	if err := rediskit.SetMany(ctx, rdb, items, time.Hour); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rdb.Get(ctx, "product:p2").Val(), rdb.TTL(ctx, "product:p2").Val())
	// Output: {"id":"p2","price":12} 1h0m0s
}

func ExampleGetMany() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	_ = m.Set("score:alice", "42")
	_ = m.Set("score:carol", "17")

	scores, err := rediskit.GetMany(ctx, rdb, []string{"score:alice", "score:bob", "score:carol"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, player := range []string{"alice", "bob", "carol"} {
		if s, ok := scores["score:"+player]; ok {
			fmt.Println(player, s)
		} else {
			fmt.Println(player, "has no score") // missing, not an error
		}
	}
	// Output:
	// alice 42
	// bob has no score
	// carol 17
}

func ExampleExpireMany() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	_ = m.Set("session:1", "alice")
	_ = m.Set("session:3", "carol")

	missing, err := rediskit.ExpireMany(ctx, rdb, []string{"session:1", "session:2", "session:3"}, 30*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("expired already:", missing)
	fmt.Println(m.TTL("session:3"))
	// Output:
	// expired already: [session:2]
	// 30m0s
}

func ExampleBatchSize() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()

	// Large values: 100 per pipeline keeps each batch near 50 MB.
	thumbnails := map[string][]byte{"thumb:1": make([]byte, 512<<10), "thumb:2": make([]byte, 512<<10)}
	if err := rediskit.SetMany(ctx, rdb, thumbnails, 24*time.Hour, rediskit.BatchSize(100)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(m.Keys()), "thumbnails stored")
	// Output: 2 thumbnails stored
}

func ExampleBatchError() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer rdb.Close()
	ctx := context.Background()
	_ = m.Set("user:1", "alice")
	_, _ = m.SAdd("user:2", "not a string")

	names, err := rediskit.GetMany(ctx, rdb, []string{"user:1", "user:2"})
	var batchErr *rediskit.BatchError
	if errors.As(err, &batchErr) {
		for _, f := range batchErr.Failed {
			fmt.Println("failed:", f.Key)
		}
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Println("read:", keys)
	// Output:
	// failed: user:2
	// read: [user:1]
}
