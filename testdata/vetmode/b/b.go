// Package b writes keys and calls package a's helpers.
package b

import (
	"context"

	"github.com/redis/go-redis/v9"

	"example.com/vetmode/a"
)

// Covered writes a key and hands it to a.Expire, which may expire it.
func Covered(ctx context.Context, rdb redis.Cmdable, id string) error {
	if err := rdb.HSet(ctx, "profile:"+id, "name", id).Err(); err != nil {
		return err
	}
	return a.Expire(ctx, rdb, "profile:"+id)
}

// Leaks increments a counter that never expires.
func Leaks(ctx context.Context, rdb redis.Cmdable, id string) error {
	return rdb.Incr(ctx, "visits:"+id+":n").Err()
}
