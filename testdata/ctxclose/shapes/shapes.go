// Package shapes: generics, type aliases, embedded clients and interfaces,
// method values and closures neither confuse the analyzer nor make it panic.
package shapes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A type parameter constrained by UniversalClient.
func subscribeAny[C redis.UniversalClient](ctx context.Context, c C) error {
	ps := c.Subscribe(ctx, "events") // want `ps from Subscribe is never closed`
	_, err := ps.Receive(ctx)
	return err
}

func subscribeAnyClosed[C redis.UniversalClient](ctx context.Context, c C) error {
	ps := c.Subscribe(ctx, "events")
	defer ps.Close()
	_, err := ps.Receive(ctx)
	return err
}

// A generic type whose method takes a connection.
type Cache[K comparable] struct {
	rdb *redis.Client
	m   map[K]string
}

func (c *Cache[K]) warm(ctx context.Context) error {
	conn := c.rdb.Conn() // want `conn from Conn is never closed`
	return conn.Ping(ctx).Err()
}

// Type aliases of go-redis types.
type (
	Client = redis.Client
	Sub    = redis.PubSub
)

func aliased(ctx context.Context, rdb *Client) *Sub {
	var ps *Sub = rdb.Subscribe(ctx, "events") // want `ps from Subscribe is never closed`
	ps.Ping(ctx)
	return nil
}

// A struct that embeds the client.
type store struct {
	*redis.Client
}

func (s store) listen(ctx context.Context) error {
	ps := s.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 56`
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	return ps.Close()
}

// An interface that embeds UniversalClient.
type backend interface {
	redis.UniversalClient
	Name() string
}

func viaInterface(ctx context.Context, b backend) {
	pipe := b.TxPipeline() // want `pipe from TxPipeline queues commands that are never sent`
	pipe.Set(ctx, b.Name(), 1, 0)
}

// Method values and method expressions acquire nothing the analyzer sees,
// and a method value of Close hands the value on.
func methodValues(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn
	c := conn()
	c.Ping(ctx)
	sub := (*redis.Client).Subscribe
	ps := sub(rdb, ctx, "events")
	stop := ps.Close
	defer stop()
}

// An acquisition inside a closure belongs to the closure.
func inClosure(ctx context.Context, rdb *redis.Client) func() error {
	return func() error {
		ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is never closed`
		_, err := ps.Receive(ctx)
		return err
	}
}

func inClosureClosed(ctx context.Context, rdb *redis.Client) func() error {
	return func() error {
		ps := rdb.Subscribe(ctx, "events")
		defer ps.Close()
		_, err := ps.Receive(ctx)
		return err
	}
}

// A user's own Subscribe and Close are not go-redis's.
type bus struct{}

type subscription struct{}

func (bus) Subscribe(ctx context.Context, ch string) *subscription { return &subscription{} }
func (*subscription) Close() error                                 { return nil }

func own(ctx context.Context, b bus) {
	s := b.Subscribe(ctx, "events")
	_ = s
}

// Labeled loops, goto and select do not confuse the graph.
func labeled(ctx context.Context, rdb *redis.Client, dbs [][]int) {
outer:
	for _, group := range dbs {
		for _, db := range group {
			conn := rdb.Conn() // want `conn from Conn is not closed before the loop at line 119 acquires the next one`
			if conn.Select(ctx, db).Err() != nil {
				continue outer
			}
			conn.Close()
		}
	}
	i := 0
again:
	conn := rdb.Conn()
	conn.Ping(ctx)
	conn.Close()
	if i++; i < 3 {
		goto again
	}
}
