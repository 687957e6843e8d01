// Package cgo: a package that uses cgo is analyzed like any other.
package cgo

// int one(void) { return 1; }
import "C"

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func selectOne(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn() // want `conn from Conn is never closed`
	return conn.Select(ctx, int(C.one())).Err()
}

func selectOneClosed(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn()
	defer conn.Close()
	return conn.Select(ctx, int(C.one())).Err()
}
