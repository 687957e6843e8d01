// Package a holds key helpers that package b calls: what they do to the
// keys they receive reaches b as analysis facts.
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

// Put writes key without a TTL: a pass-through wrapper, checked at its callers.
func Put(ctx context.Context, rdb redis.Cmdable, key string, v any) error {
	return rdb.HSet(ctx, key, "v", v).Err()
}
