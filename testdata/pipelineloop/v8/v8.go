// Package v8: go-redis v8. The message does not point to rediskit, which is
// built on v9.
package v8

import (
	"context"
	"time"

	"github.com/go-redis/redis/v8"
)

func warm(ctx context.Context, rdb *redis.Client, items map[string]string) error {
	for k, v := range items {
		rdb.Set(ctx, k, v, time.Hour) // want `^Set on rdb runs once per entry of items: one round trip each; queue them on rdb.Pipelined$`
	}
	return nil
}

func receivers(ctx context.Context, cc *redis.ClusterClient, ring *redis.Ring, u redis.UniversalClient, keys []string) {
	for _, k := range keys {
		cc.Del(ctx, k) // want `Del on cc runs once per element of keys`
	}
	for _, k := range keys {
		ring.Del(ctx, k) // want `Del on ring runs once per element of keys`
	}
	for i := 0; i < len(keys); i++ {
		u.Del(ctx, keys[i]) // want `Del on u runs once per iteration while i < len\(keys\)`
	}
}

func conn(ctx context.Context, rdb *redis.Client, keys []string) ([]string, error) {
	c := rdb.Conn(ctx)
	defer c.Close()
	var out []string
	for _, k := range keys {
		v, err := c.Get(ctx, k).Result() // want `Get on c runs once per element of keys`
		if err != nil && err != redis.Nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func silent(ctx context.Context, rdb *redis.Client, c redis.Cmdable, keys []string) {
	var cursor uint64
	for i := 0; i < 10; i++ {
		var page []string
		page, cursor = rdb.Scan(ctx, cursor, "*", 100).Val()
		if cursor == 0 {
			break
		}
		_ = page
	}
	for _, k := range keys {
		rdb.BLPop(ctx, time.Second, k)
	}
	for _, k := range keys {
		c.Del(ctx, k)
	}
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, k := range keys {
			pipe.Del(ctx, k)
		}
		return nil
	})
	for _, k := range keys {
		if rdb.Exists(ctx, k).Val() == 1 {
			return
		}
	}
}
