// Package v8: the same rules on go-redis v8. // want package:"familyTTLs"
package v8

import (
	"context"
	"time"

	"github.com/go-redis/redis/v8"
)

func writes(ctx context.Context, rdb *redis.Client, u redis.UniversalClient, id string) error {
	rdb.HSet(ctx, "h:"+id, "a", 1) // want `HSet on key "h:" \+ id is not followed by an expiry`
	rdb.Set(ctx, "s:"+id, 1, 0)    // want `Set on key "s:" \+ id is not followed`
	rdb.SetEX(ctx, "ex:"+id, 1, time.Hour)
	u.ZAdd(ctx, "z:"+id, &redis.Z{Score: 1, Member: id}) // want `ZAdd on key "z:" \+ id is not followed`
	u.ZAddXX(ctx, "zxx:"+id, &redis.Z{Score: 1, Member: id})
	u.ZIncr(ctx, "zi:"+id, &redis.Z{Score: 1, Member: id}) // want `ZIncr on key "zi:" \+ id is not followed`
	u.ZIncrXX(ctx, "zixx:"+id, &redis.Z{Score: 1, Member: id})
	u.LPush(ctx, "l:"+id, 1)
	u.LTrim(ctx, "l:"+id, 0, 9)
	if err := rdb.Incr(ctx, "i:"+id).Err(); err != nil {
		return err
	}
	rdb.ExpireNX(ctx, "i:"+id, time.Hour)
	rdb.SAdd(ctx, "xx:"+id, 1) // want `SAdd on key "xx:" \+ id is not followed`
	rdb.ExpireXX(ctx, "xx:"+id, time.Hour)
	return nil
}

func early(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.SAdd(ctx, "e:"+id, 1) // want `SAdd on key "e:" \+ id is not followed by an expiry on the path through the return at line 33`
	if id == "" {
		return nil
	}
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Expire(ctx, "e:"+id, time.Hour)
		return nil
	})
	return err
}

// Put is a pass-through wrapper.
func Put(ctx context.Context, rdb redis.Cmdable, key string) error { // want Put:`writesKey\(2 RPush\)`
	return rdb.RPush(ctx, key, 1).Err()
}

// Expire expires its key.
func Expire(ctx context.Context, rdb redis.Cmdable, key string) { // want Expire:`expiresKey\(2\)`
	rdb.PExpire(ctx, key, time.Hour)
}

func callers(ctx context.Context, rdb *redis.Client) {
	_ = Put(ctx, rdb, "p1") // want `RPush through Put on key "p1" is not followed`
	_ = Put(ctx, rdb, "p2")
	Expire(ctx, rdb, "p2")
}

func streams(ctx context.Context, rdb *redis.Client, id string) {
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "capped:" + id, MaxLenApprox: 1000, Values: []string{"a", "b"}})
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "uncapped:" + id, Values: []string{"a", "b"}}) // want `XAdd on key "uncapped:" \+ id is not followed`
	rdb.SetArgs(ctx, "lock:"+id, 1, redis.SetArgs{Mode: "NX"})                           // want `SetArgs on key "lock:" \+ id is not followed`
	rdb.SetArgs(ctx, "lockttl:"+id, 1, redis.SetArgs{Mode: "NX", TTL: time.Minute})
	rdb.HSet(ctx, "loop:"+id, "a", 1) // want `HSet on key "loop:" \+ id is not followed by an expiry on the path through the return at line 66`
	for i := 0; i < 3; i++ {
		if i == 2 {
			return
		}
	}
	rdb.Expire(ctx, "loop:"+id, time.Hour)
}
