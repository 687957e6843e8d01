// Package families: when the module gives a key family a TTL somewhere, a // want package:"familyTTLs"
// write that can recreate the family without one says where. Run in both
// modes: TestRequireTTL (all) and TestExpiringMode (expiring).
package families

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func cacheKey(id string) string { return "cache:" + id }

// fill gives the cache family its TTL.
func fill(ctx context.Context, rdb *redis.Client, id string, v []byte) {
	rdb.Set(ctx, cacheKey(id), v, time.Hour)
}

// hit recreates an expired entry without a TTL: the bug users care about.
func hit(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HIncrBy(ctx, cacheKey(id), "hits", 1) // want `HIncrBy on key cacheKey\(id\) is not followed by an expiry; the key will never expire, though keys "cache:"... get a TTL at families.go:17`
}

// counted: a counter the module never expires, kept on purpose: reported
// in mode all only.
func counted(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Incr(ctx, "visits:"+id) // want `Incr on key "visits:" \+ id is not followed by an expiry; the key will never expire: add Expire`
}
