// Package unnamed: a write whose keys requirettl cannot name is reported // want package:"familyTTLs"
// when nothing on the path can set any expiry.
package unnamed

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func slices(ctx context.Context, rdb *redis.Client, ids []string) {
	pairs := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, "u:"+id, 1)
	}
	rdb.MSet(ctx, pairs...) // want `MSet of the pairs in pairs is not followed by any expiry; its keys will never expire`
	kv := map[string]any{"a": 1}
	rdb.MSetNX(ctx, kv) // want `MSetNX of the pairs in kv is not followed by any expiry`
}

func expired(ctx context.Context, rdb *redis.Client, ids []string) {
	pairs := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, "e:"+id, 1)
	}
	rdb.MSet(ctx, pairs...)
	for _, id := range ids {
		rdb.Expire(ctx, "e:"+id, time.Hour)
	}
}

// MSetAll passes its caller's pairs through unchanged: the caller names
// the keys, and the wrapper is not reported.
func MSetAll(ctx context.Context, rdb *redis.Client, pairs ...any) (string, error) {
	return rdb.MSet(ctx, pairs...).Result()
}

func msetMap(ctx context.Context, rdb redis.Cmdable, kv map[string]any) error {
	return rdb.MSetNX(ctx, kv).Err()
}

// Pairs built from a parameter are the function's own.
func msetBuilt(ctx context.Context, rdb *redis.Client, pairs ...any) {
	all := append([]any{"built", 1}, pairs...)
	rdb.MSet(ctx, all...) // want `MSet of the pairs in all is not followed by any expiry`
}
