// Package leaderboard keeps scores in a Redis sorted set per period.
package leaderboard

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Board is one leaderboard.
type Board struct {
	rdb  *redis.Client
	name string
}

// New returns the board called name.
func New(rdb *redis.Client, name string) *Board { return &Board{rdb: rdb, name: name} }

// Top returns the best n players.
func (b *Board) Top(ctx context.Context, n int64) ([]string, error) {
	return b.rdb.ZRevRange(ctx, "board:"+b.name, 0, n-1).Result()
}

// Archived returns the names of the boards of past periods.
func (b *Board) Archived(ctx context.Context) []string {
	archived := b.rdb.Keys(ctx, "board:archive:*").Val()
	return archived
}
