// Package crosspkg calls the helpers of another package. requirettl does
// not see their bodies: a helper that is passed the key, or the client,
// may expire it, so writes before such calls are not reported.
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

// silent: each helper is handed the client or the key.
func silent(ctx context.Context, rdb *redis.Client, c *helpers.Cache, id string) error {
	rdb.HSet(ctx, "a:"+id, "f", 1)
	_ = helpers.Expire(ctx, rdb, "a:"+id, time.Hour)
	rdb.HSet(ctx, "p:"+id, "f", 1)
	helpers.Unpersist(ctx, rdb, "p:"+id) // it might expire the key; it does not, but the body is not seen
	rdb.HSet(ctx, "other:"+id, "f", 1)
	helpers.Cleanup(ctx, rdb) // handed the client: it may expire any key
	rdb.HSet(ctx, "cs:"+id, "f", 1)
	c.Expire(ctx, "cs:"+id) // a method of another package, passed the key
	rdb.SAdd(ctx, "k:"+id, 1)
	helpers.ExpireEach(ctx, rdb, "k:"+id)
	// A wrapper of another package is not reported at its callers.
	return helpers.Put(ctx, rdb, "w:"+id, 1)
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
