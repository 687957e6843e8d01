// Package conditional: an expiry inside a branch covers the paths that // want package:"familyTTLs"
// skip it only when the condition reads the write's own executed reply.
package conditional

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// The write's reply decides: the key already had its TTL.
func ownReply(ctx context.Context, rdb *redis.Client, id string) error {
	n, err := rdb.Incr(ctx, "rate:"+id).Result()
	if err != nil {
		return err
	}
	if n == 1 {
		rdb.Expire(ctx, "rate:"+id, time.Minute)
	}
	cmd := rdb.Incr(ctx, "cmd:"+id)
	if cmd.Val() == 1 {
		rdb.Expire(ctx, "cmd:"+id, time.Minute)
	}
	if rdb.SetNX(ctx, "lock:"+id, 1, 0).Val() {
		rdb.Expire(ctx, "lock:"+id, time.Second)
	}
	c := rdb.HIncrBy(ctx, "h:"+id, "n", 1).Val()
	first := c == 1
	if first {
		rdb.Expire(ctx, "h:"+id, time.Hour)
	}
	switch m := rdb.Incr(ctx, "sw:"+id).Val(); {
	case m == 1:
		rdb.Expire(ctx, "sw:"+id, time.Hour)
	}
	return nil
}

// A flag, another command's reply: the path that skips the expiry leaves
// the key without one.
func otherConditions(ctx context.Context, rdb *redis.Client, id string, ttl time.Duration, fresh bool) {
	rdb.HSet(ctx, "f:"+id, "a", 1) // want `HSet on key "f:" \+ id is not followed by an expiry on the path to the end of the function`
	if ttl > 0 {
		rdb.Expire(ctx, "f:"+id, ttl)
	}
	rdb.Incr(ctx, "o:"+id) // want `Incr on key "o:" \+ id is not followed`
	if rdb.Exists(ctx, "other:"+id).Val() == 0 {
		rdb.Expire(ctx, "o:"+id, time.Hour)
	}
	n := rdb.Incr(ctx, "g:"+id).Val() // want `Incr on key "g:" \+ id is not followed`
	if n == 1 && fresh {
		rdb.Expire(ctx, "g:"+id, time.Hour)
	}
}

// A queued command's reply read before Exec is always empty: the rate
// limiter's Expire never runs.
func queued(ctx context.Context, rdb *redis.Client, id string) error {
	pipe := rdb.TxPipeline()
	n := pipe.Incr(ctx, "q:"+id) // want `Incr on key "q:" \+ id is not followed`
	if n.Val() == 1 {
		pipe.Expire(ctx, "q:"+id, time.Minute)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// After Exec the reply is there.
func executed(ctx context.Context, rdb *redis.Client, id string) error {
	pipe := rdb.TxPipeline()
	n := pipe.Incr(ctx, "x:"+id)
	if _, err := pipe.Exec(ctx); err != nil {
		return err
	}
	if n.Val() == 1 {
		rdb.Expire(ctx, "x:"+id, time.Minute)
	}
	return nil
}
