package client

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// A constructor: built, checked with Ping, returned on success and dropped
// when Ping fails. The caller owns the client; not a per-call pool.
func Open(ctx context.Context, addr string) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("redis %s: %w", addr, err)
	}
	return rdb, nil
}

type Cache struct{ rdb redis.UniversalClient }

// Stored in the result on success only: a constructor too.
func NewCache(ctx context.Context, addrs []string) (*Cache, error) {
	u := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs})
	if err := u.Ping(ctx).Err(); err != nil {
		return nil, err
	}
	return &Cache{rdb: u}, nil
}

// Closed on one path and dropped on another, never handed on: a new pool
// per call that leaks on the early return.
func countKeys(ctx context.Context, addr string, quick bool) (int64, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr}) // want `rdb from NewClient is not closed on the path through the return at line 36; its connection pool leaks; close it before returning`
	if quick {
		return 0, nil
	}
	n, err := rdb.DBSize(ctx).Result()
	_ = rdb.Close()
	return n, err
}

// A subscription handed out on success and dropped when Receive fails
// still leaks a connection per failed call: the every-path rule stays.
func subscribeOrFail(ctx context.Context, rdb *redis.Client) (*redis.PubSub, error) {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 48`
	if _, err := ps.Receive(ctx); err != nil {
		return nil, err
	}
	return ps, nil
}
