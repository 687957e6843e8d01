// Package helpers holds key helpers, called from the same package
// (callers.go), where requirettl summarizes them, and from another package
// (crosspkg), where it does not see them.
package helpers

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Expire sets a TTL on key.
func Expire(ctx context.Context, rdb redis.Cmdable, key string, ttl time.Duration) error { // want Expire:`expiresKey\(2\)`
	return rdb.Expire(ctx, key, ttl).Err()
}

// Touch expires key through Expire.
func Touch(ctx context.Context, rdb redis.Cmdable, key string) { // want Touch:`expiresKey\(2\)`
	_ = Expire(ctx, rdb, key, time.Hour)
}

// SetWithTTL writes key with a TTL: it also expires a key written before.
func SetWithTTL(ctx context.Context, rdb redis.Cmdable, key string, v any) error { // want SetWithTTL:`expiresKey\(2\)`
	return rdb.Set(ctx, key, v, time.Hour).Err()
}

// PutTTL sets a TTL only when asked to: callers decide.
func PutTTL(ctx context.Context, rdb redis.Cmdable, key string, v any, ttl time.Duration) error { // want PutTTL:`expiresKey\(2\)`
	if err := rdb.HSet(ctx, key, "v", v).Err(); err != nil { // want `HSet on key key is not followed by an expiry on the path through the return at line 37`
		return err
	}
	if ttl > 0 {
		return rdb.Expire(ctx, key, ttl).Err()
	}
	return nil
}

// Put is a pass-through wrapper: its callers are checked.
func Put(ctx context.Context, rdb redis.Cmdable, key string, v any) error { // want Put:`writesKey\(2 HSet\)`
	return rdb.HSet(ctx, key, "v", v).Err()
}

// PutAll wraps Put.
func PutAll(ctx context.Context, rdb redis.Cmdable, key string, vs ...any) { // want PutAll:`writesKey\(2 HSet through Put\)`
	for _, v := range vs {
		_ = Put(ctx, rdb, key, v)
	}
}

// Link writes both of its keys.
func Link(ctx context.Context, rdb redis.Cmdable, a, b string) { // want Link:`writesKey\(2 SAdd, 3 SAdd\)`
	rdb.SAdd(ctx, a, b)
	rdb.SAdd(ctx, b, a)
}

// Refresh expires a key it builds from id.
func Refresh(ctx context.Context, rdb redis.Cmdable, id string) { // want Refresh:`mayExpire\(2\)`
	rdb.Expire(ctx, "user:"+id, time.Hour)
}

// Cleanup flushes the database: any key may be gone.
func Cleanup(ctx context.Context, rdb redis.Cmdable) { // want Cleanup:`mayExpire\(any\)`
	rdb.FlushDB(ctx)
}

// Unpersist removes key's TTL after setting it: not an expiry helper.
func Unpersist(ctx context.Context, rdb redis.Cmdable, key string) {
	rdb.Expire(ctx, key, time.Hour)
	rdb.Persist(ctx, key)
}

// Cache writes through its client.
type Cache struct{ rdb redis.UniversalClient }

// Set writes key without a TTL.
func (c *Cache) Set(ctx context.Context, key string, v any) error { // want Set:`writesKey\(1 Set\)`
	return c.rdb.Set(ctx, key, v, 0).Err()
}

// Expire expires key.
func (c *Cache) Expire(ctx context.Context, key string) { // want Expire:`expiresKey\(1\)`
	c.rdb.Expire(ctx, key, time.Hour)
}

// ExpireEach is generic.
func ExpireEach[C redis.Cmdable](ctx context.Context, c C, key string) { // want ExpireEach:`expiresKey\(2\)`
	c.Expire(ctx, key, time.Minute)
}

// An unexported helper is summarized like an exported one.
func expire(ctx context.Context, rdb redis.Cmdable, key string) {
	rdb.Expire(ctx, key, time.Hour)
}

// Use keeps expire used.
func Use(ctx context.Context, rdb redis.Cmdable) {
	rdb.Incr(ctx, "counter")
	expire(ctx, rdb, "counter")
}

// UserKey builds a key.
func UserKey(id string, shard int) string { // want UserKey:`keyBuilder\("user:"\)`
	return "user:" + id + ":" + strconv.Itoa(shard)
}
