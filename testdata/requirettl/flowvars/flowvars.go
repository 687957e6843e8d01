// Package flowvars: which write a variable belongs to follows reaching // want package:"familyTTLs"
// definitions.
package flowvars

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// An err reassigned by a later call is that call's error, not the write's:
// returning on it does not mean the write failed.
func reassigned(ctx context.Context, rdb *redis.Client, id, s string) (int, error) {
	err := rdb.HSet(ctx, "r:"+id, "a", 1).Err() // want `HSet on key "r:" \+ id is not followed by an expiry on the path through the return at line 20`
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	rdb.Expire(ctx, "r:"+id, time.Hour)
	return n, nil
}

// The write's own error, checked after another statement, still is.
func ownErr(ctx context.Context, rdb *redis.Client, id, s string) (int, error) {
	err := rdb.HSet(ctx, "o:"+id, "a", 1).Err()
	n, convErr := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	rdb.Expire(ctx, "o:"+id, time.Hour)
	return n, convErr
}

type event struct{ ID string }

// A variable whose address was taken is unstable only after a call that
// can write through it: the key built after json.Unmarshal is compared.
func unmarshaled(ctx context.Context, rdb *redis.Client, b []byte) error {
	var ev event
	if err := json.Unmarshal(b, &ev); err != nil {
		return err
	}
	rdb.SAdd(ctx, "ev:"+ev.ID, 1)
	rdb.Expire(ctx, "ev:"+ev.ID, time.Hour)
	rdb.SAdd(ctx, "nx:"+ev.ID, 1) // want `SAdd on key "nx:" \+ ev.ID is not followed`
	return nil
}

// After a call that can write through the address, the same expression
// names another key.
func rewritten(ctx context.Context, rdb *redis.Client, b, c []byte) {
	var ev event
	_ = json.Unmarshal(b, &ev)
	rdb.SAdd(ctx, "rw:"+ev.ID, 1) // want `SAdd on key "rw:" \+ ev.ID is not followed`
	_ = json.Unmarshal(c, &ev)
	rdb.Expire(ctx, "rw:"+ev.ID, time.Hour)
}
