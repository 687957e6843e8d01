// Package crosspkg calls the helpers of another package. // want package:"familyTTLs"
// requirettl judges them by their facts; functions of packages without
// facts (the standard library, modules that never import go-redis) by
// their signatures.
package crosspkg

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/requirettl/helpers"
)

// silent: each helper expires the key, or may expire any key.
func silent(ctx context.Context, rdb *redis.Client, c *helpers.Cache, id string) error {
	rdb.HSet(ctx, "a:"+id, "f", 1)
	_ = helpers.Expire(ctx, rdb, "a:"+id, time.Hour)
	rdb.HSet(ctx, "other:"+id, "f", 1)
	helpers.Cleanup(ctx, rdb) // it flushes the database
	rdb.HSet(ctx, "cs:"+id, "f", 1)
	c.Expire(ctx, "cs:"+id) // a method of another package, passed the key
	rdb.SAdd(ctx, "k:"+id, 1)
	helpers.ExpireEach(ctx, rdb, "k:"+id)
	return nil
}

// facts: a helper of another package is judged by its facts. One that
// calls Persist is no expiry; a pass-through wrapper is reported here,
// naming it.
func facts(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.HSet(ctx, "p:"+id, "f", 1) // want `HSet on key "p:" \+ id is not followed by an expiry`
	helpers.Unpersist(ctx, rdb, "p:"+id)
	helpers.Link(ctx, rdb, "x:"+id, "ok:"+id) // want `SAdd through helpers.Link on key "x:" \+ id is not followed`
	rdb.Expire(ctx, "ok:"+id, time.Hour)
	return helpers.Put(ctx, rdb, "w:"+id, 1) // want `HSet through helpers.Put on key "w:" \+ id is not followed by an expiry; the key will never expire, though keys "w:"... get a TTL at github.com/redislint/redislint/testdata/requirettl/helpers/callers.go:50`
}

// reported: the other package's function is passed neither the key nor
// anything it is built from, nor the client.
func reported(ctx context.Context, rdb *redis.Client, c *helpers.Cache, id string) {
	rdb.HSet(ctx, "x:"+id, "f", 1) // want `HSet on key "x:" \+ id is not followed by an expiry`
	c.Expire(ctx, "y:"+id)
}

// The standard library never expires a key, and a logger that takes the
// key as ...any formats it.
func stdlib(ctx context.Context, rdb *redis.Client, id int) {
	key := "n:" + strconv.Itoa(id)
	rdb.Incr(ctx, key) // want `Incr on key key is not followed by an expiry`
	slog.InfoContext(ctx, "incremented", "key", key)
	_ = fmt.Sprint(key)
}

// A key builder of another package (strings and numbers in, one string
// out) formats; it does not expire the key.
func keyBuilder(ctx context.Context, rdb *redis.Client, id string) {
	rdb.SAdd(ctx, "members:"+id, 1) // want `SAdd on key "members:" \+ id is not followed by an expiry`
	rdb.Set(ctx, helpers.UserKey(id, 1), 1, time.Hour)
}
