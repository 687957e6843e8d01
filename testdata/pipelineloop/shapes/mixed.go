package shapes

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Writes are queued on a pipeline, but each read is its own round trip.
func copyTo(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result() // want `Get on rdb runs once per element of keys`
		if err != nil {
			return err
		}
		pipe.Set(ctx, "copy:"+k, v, time.Hour)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Reads and writes both queued: silent.
func copyQueued(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	for _, k := range keys {
		pipe.Get(ctx, k)
		pipe.Expire(ctx, k, time.Hour)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// A pipeline run per item: the loop sends one batch per item on purpose.
func perItemPipeline(ctx context.Context, rdb *redis.Client, keys []string) error {
	for _, k := range keys {
		pipe := rdb.TxPipeline()
		pipe.Incr(ctx, k)
		pipe.Expire(ctx, k, time.Hour)
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
