// Package wrapper hands out a go-redis client to packages that do not
// import go-redis themselves.
package wrapper

import "github.com/redis/go-redis/v9"

var rdb = redis.NewClient(&redis.Options{})

// Client returns the shared client.
func Client() *redis.Client { return rdb }
