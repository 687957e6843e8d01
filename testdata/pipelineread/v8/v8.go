// Package v8: the same rules on go-redis v8.
package v8

import (
	"context"
	"time"

	"github.com/go-redis/redis/v8"
)

func allow(ctx context.Context, rdb *redis.Client, key string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		res := pipe.Incr(ctx, key)
		if res.Val() == 1 { // want `res.Val\(\) reads pipe.Incr \(line 13\) before the pipeline runs`
			pipe.Expire(ctx, key, time.Minute)
		}
		return nil
	})
	return err
}

func closed(ctx context.Context, rdb *redis.Client) (string, error) {
	pipe := rdb.Pipeline()
	defer pipe.Close()
	get := pipe.Get(ctx, "k")
	if err := get.Err(); err != nil { // want `get.Err\(\) reads pipe.Get \(line 25\) before the pipeline runs: the error is always nil until pipe.Exec \(line 29\)`
		return "", err
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return "", err
	}
	return get.Val(), nil
}
