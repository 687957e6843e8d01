// Package reported: replies of queued commands read before the pipeline runs.
package reported

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// allow is the fixed-window limiter found in the wild: the window's key
// never gets its TTL, because res has no reply inside the closure.
func allow(ctx context.Context, rdb *redis.Client, key string, limit int64) (bool, error) {
	var res *redis.IntCmd
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		res = pipe.Incr(ctx, key)
		if res.Val() == 1 { // want `res.Val\(\) reads pipe.Incr \(line 16\) before the pipeline runs: the value is always zero until rdb.Pipelined \(line 15\) runs the pipeline, after this closure returns`
			pipe.Expire(ctx, key, time.Minute)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return res.Val() <= limit, nil
}

func txAllow(ctx context.Context, rdb *redis.Client, key string) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		n, err := pipe.Incr(ctx, key).Result() // want `pipe.Incr\(...\).Result\(\) reads pipe.Incr \(line 30\) before the pipeline runs: the value is always zero and the error always nil until rdb.TxPipelined \(line 29\) runs the pipeline, after this closure returns`
		if err != nil {
			return err
		}
		if n == 1 {
			pipe.Expire(ctx, key, time.Minute)
		}
		return nil
	})
	return err
}
