// Package writes: every write that can create a key, without a TTL, is
// reported; the variants that only touch existing keys are not.
package writes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func creates(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Set(ctx, "s:"+id, 1, 0)                                                   // want `Set on key "s:" \+ id is not followed by an expiry; the key will never expire: add Expire after the write`
	rdb.SetNX(ctx, "nx:"+id, 1, 0)                                                // want `SetNX on key "nx:" \+ id is not followed by an expiry`
	rdb.SetArgs(ctx, "args:"+id, 1, redis.SetArgs{})                              // want `SetArgs on key "args:" \+ id is not followed`
	rdb.SetArgs(ctx, "nxa:"+id, 1, redis.SetArgs{Mode: "NX"})                     // want `SetArgs on key "nxa:" \+ id is not followed`
	rdb.GetSet(ctx, "gs:"+id, 1)                                                  // want `GetSet on key "gs:" \+ id`
	rdb.MSet(ctx, "m1:"+id, 1, "m2:"+id, 2)                                       // want `MSet on key "m1:" \+ id`
	rdb.MSetNX(ctx, "mnx:"+id, 1)                                                 // want `MSetNX on key "mnx:" \+ id`
	rdb.HSet(ctx, "h:"+id, "f", 1)                                                // want `HSet on key "h:" \+ id`
	rdb.HMSet(ctx, "hm:"+id, "f", 1)                                              // want `HMSet on key "hm:" \+ id`
	rdb.HSetNX(ctx, "hnx:"+id, "f", 1)                                            // want `HSetNX on key "hnx:" \+ id`
	rdb.HIncrBy(ctx, "hi:"+id, "f", 1)                                            // want `HIncrBy on key "hi:" \+ id`
	rdb.HIncrByFloat(ctx, "hf:"+id, "f", 1)                                       // want `HIncrByFloat on key "hf:" \+ id`
	rdb.LPush(ctx, "lp:"+id, 1)                                                   // want `LPush on key "lp:" \+ id`
	rdb.RPush(ctx, "rp:"+id, 1)                                                   // want `RPush on key "rp:" \+ id`
	rdb.SAdd(ctx, "sa:"+id, 1)                                                    // want `SAdd on key "sa:" \+ id`
	rdb.ZAdd(ctx, "z:"+id, redis.Z{Score: 1, Member: id})                         // want `ZAdd on key "z:" \+ id`
	rdb.ZAddNX(ctx, "znx:"+id, redis.Z{})                                         // want `ZAddNX on key "znx:" \+ id`
	rdb.ZAddGT(ctx, "zgt:"+id, redis.Z{})                                         // want `ZAddGT on key "zgt:" \+ id`
	rdb.ZAddArgs(ctx, "za:"+id, redis.ZAddArgs{})                                 // want `ZAddArgs on key "za:" \+ id`
	rdb.ZIncrBy(ctx, "zi:"+id, 1, id)                                             // want `ZIncrBy on key "zi:" \+ id`
	rdb.Incr(ctx, "i:"+id)                                                        // want `Incr on key "i:" \+ id`
	rdb.IncrBy(ctx, "ib:"+id, 2)                                                  // want `IncrBy on key "ib:" \+ id`
	rdb.IncrByFloat(ctx, "if:"+id, 2)                                             // want `IncrByFloat on key "if:" \+ id`
	rdb.Decr(ctx, "d:"+id)                                                        // want `Decr on key "d:" \+ id`
	rdb.DecrBy(ctx, "db:"+id, 2)                                                  // want `DecrBy on key "db:" \+ id`
	rdb.Append(ctx, "ap:"+id, "x")                                                // want `Append on key "ap:" \+ id`
	rdb.SetRange(ctx, "sr:"+id, 0, "x")                                           // want `SetRange on key "sr:" \+ id`
	rdb.SetBit(ctx, "sb:"+id, 0, 1)                                               // want `SetBit on key "sb:" \+ id`
	rdb.PFAdd(ctx, "pf:"+id, id)                                                  // want `PFAdd on key "pf:" \+ id`
	rdb.GeoAdd(ctx, "geo:"+id, &redis.GeoLocation{})                              // want `GeoAdd on key "geo:" \+ id`
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "x:" + id, Values: []string{"a", "b"}}) // want `XAdd on key "x:" \+ id`
}

