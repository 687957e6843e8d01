//go:build linux || darwin || windows

package edge

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func tagged(ctx context.Context, rdb *redis.Client) {
	rdb.Incr(ctx, "tagged") // want `Incr on key "tagged" is not followed`
}
