// Package catalog caches products and reads the shop's best sellers from
// Redis.
package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Product is one item of the catalog.
type Product struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// cacheTTL bounds how stale a cached product can be.
const cacheTTL = 10 * time.Minute

func productKey(id string) string { return "product:" + id }

func priceKey(id string) string { return "price:" + id }

// WarmPrices caches every product's price: one round trip per product.
func WarmPrices(ctx context.Context, rdb *redis.Client, products []Product) error {
	for _, p := range products {
		rdb.Set(ctx, priceKey(p.ID), p.Price, cacheTTL)
	}
	return nil
}

// Cache stores one product as JSON.
func Cache(ctx context.Context, rdb *redis.Client, p Product) error {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode product %s: %w", p.ID, err)
	}
	return rdb.Set(ctx, productKey(p.ID), b, cacheTTL).Err()
}

// Scores reads each player's score on the best-sellers board: one round
// trip per player.
func Scores(ctx context.Context, rdb *redis.Client, players []string) (map[string]float64, error) {
	scores := make(map[string]float64, len(players))
	for _, p := range players {
		s, err := rdb.ZScore(ctx, "board:sellers", p).Result()
		if err == redis.Nil {
			continue // not on the board
		}
		if err != nil {
			return nil, fmt.Errorf("score of %s: %w", p, err)
		}
		scores[p] = s
	}
	return scores, nil
}

// Refresh extends the cached products' TTL in one round trip: the loop
// queues on the pipeline.
func Refresh(ctx context.Context, rdb *redis.Client, ids []string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, id := range ids {
			pipe.Expire(ctx, productKey(id), cacheTTL)
		}
		return nil
	})
	return err
}

// CountCached walks the cached products with SCAN: each call needs the
// cursor the previous one returned, so the loop cannot be pipelined.
func CountCached(ctx context.Context, rdb *redis.Client, maxPages int) (int, error) {
	n := 0
	var cursor uint64
	for page := 0; page < maxPages; page++ {
		keys, next, err := rdb.Scan(ctx, cursor, "product:*", 500).Result()
		if err != nil {
			return 0, err
		}
		n += len(keys)
		cursor = next
		if cursor == 0 {
			break
		}
	}
	return n, nil
}

// Reindex takes product ids off the reindex queue until ctx is done or
// n ids were handled: BRPOP waits on the server, one id at a time.
func Reindex(ctx context.Context, rdb *redis.Client, n int, handle func(id string)) {
	for i := 0; i < n; i++ {
		res, err := rdb.BRPop(ctx, 5*time.Second, "reindex").Result()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			continue
		}
		handle(res[1])
	}
}
