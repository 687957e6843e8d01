// Package reported: SCAN walks that see one node of a cluster.
package reported

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// nightly walks the keyspace with a cursor loop on a cluster client.
func nightly(ctx context.Context, rdb *redis.ClusterClient) error {
	var cursor uint64
	for {
		keys, next, err := rdb.Scan(ctx, cursor, "session:*", 1000).Result() // want `rdb.Scan on a \*redis.ClusterClient sees the keys of one node only: go-redis sends SCAN to a single node of a cluster; walk every master with rediskit.ScanKeys or rdb.ForEachMaster`
		if err != nil {
			return err
		}
		fmt.Println(keys)
		if next == 0 {
			return nil
		}
		cursor = next
	}
}

func byType(ctx context.Context, rdb *redis.ClusterClient) {
	it := rdb.ScanType(ctx, 0, "*", 100, "hash").Iterator() // want `rdb.ScanType on a \*redis.ClusterClient sees the keys of one node only`
	for it.Next(ctx) {
		fmt.Println(it.Val())
	}
}

func methodValue(ctx context.Context, rdb *redis.ClusterClient) {
	scan := rdb.Scan // want `method value rdb.Scan on a \*redis.ClusterClient sees the keys of one node only`
	fmt.Println(scan(ctx, 0, "*", 10).Val())
}

func raw(ctx context.Context, rdb *redis.ClusterClient) {
	fmt.Println(rdb.Do(ctx, "scan", 0, "match", "*").Val()) // want `rdb.Do\("SCAN"\) on a \*redis.ClusterClient sees the keys of one node only`
}

type store struct {
	*redis.ClusterClient
}

func (s *store) keys(ctx context.Context) []string {
	keys, _, _ := s.Scan(ctx, 0, "*", 100).Result() // want `s.Scan on a \*redis.ClusterClient sees the keys of one node only`
	return keys
}

// perNode: the outer cluster client inside ForEachMaster still scans one
// node, once per master.
func perNode(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		return rdb.Scan(ctx, 0, "*", 100).Err() // want `rdb.Scan on a \*redis.ClusterClient`
	})
}
