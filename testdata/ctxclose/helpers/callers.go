package helpers

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Each caller returns early on an error and then passes the value to a
// helper: the early return leaks, whatever the helper does with it.

func useRelease(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "c") // want `ps from Subscribe is not closed on the path through the return at line 15`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	Release(ps)
	return nil
}

func useFinish(ctx context.Context) error {
	rdb := redis.NewClient(&redis.Options{}) // want `rdb from NewClient is not closed on the path through the return at line 24`
	if err := rdb.Ping(ctx).Err(); err != nil {
		return err
	}
	return Finish(ctx, rdb)
}

func usePut(ctx context.Context, rdb *redis.Client, p Pool) error {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 32`
	if err := conn.Ping(ctx).Err(); err != nil {
		return err
	}
	p.Put(conn)
	return nil
}

func useKeep(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "c") // want `ps from Subscribe is not closed on the path through the return at line 41`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	Keep(ps)
	return nil
}

// Handed to a helper on every path: the helper owns it, silent.
func useDeferred(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "c")
	defer ReleaseSometimes(ps, true)
	_, err := ps.Receive(ctx)
	return err
}

func useCloseAll(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "c")
	CloseAll(ps)
}
