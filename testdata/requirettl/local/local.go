// Package local: helpers and wrappers of the same package, unexported. // want package:"familyTTLs"
package local

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type store struct {
	rdb *redis.Client
}

func (s *store) expire(ctx context.Context, key string) {
	s.rdb.Expire(ctx, key, time.Hour)
}

func (s *store) touch(ctx context.Context, key string) { s.expire(ctx, key) }

func (s *store) put(ctx context.Context, key string, v any) error {
	return s.rdb.HSet(ctx, key, "v", v).Err()
}

func (s *store) save(ctx context.Context, id string) error {
	if err := s.put(ctx, "u:"+id, 1); err != nil {
		return err
	}
	s.touch(ctx, "u:"+id)
	return nil
}

func (s *store) saveForever(ctx context.Context, id string) error {
	return s.put(ctx, "f:"+id, 1) // want `HSet through s.put on key "f:" \+ id is not followed by an expiry`
}

// refresh builds its own key from id: a caller's write of that key is
// left alone.
func (s *store) refresh(ctx context.Context, id string) {
	s.rdb.Expire(ctx, "r:"+id, time.Hour)
}

func (s *store) saveAndRefresh(ctx context.Context, id string) {
	s.rdb.HSet(ctx, "r:"+id, "a", 1)
	s.refresh(ctx, id)
}

// Recursion: the summaries of a cycle are not used inside it.
func (s *store) walk(ctx context.Context, key string, depth int) {
	if depth == 0 {
		s.rdb.Expire(ctx, key, time.Hour)
		return
	}
	s.walk(ctx, key, depth-1)
}

func (s *store) viaRecursion(ctx context.Context) {
	s.rdb.SAdd(ctx, "rec", 1)
	s.walk(ctx, "rec", 3)
}

// A wrapper whose key parameter is built into another key is not a
// pass-through: the write is reported in it.
func (s *store) putUser(ctx context.Context, id string) {
	s.rdb.HSet(ctx, "user:"+id, "a", 1) // want `HSet on key "user:" \+ id is not followed`
}
