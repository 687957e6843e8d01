// Package v8: the same rules on github.com/go-redis/redis/v8.
package v8

import (
	"context"

	"github.com/go-redis/redis/v8"
)

func connEarlyReturn(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn(ctx) // want `conn from Conn is not closed on the path through the return at line 13`
	if err := conn.Select(ctx, 1).Err(); err != nil {
		return err
	}
	defer conn.Close()
	return conn.Ping(ctx).Err()
}

func connClosed(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn(ctx)
	defer conn.Close()
	return conn.Select(ctx, 1).Err()
}

func listen(ctx context.Context, rdb *redis.Client, handle func(*redis.Message)) {
	ps := rdb.Subscribe(ctx, "orders") // want `ps from Subscribe is never closed`
	for msg := range ps.Channel() {
		handle(msg)
	}
}

func listenClosed(ctx context.Context, rdb redis.UniversalClient, handle func(*redis.Message)) {
	ps := rdb.PSubscribe(ctx, "orders.*")
	defer func() { _ = ps.Close() }()
	for msg := range ps.Channel() {
		handle(msg)
	}
}

func perCall(ctx context.Context) error {
	rdb := redis.NewClient(&redis.Options{}) // want `rdb from NewClient is never closed: a new connection pool is built on every call`
	return rdb.Ping(ctx).Err()
}

func perCallClosed(ctx context.Context) error {
	rdb := redis.NewClient(&redis.Options{})
	defer rdb.Close()
	return rdb.Ping(ctx).Err()
}

func open() *redis.Client {
	return redis.NewClient(&redis.Options{})
}

// WithContext returns a client on the same pool.
func withContext(ctx context.Context) *redis.Client {
	rdb := redis.NewClient(&redis.Options{})
	return rdb.WithContext(ctx)
}

func pipeForgotten(ctx context.Context, rdb *redis.Client) {
	pipe := rdb.Pipeline() // want `pipe from Pipeline queues commands that are never sent`
	pipe.Incr(ctx, "n")
}

// v8's deferred pipe.Close discards what was not sent: deliberate.
func pipeClosed(ctx context.Context, rdb *redis.Client, ok bool) error {
	pipe := rdb.TxPipeline()
	defer pipe.Close()
	pipe.Incr(ctx, "n")
	if !ok {
		return nil
	}
	_, err := pipe.Exec(ctx)
	return err
}

func pipeDiscarded(ctx context.Context, rdb *redis.Client, ok bool) error {
	pipe := rdb.Pipeline()
	pipe.Incr(ctx, "n")
	if !ok {
		return pipe.Discard()
	}
	_, err := pipe.Exec(ctx)
	return err
}

func pipeEarlyReturn(ctx context.Context, rdb *redis.Client, check func() error) error {
	pipe := rdb.Pipeline() // want `pipe from Pipeline has queued commands that are never sent on the path through the return at line 92`
	pipe.Incr(ctx, "n")
	if err := check(); err != nil {
		return err
	}
	_, err := pipe.Exec(ctx)
	return err
}
