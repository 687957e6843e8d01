package shapes

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

type repo struct {
	rdb    *redis.Client
	log    *slog.Logger
	prefix string
	seen   int
}

func (r *repo) key(id string) string { return r.prefix + id }
func (r *repo) note(v string)        { r.seen++; r.log.Info("read", "v", v) }

// The reply goes to a method of the struct that holds the client, to a key
// builder and to a logger: none of these makes the next iteration's command
// depend on it.
func (r *repo) names(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		v, err := r.rdb.Get(ctx, r.key(id)).Result() // want `Get on r.rdb runs once per element of ids`
		if err != nil {
			return nil, err
		}
		r.note(v)
		slog.Info("name", "id", id, "v", v)
		out = append(out, fmt.Sprintf("%s=%s", r.key(v), v))
	}
	return out, nil
}

// A key builder of another value, handed the reply.
func keyOf(prefix, v string) string { return prefix + ":" + v }

func (r *repo) owners(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		owner, err := r.rdb.HGet(ctx, keyOf("item", id), "owner").Result() // want `HGet on r.rdb runs once per element of ids`
		if err != nil {
			return nil, err
		}
		out[id] = keyOf("user", owner)
	}
	return out, nil
}

// The reply reaches the next iteration's command through a field of the
// struct: sequential, silent.
type walker struct {
	rdb  *redis.Client
	last string
}

func (w *walker) walk(ctx context.Context, hops []int) string {
	for range hops {
		next, err := w.rdb.Get(ctx, "next:"+w.last).Result()
		if err != nil {
			break
		}
		w.last = next
	}
	return w.last
}

// The reply is handed to a method that stores it, and the next command
// reads what it stored: sequential, silent.
type chain struct {
	rdb  *redis.Client
	head string
}

func (c *chain) advance(v string) { c.head = v }

func follow(ctx context.Context, c *chain, rdb *redis.Client, n int) {
	for i := 0; i < n; i++ {
		v, err := rdb.Get(ctx, c.head).Result()
		if err != nil {
			return
		}
		c.advance(v)
	}
}
