// Package edge: generics, aliases, method values, closures, embedded // want package:"familyTTLs"
// interfaces — no panics, and the usual answers.
package edge

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Client = redis.Client // an alias

type Getter[K ~string] struct {
	rdb redis.UniversalClient
}

func (g Getter[K]) Put(ctx context.Context, key K) { // want Put:`expiresKey\(1\)`
	g.rdb.Incr(ctx, string(key))
	g.rdb.Expire(ctx, string(key), time.Hour)
}

func (g Getter[K]) Leak(ctx context.Context, key K) {
	g.rdb.Incr(ctx, string(key)+":n") // want `Incr on key string\(key\) \+ ":n" is not followed`
}

func useGeneric(ctx context.Context, g Getter[string]) {
	g.Put(ctx, "x")
}

func alias(ctx context.Context, rdb *Client) {
	rdb.SAdd(ctx, "alias", 1) // want `SAdd on key "alias" is not followed`
}

type Universal interface {
	redis.UniversalClient
	Name() string
}

func embeddedInterface(ctx context.Context, u Universal) {
	u.HSet(ctx, u.Name(), "a", 1) // an interface method builds the key: not comparable
	u.HSet(ctx, "emb", "a", 1)    // want `HSet on key "emb" is not followed`
}

func closureVar(ctx context.Context, rdb *redis.Client) {
	touch := func(k string) { rdb.Expire(ctx, k, time.Hour) }
	rdb.HSet(ctx, "cv", "a", 1)
	touch("cv")
}

func methodValue(ctx context.Context, rdb *redis.Client) {
	exp := rdb.Expire
	rdb.HSet(ctx, "mv", "a", 1)
	exp(ctx, "mv", time.Hour) // a function value: may be anything
}

func nested(ctx context.Context, rdb *redis.Client) func() {
	return func() {
		func() {
			rdb.Incr(ctx, "deep") // want `Incr on key "deep" is not followed`
		}()
	}
}

func labeled(ctx context.Context, rdb *redis.Client, rows [][]string) {
outer:
	for _, row := range rows {
		for _, id := range row {
			rdb.SAdd(ctx, "l:"+id, 1) // want `SAdd on key "l:" \+ id is not followed by an expiry on the path through the continue at line 71`
			if id == "" {
				continue outer
			}
			rdb.Expire(ctx, "l:"+id, time.Hour)
		}
	}
}

func selects(ctx context.Context, rdb *redis.Client, done chan struct{}) {
	rdb.Incr(ctx, "sel") // want `Incr on key "sel" is not followed by an expiry on the path to the end of the function at line 85; the key will never expire, though keys "sel"... get a TTL at edge.go:82`
	select {
	case <-done:
		rdb.Expire(ctx, "sel", time.Hour)
	case <-ctx.Done():
	}
}

// closureParam: a local helper takes the key; its calls are not followed.
func closureParam(ctx context.Context, rdb *redis.Client) {
	apply := func(k string) { rdb.HSet(ctx, k, "a", 1) }
	apply("cp")
	rdb.Expire(ctx, "cp", time.Hour)
}
