package helpers

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Released through a helper of the same package: fine.
func serveOnce(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	defer Release(ps)
	_, err := ps.Receive(ctx)
	return err
}

// The helper comes after an early return.
func serveChecked(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 21`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	return Drain(ctx, ps)
}

// A local helper that closes it too; and a method.
func withPool(ctx context.Context, rdb *redis.Client, p Pool) {
	conn := rdb.Conn()
	conn.Ping(ctx)
	p.Put(conn)
}
