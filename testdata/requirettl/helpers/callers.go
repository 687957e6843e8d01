package helpers // want package:"familyTTLs"

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func coveredByHelper(ctx context.Context, rdb *redis.Client, c *Cache, id string) {
	rdb.HSet(ctx, "a:"+id, "f", 1)
	_ = Expire(ctx, rdb, "a:"+id, time.Hour)
	rdb.SAdd(ctx, "b:"+id, 1)
	Touch(ctx, rdb, "b:"+id)
	rdb.Incr(ctx, "c:"+id)
	_ = SetWithTTL(ctx, rdb, "c:"+id, 1)
	rdb.Incr(ctx, "d:"+id)
	_ = PutTTL(ctx, rdb, "d:"+id, 1, time.Hour)
	rdb.LPush(ctx, "f:"+id, 1)
	ExpireEach(ctx, rdb, "f:"+id)
	rdb.LPush(ctx, "g:"+id, 1)
	c.Expire(ctx, "g:"+id)
	rdb.LPush(ctx, "h:"+id, 1)
	expire(ctx, rdb, "h:"+id)
}

func helperOnAnotherKey(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "a:"+id, "f", 1) // want `HSet on key "a:" \+ id is not followed by an expiry`
	_ = Expire(ctx, rdb, "b:"+id, time.Hour)
}

func persistIsNoHelper(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "p:"+id, "f", 1) // want `HSet on key "p:" \+ id is not followed`
	Unpersist(ctx, rdb, "p:"+id)
}

func wrappers(ctx context.Context, rdb *redis.Client, c *Cache, id string) error {
	if err := Put(ctx, rdb, "w:"+id, 1); err != nil { // want `HSet through Put on key "w:" \+ id is not followed by an expiry`
		return err
	}
	PutAll(ctx, rdb, "all:"+id, 1, 2)  // want `HSet through Put through PutAll on key "all:" \+ id`
	Link(ctx, rdb, "l1:"+id, "l2:"+id) // want `SAdd through Link on key "l1:" \+ id`
	return c.Set(ctx, "cs:"+id, 1)     // want `Set through c.Set on key "cs:" \+ id is not followed`
}

func wrapperThenExpiry(ctx context.Context, rdb *redis.Client, c *Cache, id string) error {
	if err := Put(ctx, rdb, "w:"+id, 1); err != nil {
		return err // the write failed
	}
	rdb.Expire(ctx, "w:"+id, time.Hour)
	_ = c.Set(ctx, "cs:"+id, 1)
	c.Expire(ctx, "cs:"+id)
	return nil
}

// silent: a helper that may expire a key built from the same id, or that
// runs a script.
func silent(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "user:"+id, "f", 1)
	Refresh(ctx, rdb, id)
	rdb.HSet(ctx, "other:"+id, "f", 1)
	Cleanup(ctx, rdb)
}
