// Package client: a client built inside a function that neither closes it
// nor hands it on is a new connection pool on every call.
package client

import (
	"context"
	"net/http"

	"github.com/redis/go-redis/v9"
)

func handler(w http.ResponseWriter, r *http.Request) {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"}) // want `rdb from NewClient is never closed: a new connection pool is built on every call; create one client at startup and share it \(rediskit.NewClient\), or defer rdb.Close\(\)`
	n, _ := rdb.Incr(r.Context(), "hits").Result()
	_, _ = w.Write([]byte{byte(n)})
}

func cluster(ctx context.Context, addrs []string) int64 {
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `cc from NewClusterClient is never closed: a new connection pool`
	return cc.DBSize(ctx).Val()
}

func failover(ctx context.Context) error {
	fc := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "mymaster"}) // want `fc from NewFailoverClient is never closed`
	return fc.Ping(ctx).Err()
}

func universal(ctx context.Context, addrs []string) error {
	u := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs}) // want `u from NewUniversalClient is never closed`
	return u.Ping(ctx).Err()
}

func ring(ctx context.Context) error {
	rg := redis.NewRing(&redis.RingOptions{Addrs: map[string]string{"a": ":6379"}}) // want `rg from NewRing is never closed`
	return rg.Ping(ctx).Err()
}

// Used once and thrown away.
func pingOnce(ctx context.Context, addr string) error {
	return redis.NewClient(&redis.Options{Addr: addr}).Ping(ctx).Err() // want `the Client from NewClient is used for Ping and never closed; a new connection pool is built on every call`
}

// Closed: a short-lived client is allowed.
func closed(ctx context.Context, addr string) error {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	return rdb.Ping(ctx).Err()
}

// A constructor hands it to the caller: fine.
func open(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}

// A constructor that drops it on the error path: the caller owns the
// client on success, so this is not a per-call pool (see constructor.go).
func openChecked(ctx context.Context, addr string) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, err
	}
	return rdb, nil
}

// The same, closing it: fine.
func openCheckedClosed(ctx context.Context, addr string) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, err
	}
	return rdb, nil
}

// WithTimeout returns a client on the same pool: handing that on hands on
// the pool.
func withTimeout(addr string) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	return rdb.WithTimeout(0)
}

// A package-level client is the shared one.
var shared = redis.NewClient(&redis.Options{})

func init() {
	shared = redis.NewClient(&redis.Options{})
}

type store struct{ rdb redis.UniversalClient }

// Stored in a field: the store owns it.
func newStore(addr string) *store {
	s := &store{}
	s.rdb = redis.NewClient(&redis.Options{Addr: addr})
	return s
}

func newStoreVar(addr string) *store {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	return &store{rdb: rdb}
}
