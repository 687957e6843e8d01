// Package conn: dedicated connections from Conn() must be closed on every path.
package conn

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A Conn closed by a defer that an early return skips.
func selectThenRead(ctx context.Context, rdb *redis.Client, db int, key string) (string, error) {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 14; it holds a pool connection until closed: defer conn.Close\(\) after Conn, or use rediskit.WithConn`
	if err := conn.Select(ctx, db).Err(); err != nil {
		return "", err
	}
	defer conn.Close()
	return conn.Get(ctx, key).Result()
}

// The same, with the defer first: fine.
func selectThenReadDeferFirst(ctx context.Context, rdb *redis.Client, db int, key string) (string, error) {
	conn := rdb.Conn()
	defer conn.Close()
	if err := conn.Select(ctx, db).Err(); err != nil {
		return "", err
	}
	return conn.Get(ctx, key).Result()
}

// Closed on the error path and at the end: fine.
func closedOnEveryPath(ctx context.Context, rdb *redis.Client, name string) error {
	conn := rdb.Conn()
	if err := conn.ClientSetName(ctx, name).Err(); err != nil {
		_ = conn.Close()
		return err
	}
	err := conn.Ping(ctx).Err()
	_ = conn.Close()
	return err
}

// Closed on the error branch only.
func closedOnOneBranch(ctx context.Context, rdb *redis.Client, name string) error {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 49`
	if err := conn.ClientSetName(ctx, name).Err(); err != nil {
		_ = conn.Close()
		return err
	}
	return conn.Ping(ctx).Err()
}

// Closed in a return statement: fine.
func closedInReturn(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn()
	conn.Ping(ctx)
	return conn.Close()
}

// Closed in both branches of an if/else: fine.
func closedInBothBranches(ctx context.Context, rdb *redis.Client, fast bool) {
	conn := rdb.Conn()
	if fast {
		conn.Ping(ctx)
		conn.Close()
	} else {
		conn.Close()
	}
}

// Closed in every case of a switch, and in a select: fine.
func closedInSwitch(ctx context.Context, rdb *redis.Client, mode int, done chan struct{}) error {
	conn := rdb.Conn()
	switch mode {
	case 0:
		return conn.Close()
	case 1:
		select {
		case <-done:
			return conn.Close()
		case <-ctx.Done():
			conn.Close()
			return ctx.Err()
		}
	default:
		defer conn.Close()
	}
	return conn.Ping(ctx).Err()
}

// A switch case that forgets it.
func switchCaseForgets(ctx context.Context, rdb *redis.Client, mode int) error {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 97`
	switch mode {
	case 0:
		return conn.Close()
	case 1:
		return conn.Ping(ctx).Err()
	}
	return conn.Close()
}
