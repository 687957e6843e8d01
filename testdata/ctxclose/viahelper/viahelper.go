// Package viahelper: passing a value to another package's helper that
// closes it releases it (a fact), and one that may keep it hands it on, on
// that path; a path that returns before it still leaks.
package viahelper

import (
	"context"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/ctxclose/helpers"
)

func serve(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	defer helpers.Release(ps)
	_, err := ps.Receive(ctx)
	return err
}

func serveChecked(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 24`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	helpers.Shutdown(ps)
	return nil
}

// A helper that keeps what it is given: silent.
func serveKept(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events")
	helpers.Keep(ps)
}

// A helper that closes the first argument only when asked: its argument
// is handed on all the same.
func serveSometimes(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events")
	helpers.ReleaseSometimes(ps, false)
}
