// Package fields: hash-field expiry counts for a hash write when it covers
// every field that write set; the hash goes with its last field.
package fields

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func everyField(ctx context.Context, rdb *redis.Client, id string, fields map[string]any) {
	rdb.HSet(ctx, "a:"+id, "x", 1, "y", 2)
	rdb.HExpire(ctx, "a:"+id, time.Hour, "x", "y")
	rdb.HSetNX(ctx, "b:"+id, "x", 1)
	rdb.HPExpireAt(ctx, "b:"+id, time.Now().Add(time.Hour), "x")
	rdb.HIncrBy(ctx, "c:"+id, "n", 1)
	rdb.HGetEXWithArgs(ctx, "c:"+id, &redis.HGetEXOptions{ExpirationType: redis.HGetEXExpirationEX, ExpirationVal: 60}, "n")
	rdb.HSet(ctx, "m:"+id, fields) // fields that cannot be listed may be these
	rdb.HExpire(ctx, "m:"+id, time.Hour, "x")
}

func otherFields(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "o:"+id, "x", 1, "y", 2) // want `HSet on key "o:" \+ id is not followed`
	rdb.HExpire(ctx, "o:"+id, time.Hour, "x")
	rdb.HIncrBy(ctx, "p:"+id, "n", 1) // want `HIncrBy on key "p:" \+ id is not followed`
	rdb.HGetEXWithArgs(ctx, "p:"+id, &redis.HGetEXOptions{ExpirationType: redis.HGetEXExpirationPERSIST}, "n")
	rdb.HIncrBy(ctx, "q:"+id, "n", 1) // want `HIncrBy on key "q:" \+ id is not followed`
	rdb.HGetEX(ctx, "q:"+id, "n")
	rdb.SAdd(ctx, "s:"+id, "x") // want `SAdd on key "s:" \+ id is not followed`
	rdb.HExpire(ctx, "s:"+id, time.Hour, "x")
}
