// Package v8: the same rules on go-redis v8.
package v8

import (
	"context"
	"fmt"

	"github.com/go-redis/redis/v8"
)

func walk(ctx context.Context, rdb *redis.ClusterClient) {
	it := rdb.Scan(ctx, 0, "*", 100).Iterator() // want `rdb.Scan on a \*redis.ClusterClient sees the keys of one node only`
	var keys []string
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return
	}
	fmt.Println(keys)
}

func universal(ctx context.Context) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":7000", ":7001"}})
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val()) // want `rdb.Scan on the cluster client from redis.NewUniversalClient \(line 24\)`
	one := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":7000"}, MasterName: ""})
	fmt.Println(one.Scan(ctx, 0, "*", 10).Val())
}
