// Package keyforms: keys built through conversions, dereferences and // want package:"familyTTLs"
// method-value key builders are compared like other expressions.
package keyforms

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Ino is an inode number.
type Ino uint64

func inodeKey(i Ino) string { return "i" + strconv.FormatUint(uint64(i), 10) }

func conversions(ctx context.Context, rdb *redis.Client, x, y uint64) {
	rdb.HSet(ctx, inodeKey(Ino(x)), "a", 1)
	rdb.Expire(ctx, inodeKey(Ino(x)), time.Hour)
	rdb.HSet(ctx, inodeKey(Ino(y)), "a", 1) // want `HSet on key inodeKey\(Ino\(y\)\) is not followed`
	rdb.Expire(ctx, inodeKey(Ino(x)), time.Hour)
}

func derefs(ctx context.Context, rdb *redis.Client, id *string) {
	rdb.SAdd(ctx, *id, 1)
	rdb.Expire(ctx, *id, time.Hour)
	rdb.SAdd(ctx, "d:"+*id, 1) // want `SAdd on key "d:" \+ \*id is not followed`
}

type store struct {
	prefix string
	events Notifier
}

func (s *store) key(id string) string { return s.prefix + id }

func methodValues(ctx context.Context, rdb *redis.Client, s *store, id string) {
	kb := s.key
	rdb.Incr(ctx, kb(id)) // want `Incr on key kb\(id\) is not followed`
	rdb.Incr(ctx, kb(id+"x"))
	rdb.Expire(ctx, kb(id+"x"), time.Hour)
}

// Notifier is implemented elsewhere.
type Notifier interface {
	Notify(ctx context.Context, event string)
	Touch(ctx context.Context, key string)
}

// An interface call handed neither the key nor a client expires nothing;
// one handed the key may.
func interfaces(ctx context.Context, rdb *redis.Client, s *store, n Notifier, id string) {
	rdb.HSet(ctx, s.key(id), "a", 1) // want `HSet on key s.key\(id\) is not followed`
	s.events.Notify(ctx, "created")
	rdb.HSet(ctx, "t:"+id, "a", 1)
	n.Touch(ctx, "t:"+id)
}
