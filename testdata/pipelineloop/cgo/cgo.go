// Package cgo: a package with cgo and build-constrained files.
package cgo

// int twice(int x) { return 2 * x; }
import "C"

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

func store(ctx context.Context, rdb *redis.Client, xs []int) {
	for _, x := range xs {
		v := int(C.twice(C.int(x)))
		rdb.Set(ctx, "x:"+strconv.Itoa(x), v, time.Hour) // want `Set on rdb runs once per element of xs`
	}
}
