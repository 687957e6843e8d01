// Package common funnels Redis through helpers, as services do: the // want package:`familyTTLs\("sess:"\)`
// analyzers of its callers learn what each helper does from its facts.
package common

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Client is the service's one client.
var Client redis.UniversalClient

// RedisDecrease is a pass-through wrapper: each caller is checked.
func RedisDecrease(key string) int64 { // want RedisDecrease:`writesKey\(0 DecrBy\)`
	return Client.DecrBy(context.Background(), key, 1).Val()
}

// RedisSet writes without a TTL when ttl is 0; the caller decides.
func RedisSet(key string, v any, ttl time.Duration) error { // want RedisSet:`expiresKey\(0\)`
	return Client.Set(context.Background(), key, v, ttl).Err()
}

// Touch expires the key.
func Touch(ctx context.Context, key string) { // want Touch:`expiresKey\(1\)`
	Client.Expire(ctx, key, time.Hour)
}

// Keep removes the key's TTL: not an expiry helper.
func Keep(ctx context.Context, key string) {
	Client.Expire(ctx, key, time.Hour)
	Client.Persist(ctx, key)
}

// SessionKey builds the session keys.
func SessionKey(id string) string { // want SessionKey:`keyBuilder\("sess:"\)`
	if id == "" {
		return "sess:anonymous"
	}
	return "sess:" + id
}

// StartSession gives the session family its TTL.
func StartSession(ctx context.Context, id string) { // want StartSession:`mayExpire\(1\)`
	Client.Set(ctx, SessionKey(id), 1, 30*time.Minute)
}

// ConfigPrefix starts the service's settings.
//
//redislint:persistent settings live until an operator changes them
const ConfigPrefix = "config:" // want ConfigPrefix:`persistentKey`
