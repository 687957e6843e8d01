// Package silent: SCAN walks that see the whole keyspace, or whose client
// is not known to be a cluster.
package silent

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

func single(ctx context.Context, rdb *redis.Client, c *redis.Conn) {
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val())
	fmt.Println(c.Scan(ctx, 0, "*", 10).Val())
}

// perMaster: each master's node client walks that master.
func perMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		it := node.Scan(ctx, 0, "*", 100).Iterator()
		for it.Next(ctx) {
			fmt.Println(it.Val())
		}
		return it.Err()
	})
}

func perShard(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ForEachShard(ctx, func(ctx context.Context, shard *redis.Client) error {
		return shard.ScanType(ctx, 0, "*", 100, "string").Err()
	})
}

// keyed scans walk one key, which lives on one node.
func keyed(ctx context.Context, rdb *redis.ClusterClient) {
	fmt.Println(rdb.HScan(ctx, "h", 0, "*", 10).Val())
	fmt.Println(rdb.SScan(ctx, "s", 0, "*", 10).Val())
	fmt.Println(rdb.ZScan(ctx, "z", 0, "*", 10).Val())
}

// unknown: a UniversalClient or Cmdable the function did not build.
func unknown(ctx context.Context, rdb redis.UniversalClient, c redis.Cmdable) {
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val())
	fmt.Println(c.Scan(ctx, 0, "*", 10).Val())
}

func oneAddress(ctx context.Context) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":6379"}})
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val())
	failover := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{":26379", ":26380"}, MasterName: "mymaster"})
	fmt.Println(failover.Scan(ctx, 0, "*", 10).Val())
}

func fromConfig(ctx context.Context, addrs string) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: strings.Split(addrs, ",")})
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val())
}

func eitherWay(ctx context.Context, cluster bool) {
	var rdb redis.UniversalClient
	if cluster {
		rdb = redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{":7000"}})
	} else {
		rdb = redis.NewClient(&redis.Options{})
	}
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val())
}

func ring(ctx context.Context, r *redis.Ring) {
	fmt.Println(r.Scan(ctx, 0, "*", 10).Val())
}

type own struct{}

func (own) Scan(ctx context.Context, cursor uint64, match string, count int64) []string { return nil }

func ownScan(ctx context.Context, o own) { fmt.Println(o.Scan(ctx, 0, "*", 10)) }
