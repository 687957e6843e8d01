package fix

import "github.com/redis/go-redis/v9"

func single(ctx Ctx, rdb *redis.Client) []string {
	keys := rdb.Keys(ctx, "*").Val() // want `rdb.Keys walks`
	return keys
}
