// Package sessions stores login sessions in Redis.
package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redislint/redislint/runtime/rediskit"
)

// TTL is how long a session lives without activity.
const TTL = 30 * time.Minute

// Store keeps sessions under session:<user>:<id>.
type Store struct {
	rdb *redis.Client
}

// New returns a Store on rdb.
func New(rdb *redis.Client) *Store { return &Store{rdb: rdb} }

func key(user, id string) string { return "session:" + user + ":" + id }

// Create stores a new session for user.
func (s *Store) Create(ctx context.Context, user, id, data string) error {
	return s.rdb.Set(ctx, key(user, id), data, TTL).Err()
}

// Touch extends a session's life.
func (s *Store) Touch(ctx context.Context, user, id string) error {
	return s.rdb.Expire(ctx, key(user, id), TTL).Err()
}

// ListForUser returns the ids of user's sessions.
func (s *Store) ListForUser(ctx context.Context, user string) ([]string, error) {
	pattern := "session:" + rediskit.EscapePattern(user) + ":*"
	keys, err := s.rdb.Keys(ctx, pattern).Result()
	if err != nil {
		return nil, fmt.Errorf("list sessions of %s: %w", user, err)
	}
	ids := make([]string, 0, len(keys))
	for _, k := range keys {
		ids = append(ids, k[strings.LastIndexByte(k, ':')+1:])
	}
	return ids, nil
}
