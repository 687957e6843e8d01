// Package v8: KEYS through go-redis v8. There is no suggested fix:
// rediskit is built on v9.
package v8

import (
	"context"

	"github.com/go-redis/redis/v8"
)

func find(ctx context.Context, rdb *redis.Client, u redis.UniversalClient) ([]string, error) {
	u.Keys(ctx, "*")                   // want `u.Keys walks the whole keyspace`
	u.Do(ctx, "KEYS", "*")             // want `u.Do sends KEYS`
	return rdb.Keys(ctx, "*").Result() // want `rdb.Keys walks the whole keyspace`
}

func conn(ctx context.Context, rdb *redis.Client) {
	c := rdb.Conn(ctx)
	defer c.Close()
	c.Keys(ctx, "*") // want `c.Keys walks`
	c.ScanType(ctx, 0, "*", 100, "string")
}
