// Package janitor reports on the session keys of the cluster.
package janitor

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Count returns how many session keys exist, for the nightly report.
func Count(ctx context.Context, rdb *redis.ClusterClient) (int, error) {
	var keys []string
	it := rdb.Scan(ctx, 0, "session:*", 1000).Iterator()
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return 0, err
	}
	return len(keys), nil
}
