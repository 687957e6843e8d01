package rediskit

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
)

// newConnClient returns a client with a one-connection pool on a fresh
// miniredis, so a connection that leaked or came back with changed state
// shows in the next command.
func newConnClient(t *testing.T) (*miniredis.Miniredis, *redis.Client) {
	t.Helper()
	m := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr(), PoolSize: 1, PoolTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	return m, rdb
}

func TestWithConnRunsFnOnOneConnectionAndClosesIt(t *testing.T) {
	t.Parallel()
	m, rdb := newConnClient(t)
	ctx := t.Context()

	var held *redis.Conn
	err := WithConn(ctx, rdb, func(conn *redis.Conn) error {
		held = conn
		// SELECT holds for the following commands of this connection only.
		if err := conn.Select(ctx, 2).Err(); err != nil {
			return err
		}
		return conn.Set(ctx, "greeting", "hello", time.Minute).Err()
	})
	if err != nil {
		t.Fatalf("WithConn: %v", err)
	}
	if got, err := m.DB(2).Get("greeting"); err != nil || got != "hello" {
		t.Errorf("db 2 greeting = %q, %v; want hello", got, err)
	}
	if err := held.Ping(ctx).Err(); !errors.Is(err, redis.ErrClosed) {
		t.Errorf("Ping on the Conn after WithConn = %v, want redis.ErrClosed", err)
	}
	// The pool's only connection is not the one that selected db 2.
	if err := rdb.Get(ctx, "greeting").Err(); !errors.Is(err, redis.Nil) {
		t.Errorf("Get on db 0 after WithConn = %v, want redis.Nil: the SELECT reached the pool", err)
	}
	if st := rdb.PoolStats(); st.TotalConns != st.IdleConns {
		t.Errorf("pool after WithConn: %d connections, %d idle; want none in use", st.TotalConns, st.IdleConns)
	}
}

func TestWithConnNeverLeaksFromAOneConnectionPool(t *testing.T) {
	t.Parallel()
	_, rdb := newConnClient(t)
	ctx := t.Context()
	boom := errors.New("boom")
	for i := range 20 {
		err := WithConn(ctx, rdb, func(conn *redis.Conn) error {
			if err := conn.Ping(ctx).Err(); err != nil {
				return err
			}
			if i%2 == 0 {
				return boom // an early return must release it too
			}
			return nil
		})
		if err != nil && !errors.Is(err, boom) {
			t.Fatalf("call %d: %v (the pool of one ran dry?)", i, err)
		}
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("Ping after 20 calls: %v", err)
	}
}

func TestWithConnReturnsFnsError(t *testing.T) {
	t.Parallel()
	_, rdb := newConnClient(t)
	ctx := t.Context()

	err := WithConn(ctx, rdb, func(conn *redis.Conn) error {
		return conn.Get(ctx, "missing").Err()
	})
	if !errors.Is(err, redis.Nil) {
		t.Errorf("err = %v, want redis.Nil through", err)
	}
	if err := WithConn(ctx, rdb, func(*redis.Conn) error { return nil }); err != nil {
		t.Errorf("err = %v, want nil", err)
	}
}

func TestWithConnClosesWhenFnPanics(t *testing.T) {
	t.Parallel()
	_, rdb := newConnClient(t)
	ctx := t.Context()

	var held *redis.Conn
	func() {
		defer func() {
			if r := recover(); r != "fn panicked" {
				t.Errorf("recovered %v, want fn's own panic value", r)
			}
		}()
		_ = WithConn(ctx, rdb, func(conn *redis.Conn) error {
			held = conn
			conn.Ping(ctx)
			panic("fn panicked")
		})
		t.Error("WithConn returned; want the panic to go on")
	}()
	if err := held.Ping(ctx).Err(); !errors.Is(err, redis.ErrClosed) {
		t.Errorf("Ping on the Conn after the panic = %v, want redis.ErrClosed", err)
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Errorf("Ping on the one-connection pool after the panic: %v", err)
	}
}

func TestWithConnToleratesFnClosingTheConn(t *testing.T) {
	t.Parallel()
	_, rdb := newConnClient(t)
	err := WithConn(t.Context(), rdb, func(conn *redis.Conn) error { return conn.Close() })
	if err != nil {
		t.Errorf("err = %v, want nil: a Conn closed twice is still released", err)
	}
}

