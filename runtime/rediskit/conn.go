package rediskit

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// WithConn runs fn on a connection of its own, taken from rdb's pool, and
// closes that connection when fn returns or panics (the panic then goes on
// unchanged). It returns fn's error, joined with the error of closing the
// connection if there is one, so errors.Is sees both. It is the Go form of a
// context manager: the connection cannot leak, whatever path fn takes.
//
// Use it for the commands that need one connection across several calls:
// SELECT, CLIENT SETNAME and other per-connection settings, WATCH with
// MULTI/EXEC written by hand (outside rdb.Watch), and blocking reads such as
// BLPOP that the caller wants to cancel without disturbing the pool (go-redis
// ends a read at the context's deadline only when the client's
// Options.ContextTimeoutEnabled is set). Do not
// use it for a plain command: rdb.Get(ctx, key) already borrows a pooled
// connection for exactly that one command, and build rdb once at startup and
// share it rather than creating a client per call.
//
// The connection is discarded when fn is done, not returned to the pool
// (redis.Client.EphemeralConn): what fn changed on it (the database, the
// name, a WATCH left behind by an early return) would otherwise reach the
// next caller that borrows it. That costs a dial the next time the pool
// needs a connection, so keep fn's work together rather than calling
// WithConn per command.
//
// fn must not keep the connection after it returns. If fn closes it
// itself, that is not an error. WithConn takes no connection and returns
// ctx's error when ctx is already done.
func WithConn(ctx context.Context, rdb *redis.Client, fn func(*redis.Conn) error) error {
	switch {
	case ctx == nil:
		return errors.New("rediskit: with conn: nil context")
	case rdb == nil:
		return errors.New("rediskit: with conn: nil client")
	case fn == nil:
		return errors.New("rediskit: with conn: nil function")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("rediskit: with conn: %w", err)
	}
	conn := rdb.EphemeralConn()
	return closeAfter(func() error { return fn(conn) }, conn.Close)
}

// closeAfter runs fn, then closeFn, also when fn panics, and returns fn's
// error joined with closeFn's. A deferred call runs while a panic unwinds,
// and the panic goes on with its own stack once closeFn returns; recovering
// and panicking again would lose that stack. redis.ErrClosed means the
// connection was already closed, by fn itself: released all the same.
func closeAfter(fn, closeFn func() error) (err error) {
	defer func() {
		if cerr := closeFn(); cerr != nil && !errors.Is(cerr, redis.ErrClosed) {
			err = errors.Join(err, fmt.Errorf("rediskit: close conn: %w", cerr))
		}
	}()
	return fn()
}
