//go:build !linux

package cgo

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func onLinux(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, k)
	}
}
