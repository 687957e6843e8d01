package reported

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

func universal(ctx context.Context) error {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs: []string{"10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"},
	})
	defer rdb.Close()
	it := rdb.Scan(ctx, 0, "user:*", 500).Iterator() // want `rdb.Scan on the cluster client from redis.NewUniversalClient \(line 11\) sees the keys of one node only: go-redis sends SCAN to a single node of a cluster; walk every master with rediskit.ScanKeys or ForEachMaster on the \*redis.ClusterClient`
	for it.Next(ctx) {
		fmt.Println(it.Val())
	}
	return it.Err()
}

func optionsVar(ctx context.Context, addrs string) {
	opts := &redis.UniversalOptions{Addrs: []string{addrs, addrs + "1"}}
	var rdb redis.UniversalClient = redis.NewUniversalClient(opts)
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val()) // want `rdb.Scan on the cluster client from redis.NewUniversalClient \(line 24\)`
}

func clusterMode(ctx context.Context, addr string) {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, IsClusterMode: true})
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val()) // want `rdb.Scan on the cluster client from redis.NewUniversalClient \(line 29\)`
}

func asCmdable(ctx context.Context) {
	var c redis.Cmdable
	c = redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{":7000"}})
	fmt.Println(c.Scan(ctx, 0, "*", 10).Val()) // want `c.Scan on the cluster client from redis.NewClusterClient \(line 35\)`
}

func failoverCluster(ctx context.Context) {
	rdb := redis.NewFailoverClusterClient(&redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{":26379"}})
	fmt.Println(rdb.Scan(ctx, 0, "*", 10).Val()) // want `rdb.Scan on a \*redis.ClusterClient`
}
