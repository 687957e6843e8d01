package conn

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A Conn thrown away, or used once and thrown away, can never be closed.
func dropped(ctx context.Context, rdb *redis.Client) string {
	rdb.Conn()                            // want `the Conn from Conn is discarded and never closed; keep it in a variable and defer its Close, or use rediskit.WithConn`
	_ = rdb.Conn()                        // want `the Conn from Conn is discarded and never closed`
	return rdb.Conn().Get(ctx, "k").Val() // want `the Conn from Conn is used for Get and never closed`
}

// Closed right away, or handed on: fine.
func notDropped(ctx context.Context, rdb *redis.Client, keep func(*redis.Conn)) {
	defer rdb.Conn().Close()
	keep(rdb.Conn())
	_ = []*redis.Conn{rdb.Conn()}
}

// EphemeralConn hands out a Conn too.
func ephemeral(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.EphemeralConn() // want `conn from EphemeralConn is not closed on the path through the return at line 27`
	if err := conn.Select(ctx, 1).Err(); err != nil {
		return err
	}
	defer conn.Close()
	return conn.Set(ctx, "k", "v", 0).Err()
}
