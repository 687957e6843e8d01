package reported

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func cluster(ctx context.Context, cc *redis.ClusterClient, ring *redis.Ring, u redis.UniversalClient, keys []string) {
	for _, k := range keys {
		cc.Get(ctx, k) // want `Get on cc runs once per element of keys`
	}
	for _, k := range keys {
		ring.Get(ctx, k) // want `Get on ring runs once per element of keys`
	}
	for _, k := range keys {
		u.Get(ctx, k) // want `Get on u runs once per element of keys`
	}
}

func conn(ctx context.Context, rdb *redis.Client, keys []string) {
	c := rdb.Conn()
	defer c.Close()
	for _, k := range keys {
		c.Get(ctx, k) // want `Get on c runs once per element of keys: one round trip each; queue them on c.Pipelined`
	}
}

type Store struct {
	rdb    *redis.Client
	prefix string
}

func (s *Store) Touch(ctx context.Context, ids []string) {
	for _, id := range ids {
		s.rdb.Expire(ctx, s.prefix+id, time.Hour) // want `Expire on s.rdb runs once per element of ids: one round trip each; queue them on s.rdb.Pipelined`
	}
}

// Cache embeds its client.
type Cache struct {
	*redis.Client
	local map[string]string
}

func (c *Cache) Load(ctx context.Context, keys []string) {
	for _, k := range keys {
		v, err := c.Get(ctx, k).Result() // want `Get on c runs once per element of keys`
		if err != nil {
			continue
		}
		c.local[k] = v // a field of c is written; the client is not
	}
}

type cache interface {
	redis.UniversalClient
	Name() string
}

func viaInterface(ctx context.Context, c cache, keys []string) {
	for _, k := range keys {
		c.Incr(ctx, c.Name()+k) // want `Incr on c runs once per element of keys`
	}
}

func generic[C redis.UniversalClient](ctx context.Context, c C, keys []string) {
	for _, k := range keys {
		c.Del(ctx, k) // want `Del on c runs once per element of keys`
	}
}

func genericCollection[S ~[]string](ctx context.Context, rdb *redis.Client, keys S) {
	for _, k := range keys {
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
}

type Client = redis.Client // a type alias

func alias(ctx context.Context, rdb *Client, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
}

func raw(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		rdb.Do(ctx, "set", k, "v", "ex", 60) // want `Do\("SET"\) on rdb runs once per element of keys`
	}
}

func methodValue(ctx context.Context, rdb *redis.Client, keys []string) {
	del := rdb.Del
	for _, k := range keys {
		del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
	get := (*redis.Client).Get
	for _, k := range keys {
		get(rdb, ctx, k) // want `Get on rdb runs once per element of keys`
	}
	for _, k := range keys {
		(*redis.Client).Get(rdb, ctx, k) // want `Get on rdb runs once per element of keys`
	}
}

// Nested loops: one diagnostic per loop whose own body sends, at its first
// command; the fix of the outer loop queues the inner loop's commands too.
func nested(ctx context.Context, rdb *redis.Client, users map[string][]string) {
	for user, fields := range users {
		for _, f := range fields {
			rdb.HDel(ctx, "user:"+user, f) // want `HDel on rdb runs once per element of fields`
		}
		rdb.Expire(ctx, "user:"+user, time.Hour) // want `Expire on rdb runs once per entry of users`
	}
}

// In a nested block of a loop that is not over data, the inner loop is.
func innerOnly(ctx context.Context, rdb *redis.Client, batches <-chan []string) {
	for batch := range batches {
		if len(batch) > 0 {
			for _, k := range batch {
				rdb.Del(ctx, k) // want `Del on rdb runs once per element of batch`
			}
		}
	}
}

// A closure: the loop inside it is reported like any other.
func closure(rdb *redis.Client) func(context.Context, []string) {
	return func(ctx context.Context, keys []string) {
		for _, k := range keys {
			rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
		}
	}
}

func linkedList(ctx context.Context, rdb *redis.Client, head *node) {
	for n := head; n != nil; n = n.next {
		rdb.Set(ctx, n.key, n.val, time.Minute) // want `Set on rdb runs once per iteration while n != nil`
	}
}

type node struct {
	key, val string
	next     *node
}
