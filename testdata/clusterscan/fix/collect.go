// Package fix: an iterator that collects every key becomes rediskit.ScanKeys.
package fix

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

func keys(ctx context.Context, rdb *redis.ClusterClient, prefix string) ([]string, error) {
	var keys []string
	it := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator() // want `rdb.Scan on a \*redis.ClusterClient sees the keys of one node only`
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("scan %s: %w", prefix, err)
	}
	return keys, nil
}

func universal(ctx context.Context) ([]string, error) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":7000", ":7001", ":7002"}})
	defer rdb.Close()
	found := make([]string, 0, 100)
	iter := rdb.Scan(ctx, 0, "*", 0).Iterator() // want `rdb.Scan on the cluster client from redis.NewUniversalClient`
	for iter.Next(ctx) {
		found = append(found, iter.Val())
	}
	if err := iter.Err(); err != nil {
		panic(err)
	}
	return found, nil
}
