// Package persistent runs with -requirettl.persistent=config:,lock:.
package persistent

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

const configPrefix = "config:"

func keys(ctx context.Context, rdb *redis.Client, name, id string) {
	rdb.HSet(ctx, "config:"+name, "a", 1)
	rdb.HSet(ctx, configPrefix+name, "a", 1)
	rdb.Set(ctx, fmt.Sprintf("lock:%s", id), 1, 0)
	rdb.Incr(ctx, "config:visits")
	rdb.Incr(ctx, "configs")               // want `Incr on key "configs" is not followed`
	rdb.HSet(ctx, "user:"+id, "a", 1)      // want `HSet on key "user:" \+ id is not followed`
	rdb.HSet(ctx, name+":config:", "a", 1) // want `HSet on key name \+ ":config:" is not followed`
}

// Put is a wrapper: the prefix is checked at its callers.
func Put(ctx context.Context, rdb *redis.Client, key string) { // want Put:`writesKey\(2 SAdd\)`
	rdb.SAdd(ctx, key, 1)
}

func callers(ctx context.Context, rdb *redis.Client, id string) {
	Put(ctx, rdb, "lock:"+id)
	Put(ctx, rdb, "tmp:"+id) // want `SAdd through Put on key "tmp:" \+ id is not followed`
}

// Key builders that are not inlined: the prefix of their keys is the
// common constant start of their results.
func lockKey(id string) string {
	if id == "" {
		return "lock:none"
	}
	return "lock:" + id
}

func tmpKey(id string) string {
	if id == "" {
		return "tmp:none"
	}
	return "tmp:" + id
}

func builders(ctx context.Context, rdb *redis.Client, id string) {
	rdb.SAdd(ctx, lockKey(id), 1)
	rdb.SAdd(ctx, tmpKey(id), 1) // want `SAdd on key tmpKey\(id\) is not followed`
}
