// Package pipeline: commands queued on a Pipeline() or TxPipeline() are
// lost unless Exec sends them.
package pipeline

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// Queued, never sent.
func forgotExec(ctx context.Context, rdb *redis.Client, id string) {
	pipe := rdb.TxPipeline() // want `pipe from TxPipeline queues commands that are never sent; call pipe.Exec, or pipe.Discard to drop them on purpose`
	pipe.HSet(ctx, "user:"+id, "seen", 1)
	pipe.Expire(ctx, "user:"+id, 0)
}

// Sent: fine.
func sent(ctx context.Context, rdb *redis.Client, id string) error {
	pipe := rdb.TxPipeline()
	pipe.HSet(ctx, "user:"+id, "seen", 1)
	pipe.Expire(ctx, "user:"+id, 0)
	_, err := pipe.Exec(ctx)
	return err
}

// An early return between queueing and Exec drops the queued write.
func earlyReturn(ctx context.Context, rdb *redis.Client, id string, valid func(string) error) error {
	pipe := rdb.Pipeline() // want `pipe from Pipeline has queued commands that are never sent on the path through the return at line 33; call pipe.Exec, or pipe.Discard to drop them on purpose`
	pipe.Incr(ctx, "visits")
	if err := valid(id); err != nil {
		return err
	}
	pipe.SAdd(ctx, "ids", id)
	_, err := pipe.Exec(ctx)
	return err
}

// Discard says dropping them is deliberate: fine.
func discarded(ctx context.Context, rdb *redis.Client, id string, valid func(string) error) error {
	pipe := rdb.Pipeline()
	pipe.Incr(ctx, "visits")
	if err := valid(id); err != nil {
		pipe.Discard()
		return err
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Returning before anything is queued loses nothing: fine.
func returnBeforeQueue(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	if len(keys) == 0 {
		return errors.New("no keys")
	}
	for _, k := range keys {
		pipe.Del(ctx, k)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Exec guarded by a condition that is not about an error: trusted.
func guardedExec(ctx context.Context, rdb *redis.Client, keys []string) {
	pipe := rdb.Pipeline()
	for _, k := range keys {
		pipe.Del(ctx, k)
	}
	if len(keys) > 0 {
		pipe.Exec(ctx)
	}
}

// Batches of 100, and the rest: fine.
func batches(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	for i, k := range keys {
		pipe.Del(ctx, k)
		if i%100 == 99 {
			if _, err := pipe.Exec(ctx); err != nil {
				return err
			}
		}
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Queued again after Exec, and the second batch is never sent.
func queuedAfterExec(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline() // want `pipe from Pipeline has queued commands that are never sent on the path that reaches the end of the function at line 97`
	pipe.Incr(ctx, "a")
	pipe.Exec(ctx)
	pipe.Incr(ctx, "b")
}

// Handed to a helper, or returned: fine.
func handedOn(ctx context.Context, rdb *redis.Client, run func(redis.Pipeliner) error) error {
	pipe := rdb.Pipeline()
	pipe.Incr(ctx, "a")
	return run(pipe)
}

func returned(ctx context.Context, rdb *redis.Client) redis.Pipeliner {
	pipe := rdb.Pipeline()
	pipe.Incr(ctx, "a")
	return pipe
}

// A command queued on a pipeline that is thrown away.
func chained(ctx context.Context, rdb *redis.Client) {
	rdb.Pipeline().Incr(ctx, "n") // want `the Pipeliner from Pipeline queues Incr and is dropped; the command is never sent; keep the pipeline and call Exec`
	rdb.Pipeline()
	_, _ = rdb.TxPipeline().Exec(ctx)
}

// Pipelined sends what the closure queues: nothing to track.
func pipelined(ctx context.Context, rdb *redis.Client) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "n")
		return nil
	})
	return err
}

// A pipeline of a Conn, in a Watch transaction.
func onConn(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn()
	defer conn.Close()
	pipe := conn.Pipeline() // want `pipe from Pipeline queues commands that are never sent`
	pipe.Incr(ctx, "n")
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		p := tx.TxPipeline() // want `p from TxPipeline queues commands that are never sent`
		p.Incr(ctx, "n")
		return nil
	}, "n")
}

// Do with a command name that is not constant queues a command too.
func doQueued(ctx context.Context, rdb *redis.Client, args []any) {
	pipe := rdb.Pipeline() // want `pipe from Pipeline queues commands that are never sent`
	pipe.Do(ctx, args...)
}
