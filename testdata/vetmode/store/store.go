// Package store funnels the service's Redis calls through one package, as
// many services do; package quota calls it.
package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Decrease takes one from the counter at key: a pass-through wrapper that
// writes its key parameter without a TTL, reported at each caller that does
// not expire the key.
func Decrease(ctx context.Context, rdb redis.Cmdable, key string) error {
	return rdb.DecrBy(ctx, key, 1).Err()
}

// KeepForever removes the TTL of key: it is no expiry.
func KeepForever(ctx context.Context, rdb redis.Cmdable, key string) error {
	return rdb.Persist(ctx, key).Err()
}

// Refresh gives key a TTL.
func Refresh(ctx context.Context, rdb redis.Cmdable, key string) error {
	return rdb.Expire(ctx, key, 24*time.Hour).Err()
}
