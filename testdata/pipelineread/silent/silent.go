// Package silent: reads after the pipeline ran, and shapes the analysis
// does not follow.
package silent

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func afterExec(ctx context.Context, rdb *redis.Client, key string) (int64, error) {
	pipe := rdb.TxPipeline()
	incr := pipe.Incr(ctx, key)
	pipe.Expire(ctx, key, time.Minute)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, err
	}
	return incr.Val(), incr.Err()
}

func afterPipelined(ctx context.Context, rdb *redis.Client, key string) (int64, error) {
	var incr *redis.IntCmd
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		incr = pipe.Incr(ctx, key)
		pipe.Expire(ctx, key, time.Minute)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return incr.Result()
}

func execedCmders(ctx context.Context, rdb *redis.Client, keys []string) error {
	cmds, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, k := range keys {
			pipe.Get(ctx, k)
		}
		return nil
	})
	for _, c := range cmds {
		if c.Err() != nil {
			return c.Err()
		}
		fmt.Println(c.(*redis.StringCmd).Val())
	}
	pipe := rdb.Pipeline()
	pipe.Incr(ctx, "n")
	res, _ := pipe.Exec(ctx)
	fmt.Println(res[0].(*redis.IntCmd).Val())
	return err
}

func bothBranches(ctx context.Context, rdb *redis.Client, tx bool) string {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	if tx {
		_, _ = pipe.Exec(ctx)
	} else {
		_, _ = pipe.Exec(ctx)
	}
	return cmd.Val()
}

func execInClosure(ctx context.Context, rdb *redis.Client) {
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		n := pipe.Incr(ctx, "n")
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
		if n.Val() == 1 {
			pipe.Expire(ctx, "n", time.Minute)
		}
		return nil
	})
}

// handedOn: a helper may run the pipeline.
func handedOn(ctx context.Context, rdb *redis.Client) string {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	flush(ctx, pipe)
	return cmd.Val()
}

func flush(ctx context.Context, p redis.Pipeliner) { _, _ = p.Exec(ctx) }

// weak: a Pipeliner parameter may be run by any call into the module.
type batch struct{ pipe redis.Pipeliner }

func (b *batch) flush(ctx context.Context) { _, _ = b.pipe.Exec(ctx) }

func (b *batch) add(ctx context.Context, pipe redis.Pipeliner) int64 {
	n := pipe.Incr(ctx, "n")
	b.flush(ctx)
	return n.Val()
}

// notQueued: clients and transactions send at once.
func notQueued(ctx context.Context, rdb *redis.Client, c redis.Cmdable) error {
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		return err
	}
	fmt.Println(c.Get(ctx, "k").Val())
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, "k").Int()
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, "k", n+1, time.Minute)
			return nil
		})
		return err
	}, "k")
}

// reassigned: the variable holds a command that was sent.
func reassigned(ctx context.Context, rdb *redis.Client) string {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	cmd = rdb.Get(ctx, "k")
	_, _ = pipe.Exec(ctx)
	return cmd.Val() + fmt.Sprint(cmd)
}

// later: closures and goroutines run some other time.
func later(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	defer func() { fmt.Println(cmd.Val()) }()
	_, _ = pipe.Exec(ctx)
}

// notReplies: Args, Name and String describe the command, not its reply.
func notReplies(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	fmt.Println(cmd.Args(), cmd.Name(), cmd.String(), cmd.FullName())
	_, _ = pipe.Exec(ctx)
}

// own: a user's type with the same method names.
type own struct{}

func (own) Val() int   { return 1 }
func (own) Err() error { return nil }

func ownType() int { var o own; _ = o.Err(); return o.Val() }

// slices of commands are not followed.
func inSlice(ctx context.Context, rdb *redis.Client, keys []string) {
	pipe := rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(keys))
	for i, k := range keys {
		cmds[i] = pipe.Get(ctx, k)
	}
	_, _ = pipe.Exec(ctx)
	for _, c := range cmds {
		fmt.Println(c.Val())
	}
}

func generic[T redis.Pipeliner](ctx context.Context, pipe T) {
	cmd := pipe.Get(ctx, "k")
	_, _ = pipe.Exec(ctx)
	fmt.Println(cmd.Val())
}

// discarded: a read whose value is thrown away misleads, but changes
// nothing.
func discarded(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	for _, k := range keys {
		pipe.Set(ctx, k, "x", time.Minute).Err()
		_ = pipe.Expire(ctx, k, time.Minute).Val()
	}
	_, err := pipe.Exec(ctx)
	return err
}
