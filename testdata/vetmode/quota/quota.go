// Package quota reaches Redis only through package store's helpers.
package quota

import (
	"context"

	"github.com/redis/go-redis/v9"

	"example.com/vetmode/store"
)

// Spend decrements a quota counter that nothing ever expires: when its
// cached entry is gone, the counter is recreated without a TTL.
func Spend(ctx context.Context, rdb redis.Cmdable, user string) error {
	return store.Decrease(ctx, rdb, "quota:"+user)
}

// SpendDaily gives the counter a TTL through the helper.
func SpendDaily(ctx context.Context, rdb redis.Cmdable, user string) error {
	if err := store.Decrease(ctx, rdb, "daily:"+user); err != nil {
		return err
	}
	return store.Refresh(ctx, rdb, "daily:"+user)
}

// Pin writes a key and then removes any TTL it had: Persist is no expiry.
func Pin(ctx context.Context, rdb redis.Cmdable, user string) error {
	if err := rdb.Set(ctx, "pin:"+user, 1, 0).Err(); err != nil {
		return err
	}
	return store.KeepForever(ctx, rdb, "pin:"+user)
}
