//go:build cgo

package edge

// int twice(int x) { return 2 * x; }
import "C"

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

func withCgo(ctx context.Context, rdb *redis.Client, n int) {
	k := "cgo:" + strconv.Itoa(int(C.twice(C.int(n))))
	rdb.Incr(ctx, k)
	rdb.Expire(ctx, k, time.Hour)
	rdb.Incr(ctx, "cgo-leak") // want `Incr on key "cgo-leak" is not followed`
}
