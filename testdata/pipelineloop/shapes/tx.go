package shapes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Commands on a *Tx, in a Watch closure or in a helper it calls, read the
// watched keys on the transaction's own connection: *Tx is not among the
// reported receivers, so neither loop is reported.
func reserve(ctx context.Context, rdb *redis.Client, keys []string) error {
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		total := int64(0)
		for _, k := range keys {
			n, err := tx.Get(ctx, k).Int64()
			if err != nil && err != redis.Nil {
				return err
			}
			total += n
		}
		return checkAll(ctx, tx, keys)
	}, keys...)
}

func checkAll(ctx context.Context, tx *redis.Tx, keys []string) error {
	for _, k := range keys {
		if err := tx.Exists(ctx, k).Err(); err != nil {
			return err
		}
	}
	return nil
}
