//go:build linux

package shapes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func onLinux(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn() // want `conn from Conn is never closed`
	conn.Ping(ctx)
}
