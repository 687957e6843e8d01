// Package ratelimit limits requests per client with Redis counters.
package ratelimit

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Limiter allows Limit requests per Window and bans clients that keep
// hitting the limit.
type Limiter struct {
	rdb    *redis.Client
	Limit  int64
	Window time.Duration
	Ban    time.Duration
}

// New returns a Limiter on rdb.
func New(rdb *redis.Client) *Limiter {
	return &Limiter{rdb: rdb, Limit: 100, Window: time.Minute, Ban: time.Hour}
}

// Allow counts a request in a fixed window. The window's TTL is set when
// the counter is created, so a counter never outlives its window.
func (l *Limiter) Allow(ctx context.Context, client string) (bool, error) {
	key := "rate:" + client
	n, err := l.rdb.Incr(ctx, key).Result()
	if err != nil {
		return false, err
	}
	if n == 1 {
		if err := l.rdb.Expire(ctx, key, l.Window).Err(); err != nil {
			return false, err
		}
	}
	if n > l.Limit {
		return false, l.strike(ctx, client)
	}
	return true, nil
}

// AllowSliding counts a request in a sliding window kept in a sorted set.
func (l *Limiter) AllowSliding(ctx context.Context, client string) (bool, error) {
	key := "sliding:" + client
	now := time.Now()
	pipe := l.rdb.TxPipeline()
	pipe.ZRemRangeByScore(ctx, key, "0", strconv.FormatInt(now.Add(-l.Window).UnixMilli(), 10))
	pipe.ZAdd(ctx, key, redis.Z{Score: float64(now.UnixMilli()), Member: now.UnixNano()})
	count := pipe.ZCard(ctx, key)
	pipe.Expire(ctx, key, l.Window)
	if _, err := pipe.Exec(ctx); err != nil {
		return false, err
	}
	return count.Val() <= l.Limit, nil
}

// strike counts a client's violations and bans it after three.
func (l *Limiter) strike(ctx context.Context, client string) error {
	strikes, err := l.rdb.Incr(ctx, "strikes:"+client).Result()
	if err != nil {
		return err
	}
	if strikes >= 3 {
		return l.rdb.Set(ctx, "ban:"+client, 1, l.Ban).Err()
	}
	return nil
}