func destinations(ctx context.Context, rdb *redis.Client, id string) {
	rdb.LMove(ctx, "src", "lm:"+id, "LEFT", "RIGHT") // want `LMove on key "lm:" \+ id`
	rdb.RPopLPush(ctx, "src", "rpl:"+id)             // want `RPopLPush on key "rpl:" \+ id`
	rdb.SUnionStore(ctx, "su:"+id, "a", "b")         // want `SUnionStore on key "su:" \+ id`
	rdb.SInterStore(ctx, "si:"+id, "a", "b")         // want `SInterStore on key "si:" \+ id`
	rdb.ZUnionStore(ctx, "zu:"+id, &redis.ZStore{})  // want `ZUnionStore on key "zu:" \+ id`
	rdb.BitOpAnd(ctx, "ba:"+id, "a", "b")            // want `BitOpAnd on key "ba:" \+ id`
	rdb.PFMerge(ctx, "pm:"+id, "a")                  // want `PFMerge on key "pm:" \+ id`
	rdb.Copy(ctx, "src", "cp:"+id, 0, false)         // want `Copy on key "cp:" \+ id`
}

// existingOnly: these commands never create a key.
func existingOnly(ctx context.Context, rdb *redis.Client, id string) {
	rdb.LPushX(ctx, "lpx:"+id, 1)
	rdb.RPushX(ctx, "rpx:"+id, 1)
	rdb.ZAddXX(ctx, "zxx:"+id, redis.Z{})
	rdb.SetXX(ctx, "sxx:"+id, 1, 0)
	rdb.SetArgs(ctx, "axx:"+id, 1, redis.SetArgs{Mode: "XX"})
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "nomk:" + id, NoMkStream: true, Values: []string{"a", "b"}})
	rdb.ZAddArgs(ctx, "zaxx:"+id, redis.ZAddArgs{XX: true, Members: []redis.Z{{Score: 1, Member: id}}})
	rdb.XGroupCreateMkStream(ctx, "stream:"+id, "workers", "$") // an empty stream that XAdd fills
}

// reads and deletes create nothing.
func reads(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Get(ctx, "s:"+id)
	rdb.HGetAll(ctx, "h:"+id)
	rdb.Del(ctx, "h:"+id)
	rdb.LPop(ctx, "lp:"+id)
}

// receivers: every go-redis receiver that can write is checked.
func receivers(ctx context.Context, c redis.Cmdable, u redis.UniversalClient, cc *redis.ClusterClient, ring *redis.Ring) {
	c.HSet(ctx, "c", "f", 1)               // want `HSet on key "c"`
	u.SAdd(ctx, "u", 1)                    // want `SAdd on key "u"`
	cc.LPush(ctx, "cc", 1)                 // want `LPush on key "cc"`
	ring.Incr(ctx, "ring")                 // want `Incr on key "ring"`
	(*redis.Client).Incr(nil, ctx, "expr") // want `Incr on key "expr"`
}

type Store struct{ *redis.Client }

func generic[C redis.Cmdable](ctx context.Context, c C, s Store) {
	c.Incr(ctx, "g")         // want `Incr on key "g"`
	s.Incr(ctx, "s")         // want `Incr on key "s"`
	s.Client.Incr(ctx, "sc") // want `Incr on key "sc"`
}

// A user type whose methods share go-redis names is not go-redis.
type fake struct{}

func (fake) HSet(ctx context.Context, key string, values ...any) error { return nil }

func notRedis(ctx context.Context, f fake) {
	_ = f.HSet(ctx, "x", "f", 1)
}
