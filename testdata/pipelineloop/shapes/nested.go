// Package shapes: loop shapes from real code, reported and silent side by
// side.
package shapes

import (
	"context"
	"log"

	"github.com/redis/go-redis/v9"
)

// An outer loop over groups that sends a command per group, and an inner
// loop over each group's consumers that sends one per consumer: two loops,
// two findings.
func pending(ctx context.Context, rdb *redis.Client, stream string, groups []string) (int64, error) {
	var total int64
	for _, g := range groups {
		consumers, err := rdb.XInfoConsumers(ctx, stream, g).Result() // want `XInfoConsumers on rdb runs once per element of groups`
		if err != nil {
			return 0, err
		}
		for _, c := range consumers {
			n, err := rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: stream, Group: g, Consumer: c.Name, Start: "-", End: "+", Count: 10}).Result() // want `XPendingExt on rdb runs once per element of consumers`
			if err != nil {
				return 0, err
			}
			total += int64(len(n))
		}
	}
	return total, nil
}

// The outer loop's own body sends nothing: only the inner loop is reported.
func sizes(ctx context.Context, rdb *redis.Client, queues map[string][]string) (map[string]int64, error) {
	out := map[string]int64{}
	for q, keys := range queues {
		for _, k := range keys {
			n, err := rdb.LLen(ctx, q+":"+k).Result() // want `LLen on rdb runs once per element of keys`
			if err != nil {
				return nil, err
			}
			out[k] += n
		}
	}
	return out, nil
}

// An inner cursor loop cannot be batched: the outer loop stays silent too,
// since its iterations wait on the inner walk.
func scanEach(ctx context.Context, rdb *redis.Client, patterns []string) (int, error) {
	n := 0
	for _, p := range patterns {
		var cursor uint64
		for {
			keys, next, err := rdb.Scan(ctx, cursor, p, 100).Result()
			if err != nil {
				return 0, err
			}
			n += len(keys)
			if cursor = next; cursor == 0 {
				break
			}
		}
	}
	return n, nil
}

// Both loops are sequential on a reply's value: silent.
func firstFree(ctx context.Context, rdb *redis.Client, pools [][]string) string {
	for _, pool := range pools {
		if rdb.Exists(ctx, "pool:"+pool[0]).Val() == 0 {
			continue
		}
		for _, k := range pool {
			if rdb.Exists(ctx, k).Val() == 0 {
				return k
			}
		}
	}
	log.Print("none free")
	return ""
}
