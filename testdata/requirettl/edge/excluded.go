//go:build never

package edge

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func excluded(ctx context.Context, rdb *redis.Client) {
	rdb.Incr(ctx, "excluded")
}
