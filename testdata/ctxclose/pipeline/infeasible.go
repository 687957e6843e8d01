package pipeline

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// A queued command's error is nil until Exec: the early return is never
// taken, so no path loses the queued commands.
func checkedQueue(ctx context.Context, rdb *redis.Client, k string) error {
	pipe := rdb.TxPipeline()
	if err := pipe.Del(ctx, k).Err(); err != nil {
		return err
	}
	pipe.Incr(ctx, "deleted")
	_, err := pipe.Exec(ctx)
	return err
}

// The same shape with a value read before Exec: always zero, never taken.
func checkedValue(ctx context.Context, rdb *redis.Client, k string) error {
	pipe := rdb.Pipeline()
	n := pipe.Incr(ctx, k)
	if n.Val() > 10 {
		return nil
	}
	pipe.Expire(ctx, k, time.Minute)
	_, err := pipe.Exec(ctx)
	return err
}

// An error from the client itself, sent at once, can happen: the return
// through it loses the queued command.
func checkedClient(ctx context.Context, rdb *redis.Client, k string) error {
	pipe := rdb.Pipeline() // want `pipe from Pipeline has queued commands that are never sent on the path through the return at line 40`
	pipe.Incr(ctx, k)
	if err := rdb.Del(ctx, "lock:"+k).Err(); err != nil {
		return err
	}
	_, err := pipe.Exec(ctx)
	return err
}
