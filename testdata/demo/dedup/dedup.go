// Package dedup remembers which events were processed.
package dedup

import (
	"context"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
)

// Seen marks id as processed and reports whether it was already.
func Seen(ctx context.Context, rdb *redis.Client, id string) (bool, error) {
	var added *redis.IntCmd
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		added = pipe.SAdd(ctx, "processed", id)
		pipe.Expire(ctx, "processed", 24*time.Hour)
		if added.Val() == 0 {
			log.Printf("dedup: %s seen before", id)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return added.Val() == 0, nil
}
