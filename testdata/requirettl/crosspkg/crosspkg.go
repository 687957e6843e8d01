// Package crosspkg calls the helpers of another package.
package crosspkg

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/requirettl/helpers"
)

func coveredByHelper(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "a:"+id, "f", 1)
	_ = helpers.Expire(ctx, rdb, "a:"+id, time.Hour)
	rdb.SAdd(ctx, "b:"+id, 1)
	helpers.Touch(ctx, rdb, "b:"+id)
	rdb.Incr(ctx, "c:"+id)
	_ = helpers.SetWithTTL(ctx, rdb, "c:"+id, 1)
	rdb.Incr(ctx, "d:"+id)
	_ = helpers.PutTTL(ctx, rdb, "d:"+id, 1, time.Hour)
	helpers.ExpireEach(ctx, rdb, "e")
	rdb.LPush(ctx, "f:"+id, 1)
	helpers.ExpireEach(ctx, rdb, "f:"+id)
}

func helperOnAnotherKey(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "a:"+id, "f", 1) // want `HSet on key "a:" \+ id is not followed by an expiry`
	_ = helpers.Expire(ctx, rdb, "b:"+id, time.Hour)
}

func persistIsNoHelper(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "p:"+id, "f", 1) // want `HSet on key "p:" \+ id is not followed`
	helpers.Unpersist(ctx, rdb, "p:"+id)
}

func wrappers(ctx context.Context, rdb *redis.Client, c *helpers.Cache, id string) error {
	if err := helpers.Put(ctx, rdb, "w:"+id, 1); err != nil { // want `HSet through helpers.Put on key "w:" \+ id is not followed by an expiry`
		return err
	}
	helpers.PutAll(ctx, rdb, "all:"+id, 1, 2)  // want `HSet through Put through helpers.PutAll on key "all:" \+ id`
	helpers.Link(ctx, rdb, "l1:"+id, "l2:"+id) // want `SAdd through helpers.Link on key "l1:" \+ id`
	return c.Set(ctx, "cs:"+id, 1)             // want `Set through c.Set on key "cs:" \+ id is not followed`
}

func wrapperThenExpiry(ctx context.Context, rdb *redis.Client, c *helpers.Cache, id string) error {
	if err := helpers.Put(ctx, rdb, "w:"+id, 1); err != nil {
		return err // the write failed
	}
	rdb.Expire(ctx, "w:"+id, time.Hour)
	_ = c.Set(ctx, "cs:"+id, 1)
	c.Expire(ctx, "cs:"+id)
	return nil
}

// Save passes its key parameter to a wrapper unchanged: it is a wrapper too.
func Save(ctx context.Context, rdb *redis.Client, key string) error { // want Save:`writesKey\(2 HSet through helpers.Put\)`
	return helpers.Put(ctx, rdb, key, 1)
}

func callsSave(ctx context.Context, rdb *redis.Client, id string) {
	_ = Save(ctx, rdb, "s:"+id) // want `HSet through helpers.Put through Save on key "s:" \+ id`
	_ = Save(ctx, rdb, "t:"+id)
	rdb.Expire(ctx, "t:"+id, time.Hour)
}

// silent: a helper that may expire a key built from the same id, or that
// runs a script.
func silent(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "user:"+id, "f", 1)
	helpers.Refresh(ctx, rdb, id)
	rdb.HSet(ctx, "other:"+id, "f", 1)
	helpers.Cleanup(ctx, rdb)
}
