// Package fix: the two shapes nokeys rewrites into rediskit.ScanKeys.
package fix

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func sessions(ctx context.Context, rdb *redis.Client, user string) ([]string, error) {
	keys, err := rdb.Keys(ctx, "session:"+user+":*").Result() // want `rdb.Keys walks`
	if err != nil {
		return nil, err
	}
	return keys, nil
}

func direct(ctx context.Context, rdb redis.UniversalClient) ([]string, error) {
	return rdb.Keys(ctx, "*").Result() // want `rdb.Keys walks`
}

func cluster(ctx context.Context, cc *redis.ClusterClient, pattern string) int {
	var keys []string
	keys = cc.Keys(ctx, pattern).Val() // want `cc.Keys walks`
	return len(keys)
}

func val(ctx context.Context, rdb *redis.Client) int {
	keys := rdb.Keys(ctx, "*").Val()         // want `rdb.Keys walks`
	var more = rdb.Keys(ctx, "more:*").Val() // want `rdb.Keys walks`
	return len(keys) + len(more)
}

// No fix: no type-correct rewrite keeps the meaning.
func nofix(ctx context.Context, rdb *redis.Client, conn *redis.Conn, c redis.Cmdable, next func() string) {
	for _, k := range rdb.Keys(ctx, "*").Val() { // want `rdb.Keys walks`
		_ = k
	}
	_ = conn.Keys(ctx, "*").Val()                 // want `conn.Keys walks`
	_, _ = c.Keys(ctx, "*").Result()              // want `c.Keys walks`
	_, _ = rdb.Keys(ctx, next()).Result()         // want `rdb.Keys walks`
	var typed []string = rdb.Keys(ctx, "*").Val() // want `rdb.Keys walks`
	_ = typed
	_ = rdb.Keys(ctx, "*").Err() // want `rdb.Keys walks`
}

// Ctx lets single.go name the context type without importing context.
type Ctx = context.Context
