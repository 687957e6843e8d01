// Package borrow: a value passed to a function that only uses it is still
// held by the caller; one passed to a function that closes it is released.
package borrow

import (
	"context"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/ctxclose/borrow/lib"
)

func waitOnce(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "ready") // want `ps from Subscribe is never closed; it holds a connection until closed: defer ps.Close\(\)`
	return lib.WaitTwice(ctx, ps)
}

func named(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 21`
	if err := lib.Name(ctx, conn, "worker"); err != nil {
		return err
	}
	return conn.Close()
}

// Borrowed, then closed: silent.
func borrowedThenClosed(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "ready")
	defer ps.Close()
	return lib.Wait(ctx, ps)
}

// Closed by a helper of another package: silent.
func closedByHelper(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "ready")
	defer lib.Close(ps)
	return lib.Wait(ctx, ps)
}

// Kept by a method of another package: silent.
func kept(ctx context.Context, rdb *redis.Client, l *lib.Listener) {
	ps := rdb.Subscribe(ctx, "events")
	l.Keep(ps)
}

// A goroutine that borrows it keeps it for as long as it runs: silent.
func background(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events")
	go lib.Wait(ctx, ps)
}
