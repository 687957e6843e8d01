// Package testfiles: code in _test.go files is not checked; the same code
// outside one is.
package testfiles

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ping(ctx context.Context, rdb *redis.Client) error {
	return rdb.Conn().Ping(ctx).Err() // want `the Conn from Conn is used for Ping and never closed`
}
