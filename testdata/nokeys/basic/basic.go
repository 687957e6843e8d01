// Package basic: KEYS on every kind of go-redis v9 receiver.
package basic

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func clients(ctx context.Context, rdb *redis.Client, cc *redis.ClusterClient, ring *redis.Ring) {
	rdb.Keys(ctx, "session:*")  // want `rdb.Keys walks the whole keyspace in one blocking call; iterate with SCAN`
	cc.Keys(ctx, "session:*")   // want `cc.Keys walks the whole keyspace`
	ring.Keys(ctx, "session:*") // want `ring.Keys walks the whole keyspace`
}

func dedicated(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn()
	defer conn.Close()
	conn.Keys(ctx, "*") // want `conn.Keys walks`
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		tx.Keys(ctx, "*") // want `tx.Keys walks`
		return nil
	})
}

func queued(ctx context.Context, rdb *redis.Client) {
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Keys(ctx, "*") // want `pipe.Keys walks`
		return nil
	})
}

func interfaces(ctx context.Context, c redis.Cmdable, u redis.UniversalClient, g redis.GenericCmdable) {
	c.Keys(ctx, "*") // want `c.Keys walks`
	u.Keys(ctx, "*") // want `u.Keys walks`
	g.Keys(ctx, "*") // want `g.Keys walks`
}

func generic[C redis.Cmdable](ctx context.Context, c C) []string {
	return c.Keys(ctx, "*").Val() // want `c.Keys walks`
}

type Store struct {
	*redis.Client
}

type Cache interface {
	redis.UniversalClient
	Prefix() string
}

func embedded(ctx context.Context, s *Store, c Cache) {
	s.Keys(ctx, "*")        // want `s.Keys walks`
	s.Client.Keys(ctx, "*") // want `s.Client.Keys walks`
	c.Keys(ctx, c.Prefix()) // want `c.Keys walks`
}

func values(ctx context.Context, rdb *redis.Client) {
	keys := rdb.Keys // want `method value rdb.Keys sends KEYS`
	keys(ctx, "*")
	expr := (*redis.Client).Keys // want `method value \(\*redis.Client\).Keys sends KEYS`
	expr(rdb, ctx, "*")
	defer rdb.Keys(ctx, "*") // want `rdb.Keys walks`
	go rdb.Keys(ctx, "*")    // want `rdb.Keys walks`
}

func raw(ctx context.Context, rdb *redis.Client, pipe redis.Pipeliner, name string, args []interface{}) {
	rdb.Do(ctx, "keys", "*")  // want `rdb.Do sends KEYS, which walks the whole keyspace`
	rdb.Do(ctx, "KEYS", "*")  // want `rdb.Do sends KEYS`
	pipe.Do(ctx, "Keys", "*") // want `pipe.Do sends KEYS`
	const cmd = "keys"
	rdb.Do(ctx, cmd, "user:*")                     // want `rdb.Do sends KEYS`
	c := redis.NewStringSliceCmd(ctx, "keys", "*") // want `redis.NewStringSliceCmd builds a KEYS command`
	_ = rdb.Process(ctx, c)

	// Silent: not KEYS, or a name only known at run time.
	rdb.Do(ctx, "scan", 0, "match", "*")
	rdb.Do(ctx, name, "*")
	rdb.Do(ctx, args...)
	rdb.Do(ctx, "get", "keys")
}

// Silent: SCAN, and Keys methods that are not go-redis's.
type index struct{}

func (index) Keys(ctx context.Context, pattern string) []string { return nil }

type keyser interface {
	Keys(ctx context.Context, pattern string) *redis.StringSliceCmd
}

func silent(ctx context.Context, rdb *redis.Client, ix index, k keyser) {
	iter := rdb.Scan(ctx, 0, "session:*", 1000).Iterator()
	for iter.Next(ctx) {
		_ = iter.Val()
	}
	ix.Keys(ctx, "*")
	k.Keys(ctx, "*")
	rdb.HKeys(ctx, "h")
	rdb.ObjectEncoding(ctx, "keys")
}
