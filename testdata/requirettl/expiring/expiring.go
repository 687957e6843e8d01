// Package expiring runs with -requirettl.mode=expiring: only keys of a // want package:"familyTTLs"
// family that the module gives a TTL somewhere are reported.
package expiring

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/requirettl/facts/common"
)

func fill(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Set(ctx, "cache:"+id, 1, time.Hour)
}

func writes(ctx context.Context, rdb *redis.Client, id string, kv []any) {
	rdb.HIncrBy(ctx, "cache:"+id, "hits", 1)     // want `HIncrBy on key "cache:" \+ id is not followed by an expiry; the key will never expire, though keys "cache:"... get a TTL at expiring.go:15`
	rdb.HSet(ctx, common.SessionKey(id), "a", 1) // want `though keys "sess:"... get a TTL at github.com/redislint/redislint/testdata/requirettl/facts/common/common.go:46`
	rdb.Incr(ctx, "visits:"+id)
	rdb.MSet(ctx, kv...)
}
