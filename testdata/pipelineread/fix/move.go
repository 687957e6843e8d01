// Package fix: reads moved after the pipeline's Exec.
package fix

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func counter(ctx context.Context, rdb *redis.Client, key string) (int64, error) {
	pipe := rdb.TxPipeline()
	incr := pipe.Incr(ctx, key)
	n := incr.Val() // want `incr.Val\(\) reads pipe.Incr`
	pipe.Expire(ctx, key, time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, err
	}
	return n, nil
}

func save(ctx context.Context, rdb *redis.Client, id, body string) error {
	pipe := rdb.TxPipeline()
	set := pipe.Set(ctx, "doc:"+id, body, time.Hour)
	if err := set.Err(); err != nil { // want `set.Err\(\) reads pipe.Set`
		return fmt.Errorf("save %s: %w", id, err)
	}
	pipe.SAdd(ctx, "docs", id)
	_, err := pipe.Exec(ctx)
	if err != nil {
		return err
	}
	return nil
}

func lookup(ctx context.Context, rdb *redis.Client) (string, bool, error) {
	pipe := rdb.Pipeline()
	get := pipe.Get(ctx, "k")
	exists := pipe.Exists(ctx, "k")
	var v string = get.Val() // want `get.Val\(\) reads pipe.Get`
	pipe.Exec(ctx)
	n, err := exists.Result()
	return v, n == 1, err
}