func TestWithConnRefusesBadArguments(t *testing.T) {
	t.Parallel()
	_, rdb := newConnClient(t)
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	fn := func(*redis.Conn) error { called = true; return nil }
	for _, tc := range []struct {
		name string
		ctx  context.Context
		rdb  *redis.Client
		fn   func(*redis.Conn) error
		want string
		is   error
	}{
		{name: "nil context", ctx: nil, rdb: rdb, fn: fn, want: "rediskit: with conn: nil context"},
		{name: "nil client", ctx: t.Context(), rdb: nil, fn: fn, want: "rediskit: with conn: nil client"},
		{name: "nil function", ctx: t.Context(), rdb: rdb, fn: nil, want: "rediskit: with conn: nil function"},
		{name: "context already done", ctx: canceled, rdb: rdb, fn: fn, want: "rediskit: with conn: context canceled", is: context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := WithConn(tc.ctx, tc.rdb, tc.fn)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
		})
	}
	if called {
		t.Error("fn ran despite a bad argument")
	}
}

func TestCloseAfterJoinsTheCloseError(t *testing.T) {
	t.Parallel()
	fnErr, closeErr := errors.New("fn failed"), errors.New("close failed")
	for _, tc := range []struct {
		name     string
		fn, cl   error
		want     []error
		wantText string
	}{
		{name: "both fail", fn: fnErr, cl: closeErr, want: []error{fnErr, closeErr}, wantText: "fn failed\nrediskit: close conn: close failed"},
		{name: "only close fails", cl: closeErr, want: []error{closeErr}, wantText: "rediskit: close conn: close failed"},
		{name: "only fn fails", fn: fnErr, want: []error{fnErr}, wantText: "fn failed"},
		{name: "already closed", fn: fnErr, cl: redis.ErrClosed, want: []error{fnErr}, wantText: "fn failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			closed := false
			err := closeAfter(func() error { return tc.fn }, func() error { closed = true; return tc.cl })
			if !closed {
				t.Error("close did not run")
			}
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("errors.Is(%v, %v) = false", err, w)
				}
			}
			if err == nil || err.Error() != tc.wantText {
				t.Errorf("err = %v, want %q", err, tc.wantText)
			}
		})
	}
}

// The uses the documentation gives, on a real redis-server, each leaving
// the one-connection pool as it was.
func TestWithConnOnRedisServer(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, PoolSize: 1, PoolTimeout: 2 * time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	ctx := t.Context()

	t.Run("SELECT and CLIENT SETNAME stay on the connection", func(t *testing.T) {
		err := WithConn(ctx, rdb, func(conn *redis.Conn) error {
			if err := conn.ClientSetName(ctx, "report-job").Err(); err != nil {
				return err
			}
			if err := conn.Select(ctx, 3).Err(); err != nil {
				return err
			}
			return conn.Set(ctx, "report", "done", time.Minute).Err()
		})
		if err != nil {
			t.Fatalf("WithConn: %v", err)
		}
		info, err := rdb.ClientInfo(ctx).Result()
		if err != nil {
			t.Fatalf("CLIENT INFO: %v", err)
		}
		if info.DB != 0 || info.Name == "report-job" {
			t.Errorf("the pool's connection has db %d and name %q; want db 0 and not report-job", info.DB, info.Name)
		}
		if n := rdb.Exists(ctx, "report").Val(); n != 0 {
			t.Errorf("report exists on db 0: %d", n)
		}
	})

	t.Run("a WATCH left by an early return does not reach the pool", func(t *testing.T) {
		abort := errors.New("abort")
		err := WithConn(ctx, rdb, func(conn *redis.Conn) error {
			if err := conn.Do(ctx, "WATCH", "balance").Err(); err != nil {
				return err
			}
			return abort // no UNWATCH, no EXEC
		})
		if !errors.Is(err, abort) {
			t.Fatalf("err = %v, want abort", err)
		}
		// Another client changes the key, as WATCH is meant to notice.
		if err := srv.Client(t).Set(ctx, "balance", 10, time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
		// A still-watching connection would fail this transaction.
		if _, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.IncrBy(ctx, "balance", 5)
			return nil
		}); err != nil {
			t.Errorf("MULTI/EXEC on the pool after WithConn: %v", err)
		}
	})

	t.Run("a blocking read ends with its context", func(t *testing.T) {
		// go-redis bounds a read by the context only when asked to.
		brdb := redis.NewClient(&redis.Options{Addr: srv.Addr, PoolSize: 1, PoolTimeout: 2 * time.Second, ContextTimeoutEnabled: true})
		t.Cleanup(func() { _ = brdb.Close() })
		rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		err := WithConn(rctx, brdb, func(conn *redis.Conn) error {
			return conn.BLPop(rctx, 0, "jobs").Err()
		})
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("err = %v, want a timeout at the context's deadline", err)
		}
		if err := brdb.Ping(ctx).Err(); err != nil {
			t.Errorf("Ping on the pool after the cancelled read: %v", err)
		}
	})
}
