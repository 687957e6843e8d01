// Package pipelines: expiries queued in the same pipeline or transaction. // want package:"familyTTLs"
package pipelines

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func pipelined(ctx context.Context, rdb *redis.Client, id string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.HSet(ctx, "p:"+id, "a", 1)
		pipe.Expire(ctx, "p:"+id, time.Hour)
		return nil
	})
	return err
}

func pipelinedMissing(ctx context.Context, rdb *redis.Client, id string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.HSet(ctx, "pm:"+id, "a", 1) // want `HSet on key "pm:" \+ id is not followed by an expiry; the key will never expire`
		return nil
	})
	return err
}

func txPipelined(ctx context.Context, rdb *redis.Client, id string) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "t:"+id)
		pipe.Expire(ctx, "t:"+id, time.Hour)
		return nil
	})
	return err
}

// expiredAfter: the closure queues the write, the function expires the key
// after the pipeline ran.
func expiredAfter(ctx context.Context, rdb *redis.Client, id string) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.SAdd(ctx, "after:"+id, 1)
		return nil
	})
	if err != nil {
		return err // the transaction failed: nothing was written
	}
	return rdb.Expire(ctx, "after:"+id, time.Hour).Err()
}

func pipelineValue(ctx context.Context, rdb *redis.Client, ids []string) error {
	pipe := rdb.Pipeline()
	for _, id := range ids {
		pipe.HSet(ctx, "v:"+id, "a", 1)
		pipe.Expire(ctx, "v:"+id, time.Hour)
	}
	_, err := pipe.Exec(ctx)
	return err
}

func pipelineValueMissing(ctx context.Context, rdb *redis.Client, ids []string) error {
	pipe := rdb.TxPipeline()
	for _, id := range ids {
		pipe.HSet(ctx, "vm:"+id, "a", 1) // want `HSet on key "vm:" \+ id is not followed`
	}
	_, err := pipe.Exec(ctx)
	return err
}

func pipelineExecFails(ctx context.Context, rdb *redis.Client, id string) error {
	pipe := rdb.TxPipeline()
	pipe.HSet(ctx, "ef:"+id, "a", 1)
	if _, err := pipe.Exec(ctx); err != nil {
		return err // the transaction failed: nothing was written
	}
	return rdb.Expire(ctx, "ef:"+id, time.Hour).Err()
}

func watch(ctx context.Context, rdb *redis.Client, id string) error {
	k := "w:" + id
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, k).Int()
		if err != nil && err != redis.Nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, k, n+1, 0)
			pipe.Expire(ctx, k, time.Hour)
			return nil
		})
		return err
	}, k)
}

func watchMissing(ctx context.Context, rdb *redis.Client, id string) error {
	k := "wm:" + id
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, k).Int()
		if err != nil && err != redis.Nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, k, n+1, 0) // want `Set on key k is not followed by an expiry`
			return nil
		})
		return err
	}, k)
}

// closures run later or elsewhere: the enclosing function is followed too.
func goroutine(ctx context.Context, rdb *redis.Client, id string) {
	go func() {
		rdb.Incr(ctx, "g:"+id) // want `Incr on key "g:" \+ id is not followed`
	}()
}

func callback(ctx context.Context, rdb *redis.Client, id string, retry func(func() error) error) error {
	if err := retry(func() error { return rdb.Incr(ctx, "cb:"+id).Err() }); err != nil {
		return err
	}
	return rdb.Expire(ctx, "cb:"+id, time.Hour).Err()
}

var handler = func(ctx context.Context, rdb *redis.Client) {
	rdb.Incr(ctx, "hits") // want `Incr on key "hits" is not followed`
}
