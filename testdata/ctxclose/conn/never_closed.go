package conn

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Never closed: the fix adds the defer.
func selectAndSet(ctx context.Context, rdb *redis.Client, key string) error {
	conn := rdb.Conn() // want `conn from Conn is never closed; it holds a pool connection until closed: defer conn.Close\(\) after Conn, or use rediskit.WithConn`
	if err := conn.Select(ctx, 2).Err(); err != nil {
		return err
	}
	return conn.Set(ctx, key, "v", 0).Err()
}

// A var declaration, and a function without a return statement.
func declared(ctx context.Context, rdb *redis.Client) {
	var c = rdb.Conn() // want `c from Conn is never closed`
	c.Ping(ctx)
}

// Assigned to a variable declared earlier.
func assigned(ctx context.Context, rdb *redis.Client) {
	var c *redis.Conn
	c = rdb.Conn() // want `c from Conn is never closed`
	c.Ping(ctx)
}

// Acquired in a case clause, as its last statement: no place for the fix.
func lastInCase(ctx context.Context, rdb *redis.Client, mode int) {
	var c *redis.Conn
	switch mode {
	case 1:
		c = rdb.Conn() // want `c from Conn is never closed`
	}
	_ = c
}

// Acquired in an if initializer: reported, no fix.
func inInit(ctx context.Context, rdb *redis.Client) error {
	if c := rdb.Conn(); c.Ping(ctx).Err() != nil { // want `c from Conn is never closed`
		return c.Ping(ctx).Err()
	}
	return nil
}
