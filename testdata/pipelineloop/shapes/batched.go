package shapes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// The command runs once per batch of 500, with the batch as its
// arguments: already batched, silent.
func importMembers(ctx context.Context, rdb *redis.Client, members []string) error {
	batch := make([]any, 0, 500)
	for _, m := range members {
		batch = append(batch, m)
		if len(batch) >= 500 {
			if err := rdb.SAdd(ctx, "members", batch...).Err(); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		return rdb.SAdd(ctx, "members", batch...).Err()
	}
	return nil
}

// The same with a map of pairs for MSet.
func importPairs(ctx context.Context, rdb *redis.Client, rows [][2]string) error { // want importPairs:"roundTrip"
	pairs := map[string]any{}
	for _, r := range rows {
		pairs[r[0]] = r[1]
		if len(pairs) == 1000 {
			if err := rdb.MSet(ctx, pairs).Err(); err != nil {
				return err
			}
			clear(pairs)
		}
	}
	return rdb.MSet(ctx, pairs).Err()
}

// A condition on a size, but the command sends the item, not the batch:
// once per element.
func importLarge(ctx context.Context, rdb *redis.Client, members []string) error {
	var seen []string
	for _, m := range members {
		seen = append(seen, m)
		if len(seen) > 10 {
			if err := rdb.SAdd(ctx, "large", m).Err(); err != nil { // want `SAdd on rdb runs once per element of members`
				return err
			}
		}
	}
	return nil
}
