// Package fix: loops whose every command result is discarded get a
// suggested fix that queues them on a pipeline.
package fix

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Product struct {
	ID   string
	JSON []byte
}

func productKey(id string) string { return "product:" + id }

// The enclosing function returns an error: so does the fixed code.
func WarmCache(ctx context.Context, rdb *redis.Client, products []Product) error {
	for _, p := range products {
		rdb.Set(ctx, productKey(p.ID), p.JSON, time.Hour) // want `Set on rdb runs once per element of products`
	}
	return nil
}

func count(ctx context.Context, rdb redis.UniversalClient, keys []string) (int, error) {
	for _, k := range keys {
		_ = rdb.Expire(ctx, k, time.Minute).Err() // want `Expire on rdb runs once per element of keys`
	}
	return len(keys), nil
}

func many(ctx context.Context, rdb *redis.ClusterClient, keys []string) (s string, p *Product, ids []int, m map[string]int, ok bool, f func(), err error) {
	for i := range keys {
		rdb.Del(ctx, keys[i]) // want `Del on rdb runs once per element of keys`
		rdb.Incr(ctx, "deleted")
	}
	return "", nil, nil, nil, true, nil, nil
}

// A struct result has no zero value without naming its type: no fix.
func noZero(ctx context.Context, rdb *redis.Client, keys []string) (Product, error) {
	for _, k := range keys {
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
	return Product{}, nil
}

// No error to return: the loop already dropped every error.
func touch(ctx context.Context, rdb *redis.Client, keys []string) int {
	n := 0
	for _, k := range keys {
		rdb.Touch(ctx, k) // want `Touch on rdb runs once per element of keys`
		n++
	}
	return n
}

// In a function literal, the literal's results count.
var handler = func(ctx context.Context, rdb *redis.Client, keys []string) error {
	for _, k := range keys {
		rdb.Unlink(ctx, k) // want `Unlink on rdb runs once per element of keys`
	}
	return nil
}

func generic[C redis.UniversalClient](ctx context.Context, c C, keys []string) error {
	for _, k := range keys {
		c.Persist(ctx, k) // want `Persist on c runs once per element of keys`
	}
	return nil
}

func background(rdb *redis.Client, keys []string) {
	for _, k := range keys {
		rdb.Del(context.Background(), k) // want `Del on rdb runs once per element of keys`
	}
}

func inSwitch(ctx context.Context, rdb *redis.Client, mode string, keys []string) {
	switch mode {
	case "clear":
		for _, k := range keys {
			rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
		}
	}
}
