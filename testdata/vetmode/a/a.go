// Package a holds key helpers that package b calls.
package a

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Expire sets a TTL on key.
func Expire(ctx context.Context, rdb redis.Cmdable, key string) error {
	return rdb.Expire(ctx, key, time.Hour).Err()
}

// Put writes key without a TTL: a pass-through wrapper, checked at its
// callers in this package.
func Put(ctx context.Context, rdb redis.Cmdable, key string, v any) error {
	return rdb.HSet(ctx, key, "v", v).Err()
}

// Visit writes through Put and never expires the key.
func Visit(ctx context.Context, rdb redis.Cmdable, id string) error {
	return Put(ctx, rdb, "visits:"+id, 1)
}
