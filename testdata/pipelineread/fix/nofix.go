package fix

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// inClosure: the read cannot leave the closure.
func inClosure(ctx context.Context, rdb *redis.Client, key string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		res := pipe.Incr(ctx, key)
		if res.Val() == 1 { // want `res.Val\(\) reads pipe.Incr`
			pipe.Expire(ctx, key, time.Minute)
		}
		return nil
	})
	return err
}

// queuesInBranch: moving the branch after Exec would queue Expire on a
// pipeline that never runs again.
func queuesInBranch(ctx context.Context, rdb *redis.Client, key string) error {
	pipe := rdb.TxPipeline()
	res := pipe.Incr(ctx, key)
	if res.Val() == 1 { // want `res.Val\(\) reads pipe.Incr`
		pipe.Expire(ctx, key, time.Minute)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// usedBefore: the value is used before Exec.
func usedBefore(ctx context.Context, rdb *redis.Client, key string) (int64, error) {
	pipe := rdb.Pipeline()
	n := pipe.Incr(ctx, key).Val() // want `pipe.Incr\(...\).Val\(\) reads pipe.Incr`
	pipe.Set(ctx, "last", n, time.Minute)
	_, err := pipe.Exec(ctx)
	return n, err
}

// sharedErr: the read's error variable is the one Exec assigns.
func sharedErr(ctx context.Context, rdb *redis.Client, key string) (int64, error) {
	pipe := rdb.Pipeline()
	incr := pipe.Incr(ctx, key)
	n, err := incr.Result() // want `incr.Result\(\) reads pipe.Incr`
	_, err = pipe.Exec(ctx)
	return n, err
}

// alwaysTaken: a branch that always runs before Exec would run after it.
func alwaysTaken(ctx context.Context, rdb *redis.Client, key string, hits *int) error {
	pipe := rdb.Pipeline()
	get := pipe.Get(ctx, key)
	if get.Val() == "" { // want `get.Val\(\) reads pipe.Get`
		*hits++
	}
	_, err := pipe.Exec(ctx)
	return err
}
