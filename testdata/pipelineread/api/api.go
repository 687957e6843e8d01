// Package api pins what internal/queued answers: each read of a pending
// reply ("read <accessor> of <command>, always|sometimes, run by <runner>")
// and each condition whose value the empty replies decide ("cond true|false").
package api

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func closure(ctx context.Context, rdb *redis.Client, key string) {
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		res := pipe.Incr(ctx, key)
		if res.Val() == 1 { // want `read Val of Incr, always, run by Pipelined` `cond false`
			pipe.Expire(ctx, key, time.Minute)
		}
		return nil
	})
}

func errCheck(ctx context.Context, rdb *redis.Client) error {
	pipe := rdb.TxPipeline()
	cmd := pipe.Set(ctx, "k", "v", time.Minute)
	if err := cmd.Err(); err != nil { // want `read Err of Set, always, run by Exec` `cond false`
		return err
	}
	_, err := pipe.Exec(ctx)
	return err
}

func direct(ctx context.Context, pipe redis.Pipeliner) string {
	return pipe.Get(ctx, "k").Val() // want `read Val of Get, always, run by none`
}

func typed(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	get := pipe.Get(ctx, "k")
	n, err := get.Int64() // want `read Int64 of Get, always, run by Exec`
	fmt.Println(n, err)
	_, _ = pipe.Exec(ctx)
}

func methodValue(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	val := cmd.Val
	c2 := cmd
	fmt.Println(val())    // want `read Val of Get, always, run by Exec`
	fmt.Println(c2.Err()) // want `read Err of Get, always, run by Exec`
	_, _ = pipe.Exec(ctx)
	fmt.Println(val(), c2.Err())
}

func somePath(ctx context.Context, rdb *redis.Client, flush bool) {
	pipe := rdb.Pipeline()
	cmd := pipe.Incr(ctx, "n")
	if flush {
		_, _ = pipe.Exec(ctx)
	}
	if cmd.Val() > 3 { // want `read Val of Incr, sometimes, run by none` `reads queued`
		fmt.Println("many")
	}
}

func unknownLimit(ctx context.Context, rdb *redis.Client, limit int64) {
	_, _ = rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		n := pipe.Incr(ctx, "n").Val() // want `read Val of Incr, always, run by TxPipelined`
		if n > limit {                 // want `reads queued`
			return errors.New("over")
		}
		for n >= 1 { // want `cond false`
			pipe.Decr(ctx, "n")
		}
		return nil
	})
}

func zeroVars(ctx context.Context, rdb *redis.Client) error {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	v, err := cmd.Result()                    // want `read Result of Get, always, run by Exec`
	if errors.Is(err, redis.Nil) || v == "" { // want `cond true`
		fmt.Println("absent")
	}
	if err == redis.Nil { // want `cond false`
		return nil
	}
	if err != nil && v != "x" { // want `cond false`
		return err
	}
	n := pipe.Incr(ctx, "n")
	if len(cmd.Val()) == 0 || n.Val() > 0 { // want `read Val of Get, always, run by Exec` `read Val of Incr, always, run by Exec` `cond true`
		fmt.Println("empty")
	}
	_, err = pipe.Exec(ctx)
	return err
}

// neverTaken: the read inside a branch that is never taken is not one.
func neverTaken(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	if cmd.Err() != nil { // want `read Err of Get, always, run by Exec` `cond false`
		fmt.Println(cmd.Val())
	}
	_, _ = pipe.Exec(ctx)
}

func afterExec(ctx context.Context, rdb *redis.Client, flag bool) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	if flag {
		_, _ = pipe.Exec(ctx)
	} else {
		_, _ = pipe.Exec(ctx)
	}
	if cmd.Err() != nil {
		fmt.Println(cmd.Val())
	}
	cmds, _ := pipe.Exec(ctx)
	for _, c := range cmds {
		fmt.Println(c.Err())
	}
}

func assignedInClosure(ctx context.Context, rdb *redis.Client) int64 {
	var n *redis.IntCmd
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		n = pipe.Incr(ctx, "n")
		return nil
	})
	return n.Val()
}

func handedOn(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	run(ctx, pipe)
	fmt.Println(cmd.Val())
	fmt.Println(pipe.Get(ctx, "j").Val()) // want `read Val of Get, always, run by none`
}

func run(ctx context.Context, p redis.Pipeliner) { _, _ = p.Exec(ctx) }

// weak: a Pipeliner parameter may be run by any call outside the standard
// library and go-redis.
func weak(ctx context.Context, pipe redis.Pipeliner, flush func()) {
	a := pipe.Get(ctx, "a")
	fmt.Println(a.Val()) // want `read Val of Get, always, run by none`
	flush()
	fmt.Println(a.Val())
}

func nested(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	defer func() { fmt.Println(cmd.Val()) }()
	_, _ = pipe.Exec(ctx)
}

func deferredExec(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	defer pipe.Exec(ctx)
	cmd := pipe.Get(ctx, "k")
	fmt.Println(cmd.Val()) // want `read Val of Get, always, run by none`
}

func loop(ctx context.Context, rdb *redis.Client, keys []string) {
	pipe := rdb.Pipeline()
	var last *redis.StringCmd
	for _, k := range keys {
		if last != nil {
			fmt.Println(last.Val()) // want `read Val of Get, sometimes, run by Exec`
		}
		last = pipe.Get(ctx, k)
	}
	_, _ = pipe.Exec(ctx)
	fmt.Println(last.Val())
}

func addressed(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	p := &cmd
	fmt.Println(cmd.Val(), p)
	_, _ = pipe.Exec(ctx)
}

func notAPipeline(ctx context.Context, rdb *redis.Client) {
	cmd := rdb.Get(ctx, "k")
	if cmd.Err() != nil {
		fmt.Println(cmd.Val())
	}
	_ = rdb.Watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, "k").Int()
		fmt.Println(n, err, cmd.String())
		return err
	}, "k")
}

// early: go-redis checks some arguments as it builds the command.
func early(ctx context.Context, pipe redis.Pipeliner, args []any) {
	if err := pipe.Do(ctx).Err(); err != nil {
		fmt.Println(err)
	}
	if err := pipe.Do(ctx, args...).Err(); err != nil {
		fmt.Println(err)
	}
	if err := pipe.ZPopMin(ctx, "z", 1, 2).Err(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(pipe.LPop(ctx, "l").Err())   // want `read Err of LPop, always, run by none`
	fmt.Println(pipe.Do(ctx, args...).Val()) // want `read Val of Do, always, run by none`
}
