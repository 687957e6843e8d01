// Package earlyv9 uses an early go-redis v9 release, in which
// UniversalClient declares its commands through one Cmdable interface
// rather than the per-family interfaces of later releases.
package earlyv9

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func viaUniversal(ctx context.Context, rdb redis.UniversalClient) {
	rdb.Keys(ctx, "*")        // want `KEYS on UniversalClient`
	rdb.Set(ctx, "k", "v", 0) // want `SET on UniversalClient`
}

func viaClient(ctx context.Context, rdb *redis.Client) {
	rdb.SetEx(ctx, "k", "v", 0) // want `SETEX on Client`
	rdb.Do(ctx, "KEYS", "*")    // want `KEYS on Client \(raw\)`
}
