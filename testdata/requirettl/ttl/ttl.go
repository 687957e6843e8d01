// Package ttl: which expiries count for a freshly written key. // want package:"familyTTLs"
package ttl

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

const day = 24 * time.Hour

// withTTL: writes that carry a TTL are fine on their own.
func withTTL(ctx context.Context, rdb *redis.Client, ttl time.Duration, at time.Time) {
	rdb.Set(ctx, "a", 1, time.Minute)
	rdb.Set(ctx, "b", 1, ttl) // a duration that is not a constant is trusted
	rdb.Set(ctx, "c", 1, redis.KeepTTL)
	rdb.SetNX(ctx, "d", 1, day)
	rdb.SetEx(ctx, "e", 1, time.Hour)
	rdb.SetArgs(ctx, "f", 1, redis.SetArgs{TTL: time.Hour})
	rdb.SetArgs(ctx, "g", 1, redis.SetArgs{Mode: "NX", ExpireAt: at})
	rdb.SetArgs(ctx, "h", 1, redis.SetArgs{KeepTTL: true})
	args := redis.SetArgs{TTL: ttl}
	rdb.SetArgs(ctx, "i", 1, args)
}

// expiries: each of these sets a TTL on a key that has none.
func expiries(ctx context.Context, rdb *redis.Client, at time.Time) {
	rdb.HSet(ctx, "e1", "f", 1)
	rdb.Expire(ctx, "e1", time.Hour)
	rdb.HSet(ctx, "e2", "f", 1)
	rdb.ExpireAt(ctx, "e2", at)
	rdb.HSet(ctx, "e3", "f", 1)
	rdb.PExpire(ctx, "e3", time.Hour)
	rdb.HSet(ctx, "e4", "f", 1)
	rdb.PExpireAt(ctx, "e4", at)
	rdb.HSet(ctx, "e5", "f", 1)
	rdb.ExpireNX(ctx, "e5", time.Hour)
	rdb.HSet(ctx, "e6", "f", 1)
	rdb.ExpireLT(ctx, "e6", time.Hour)
	rdb.Incr(ctx, "e7")
	rdb.Set(ctx, "e7", 1, time.Hour) // a later write with a TTL
	rdb.SAdd(ctx, "e8", 1)
	rdb.Do(ctx, "expire", "e8", 60) // a raw EXPIRE with a constant name
}

// notExpiries: ExpireXX and ExpireGT do nothing to a key without a TTL;
// hash-field expiry of other fields than the write set leaves the hash;
// Persist removes a TTL.
func notExpiries(ctx context.Context, rdb *redis.Client) {
	rdb.HSet(ctx, "n1", "f", 1) // want `HSet on key "n1" is not followed by an expiry; the key will never expire`
	rdb.ExpireXX(ctx, "n1", time.Hour)
	rdb.HSet(ctx, "n2", "f", 1) // want `HSet on key "n2" is not followed by an expiry`
	rdb.ExpireGT(ctx, "n2", time.Hour)
	rdb.HSet(ctx, "n3", "f", 1, "g", 2) // want `HSet on key "n3" is not followed by an expiry`
	rdb.HExpire(ctx, "n3", time.Hour, "f")
	rdb.HSet(ctx, "n4", "f", 1) // want `HSet on key "n4" is not followed by an expiry`
	rdb.Persist(ctx, "n4")
	rdb.Set(ctx, "n5", 1, redis.KeepTTL)
	rdb.HSet(ctx, "n6", "f", 1)          // want `HSet on key "n6"`
	rdb.Set(ctx, "n6", 1, redis.KeepTTL) // keeps "no TTL"
	rdb.HSet(ctx, "n7", "f", 1)          // want `HSet on key "n7"`
	rdb.GetEx(ctx, "n7", 0)              // GETEX ... PERSIST
}

// order: an expiry before the write does not count.
func order(ctx context.Context, rdb *redis.Client) {
	rdb.Expire(ctx, "o", time.Hour)
	rdb.HSet(ctx, "o", "f", 1) // want `HSet on key "o" is not followed by an expiry; the key`
}

// bounded keys: a capped stream, a list trimmed after the push.
func bounded(ctx context.Context, rdb *redis.Client, id string) {
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "events", MaxLen: 1000, Approx: true, Values: map[string]any{"id": id}})
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "audit", MinID: "0-1", Values: map[string]any{"id": id}})
	rdb.LPush(ctx, "recent", id)
	rdb.LTrim(ctx, "recent", 0, 99)
	rdb.RPush(ctx, "untrimmed", id) // want `RPush on key "untrimmed"`
	rdb.LTrim(ctx, "other", 0, 99)
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "uncapped", Values: map[string]any{"id": id}}) // want `XAdd on key "uncapped"`
}

// hashFields: HSETEX with EX expires every field it sets, and the hash
// with the last one; without an expiration it is a plain write.
func hashFields(ctx context.Context, rdb *redis.Client, id string) {
	opts := &redis.HSetEXOptions{ExpirationType: redis.HSetEXExpirationEX, ExpirationVal: 60}
	rdb.HSetEXWithArgs(ctx, "hf:"+id, opts, "a", "1")
	rdb.HSetEXWithArgs(ctx, "hk:"+id, &redis.HSetEXOptions{ExpirationType: redis.HSetEXExpirationKEEPTTL}, "a", "1") // want `HSetEXWithArgs on key "hk:" \+ id`
	rdb.HSetEX(ctx, "hx:"+id, "a", "1")                                                                              // want `HSetEX on key "hx:" \+ id`
}

// removed keys do not live forever: a temporary destination deleted
// after use, a key renamed away.
func removed(ctx context.Context, rdb *redis.Client, id string) ([]string, error) {
	tmp := "tmp:" + id
	rdb.SInterStore(ctx, tmp, "a", "b")
	members, err := rdb.SMembers(ctx, tmp).Result()
	rdb.Del(ctx, "other", tmp)
	rdb.SUnionStore(ctx, "u:"+id, "a", "b")
	defer rdb.Unlink(ctx, "u:"+id)
	rdb.Incr(ctx, "r:"+id)
	rdb.Rename(ctx, "r:"+id, "r2:"+id)
	rdb.Incr(ctx, "kept:"+id) // want `Incr on key "kept:" \+ id is not followed`
	rdb.Del(ctx, "other:"+id)
	return members, err
}
