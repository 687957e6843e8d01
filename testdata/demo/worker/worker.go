// Package worker processes jobs from a Redis list.
package worker

import (
	"context"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
)

// Run takes jobs off the queue until ctx is done.
func Run(ctx context.Context, rdb *redis.Client) {
	for {
		res, err := rdb.BRPop(ctx, 5*time.Second, "jobs").Result()
		if err == redis.Nil {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Printf("worker: %v", err)
			time.Sleep(time.Second)
			continue
		}
		log.Printf("worker: job %s", res[1])
	}
}

// Stale counts the lock keys left behind by crashed workers.
func Stale(ctx context.Context, rdb *redis.Client) (int, error) {
	res, err := rdb.Do(ctx, "KEYS", "lock:job:*").StringSlice()
	return len(res), err
}
