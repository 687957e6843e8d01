// Package escape: once a resource leaves the function, its new owner
// closes it, and nothing is reported.
package escape

import (
	"context"
	"io"
	"sync"

	"github.com/redis/go-redis/v9"
)

func returned(ctx context.Context, rdb *redis.Client) *redis.PubSub {
	ps := rdb.Subscribe(ctx, "events")
	return ps
}

func returnedDirectly(ctx context.Context, rdb *redis.Client) *redis.PubSub {
	return rdb.Subscribe(ctx, "events")
}

// A named result is the caller's.
func namedResult(ctx context.Context, rdb *redis.Client) (ps *redis.PubSub, err error) {
	ps = rdb.Subscribe(ctx, "events")
	_, err = ps.Receive(ctx)
	return
}

type listener struct {
	ps   *redis.PubSub
	conn *redis.Conn
}

func storedInField(ctx context.Context, rdb *redis.Client, l *listener) {
	ps := rdb.Subscribe(ctx, "events")
	l.ps = ps
	l.conn = rdb.Conn()
}

func storedInLiteral(ctx context.Context, rdb *redis.Client) *listener {
	ps := rdb.Subscribe(ctx, "events")
	return &listener{ps: ps}
}

var global *redis.Conn

func storedInGlobal(rdb *redis.Client) {
	conn := rdb.Conn()
	global = conn
}

func assignedToGlobal(rdb *redis.Client) {
	global = rdb.Conn()
}

func storedInMap(rdb *redis.Client, m map[string]*redis.Conn) {
	conn := rdb.Conn()
	m["a"] = conn
}

func storedInSlice(rdb *redis.Client, conns []*redis.Conn) []*redis.Conn {
	conn := rdb.Conn()
	conns[0] = conn
	return append(conns, conn)
}

func sentOnChannel(ctx context.Context, rdb *redis.Client, ch chan<- *redis.PubSub) {
	ps := rdb.Subscribe(ctx, "events")
	ch <- ps
}

func passedToFunction(ctx context.Context, rdb *redis.Client, serve func(*redis.PubSub)) {
	ps := rdb.Subscribe(ctx, "events")
	serve(ps)
}

func capturedByGoroutine(ctx context.Context, rdb *redis.Client, handle func(*redis.Message)) {
	ps := rdb.Subscribe(ctx, "events")
	go func() {
		defer ps.Close()
		for msg := range ps.Channel() {
			handle(msg)
		}
	}()
}

func capturedByCleanup(ctx context.Context, rdb *redis.Client, cleanups *[]func()) {
	ps := rdb.Subscribe(ctx, "events")
	*cleanups = append(*cleanups, func() { ps.Close() })
}

// A closure declared before the resource, called later.
func closureBefore(ctx context.Context, rdb *redis.Client) {
	var conn *redis.Conn
	cleanup := func() {
		if conn != nil {
			conn.Close()
		}
	}
	conn = rdb.Conn()
	defer cleanup()
	conn.Ping(ctx)
}

func goStatement(ctx context.Context, rdb *redis.Client, serve func(*redis.PubSub)) {
	ps := rdb.Subscribe(ctx, "events")
	go serve(ps)
}

func assignedToOther(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events")
	other := ps
	defer other.Close()
}

func addressTaken(ctx context.Context, rdb *redis.Client, closeLater func(**redis.PubSub)) {
	ps := rdb.Subscribe(ctx, "events")
	closeLater(&ps)
}

func addressTakenLocally(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events")
	p := &ps
	(*p).Close()
}

func methodValue(ctx context.Context, rdb *redis.Client, onStop func(func() error)) {
	ps := rdb.Subscribe(ctx, "events")
	onStop(ps.Close)
}

func asCloser(ctx context.Context, rdb *redis.Client) io.Closer {
	var c io.Closer = rdb.Subscribe(ctx, "events")
	return c
}

func interfaceVariable(ctx context.Context, rdb *redis.Client) {
	var c io.Closer = rdb.Conn()
	defer c.Close()
}

var mu sync.Mutex

// Kept in a variable of the enclosing function by a closure.
func enclosingVariable(ctx context.Context, rdb *redis.Client) *redis.Conn {
	var conn *redis.Conn
	func() {
		mu.Lock()
		defer mu.Unlock()
		conn = rdb.Conn()
	}()
	return conn
}

// Reassigned from something the analyzer does not follow.
func reassignedOther(ctx context.Context, rdb *redis.Client, other *redis.Conn) {
	conn := rdb.Conn()
	conn.Ping(ctx)
	conn = other
	conn.Close()
}

type wrapper struct{ *redis.Conn }

func embedded(rdb *redis.Client) wrapper {
	return wrapper{rdb.Conn()}
}
