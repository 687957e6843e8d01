// Package lib: helpers in another package, described by facts.
package lib

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Wait only uses the subscription: the caller still holds it.
func Wait(ctx context.Context, ps *redis.PubSub) error { // want Wait:`paramUse\(closes \[\], borrows \[1\]\)`
	_, err := ps.Receive(ctx)
	return err
}

// Name only uses the connection.
func Name(ctx context.Context, conn *redis.Conn, name string) error { // want Name:`paramUse\(closes \[\], borrows \[1\]\)`
	if err := conn.ClientSetName(ctx, name).Err(); err != nil {
		return fmt.Errorf("name %s: %w", name, err)
	}
	return nil
}

// Close closes it on every path.
func Close(ps *redis.PubSub) { // want Close:`paramUse\(closes \[0\], borrows \[\]\)`
	if err := ps.Close(); err != nil {
		fmt.Println(err)
	}
}

// Listener keeps what it is given.
type Listener struct{ ps *redis.PubSub }

func (l *Listener) Keep(ps *redis.PubSub) { l.ps = ps }

// Borrows through another borrowing function.
func WaitTwice(ctx context.Context, ps *redis.PubSub) error { // want WaitTwice:`paramUse\(closes \[\], borrows \[1\]\)`
	if err := Wait(ctx, ps); err != nil {
		return err
	}
	return Wait(ctx, ps)
}
