package fix

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// partial: the error path returns what was collected.
func partial(ctx context.Context, rdb *redis.ClusterClient) ([]string, error) {
	var keys []string
	it := rdb.Scan(ctx, 0, "*", 100).Iterator() // want `rdb.Scan on a`
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return keys, err
	}
	return keys, nil
}

// process: the loop does more than collect.
func process(ctx context.Context, rdb *redis.ClusterClient) error {
	it := rdb.Scan(ctx, 0, "*", 100).Iterator() // want `rdb.Scan on a`
	for it.Next(ctx) {
		fmt.Println(it.Val())
	}
	return it.Err()
}

// typed: ScanKeys has no type filter.
func typed(ctx context.Context, rdb *redis.ClusterClient) ([]string, error) {
	var keys []string
	it := rdb.ScanType(ctx, 0, "*", 100, "set").Iterator() // want `rdb.ScanType on a`
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return keys, nil
}

// resumed: a walk that does not start at cursor 0.
func resumed(ctx context.Context, rdb *redis.ClusterClient, from uint64) ([]string, error) {
	var keys []string
	it := rdb.Scan(ctx, from, "*", 100).Iterator() // want `rdb.Scan on a`
	for it.Next(ctx) {
		keys = append(keys, it.Val())
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return keys, nil
}
