// Package existing: a write that keeps the TTL of an existing key is not // want package:"familyTTLs"
// reported where the key was just found to exist.
package existing

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

func exists(ctx context.Context, rdb *redis.Client, id string) error {
	n, err := rdb.Exists(ctx, "c:"+id).Result()
	if err != nil {
		return err
	}
	if n == 0 {
		return rdb.Set(ctx, "c:"+id, 1, time.Hour).Err()
	}
	return rdb.Incr(ctx, "c:"+id).Err()
}

func hexists(ctx context.Context, rdb *redis.Client, id string) {
	if rdb.HExists(ctx, "h:"+id, "n").Val() {
		rdb.HIncrBy(ctx, "h:"+id, "n", 1)
	}
	ok, _ := rdb.HExists(ctx, "h2:"+id, "n").Result()
	if !ok {
		return
	}
	rdb.HSet(ctx, "h2:"+id, "m", 1)
}

// A read that returned a value: the key is there, with whatever TTL it had.
func read(ctx context.Context, rdb *redis.Client, id string) (string, error) {
	v, err := rdb.Get(ctx, "g:"+id).Result()
	if errors.Is(err, redis.Nil) {
		return "", rdb.Set(ctx, "g:"+id, "0", time.Hour).Err()
	}
	if err != nil {
		return "", err
	}
	rdb.Append(ctx, "g:"+id, "x")
	return v, nil
}

// WATCH included: the test runs in the transaction's closure.
func watched(ctx context.Context, rdb *redis.Client, id string) error {
	k := "w:" + id
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		if tx.Exists(ctx, k).Val() != 1 {
			return nil
		}
		_, err := tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.SAdd(ctx, k, "m")
			return nil
		})
		return err
	}, k)
}

// SET, GETSET and MSET clear the TTL of the key they overwrite.
func clears(ctx context.Context, rdb *redis.Client, id string) {
	if rdb.Exists(ctx, "s:"+id).Val() == 1 {
		rdb.Set(ctx, "s:"+id, 1, 0)  // want `Set on key "s:" \+ id is not followed`
		rdb.GetSet(ctx, "gs:"+id, 1) // want `GetSet on key "gs:" \+ id is not followed`
	}
}

// A test of another key, or a path that did not test: reported.
func notFound(ctx context.Context, rdb *redis.Client, id string, force bool) {
	if rdb.Exists(ctx, "other:"+id).Val() == 1 {
		rdb.Incr(ctx, "n:"+id) // want `Incr on key "n:" \+ id is not followed`
	}
	if force || rdb.Exists(ctx, "m:"+id).Val() == 1 {
		rdb.Incr(ctx, "m:"+id) // want `Incr on key "m:" \+ id is not followed`
	}
	if rdb.Exists(ctx, "z:"+id).Val() == 0 {
		rdb.Incr(ctx, "z:"+id) // want `Incr on key "z:" \+ id is not followed`
	}
}
