// Package b writes keys and relies on package a for their TTLs.
package b

import (
	"context"

	"github.com/redis/go-redis/v9"

	"example.com/vetfacts/a"
)

// Covered writes a key that a.Expire expires.
func Covered(ctx context.Context, rdb redis.Cmdable, id string) error {
	if err := rdb.HSet(ctx, "profile:"+id, "name", id).Err(); err != nil {
		return err
	}
	return a.Expire(ctx, rdb, "profile:"+id)
}

// Leaks writes a key through a.Put and never expires it.
func Leaks(ctx context.Context, rdb redis.Cmdable, id string) error {
	return a.Put(ctx, rdb, "visits:"+id, 1)
}

// PutThenExpire writes through a.Put and expires the key with a.Expire.
func PutThenExpire(ctx context.Context, rdb redis.Cmdable, id string) error {
	if err := a.Put(ctx, rdb, "cart:"+id, 1); err != nil {
		return err
	}
	return a.Expire(ctx, rdb, "cart:"+id)
}
