package subscribe

import (
	"context"
	"log"

	"github.com/redis/go-redis/v9"
)

// Closed in a deferred closure: fine.
func deferredClosure(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	defer func() { _ = ps.Close() }()
	_, err := ps.Receive(ctx)
	return err
}

// A deferred closure that logs the error of Close, after a nil check: fine.
func deferredClosureLogs(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	defer func() {
		if ps != nil {
			if err := ps.Close(); err != nil {
				log.Print(err)
			}
		}
	}()
	_, err := ps.Receive(ctx)
	return err
}

// The deferred closure comes after an early return.
func deferredClosureTooLate(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 36`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	defer func() { _ = ps.Close() }()
	_, err := ps.ReceiveMessage(ctx)
	return err
}

// A deferred method value closes it too: fine.
func deferredMethodValue(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	closeSub := ps.Close
	defer closeSub()
	_, err := ps.Receive(ctx)
	return err
}

// A deferred closure that only reads it does not close it.
func deferredClosureOther(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is never closed`
	defer func() { log.Print(ps.String()) }()
	_, err := ps.Receive(ctx)
	return err
}

// A deferred closure that hands it on: the analyzer cannot follow it.
func deferredClosureHandsOn(ctx context.Context, rdb *redis.Client, keep func(*redis.PubSub)) error {
	ps := rdb.Subscribe(ctx, "events")
	defer func() { keep(ps) }()
	_, err := ps.Receive(ctx)
	return err
}
