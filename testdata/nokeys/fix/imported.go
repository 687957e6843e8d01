package fix

import (
	"context"

	"github.com/redis/go-redis/v9"
	kit "github.com/redislint/redislint/runtime/rediskit"
)

var _ = kit.EscapePattern

func already(ctx context.Context, rdb *redis.Client, id string) ([]string, error) {
	return rdb.Keys(ctx, "user:"+kit.EscapePattern(id)+":*").Result() // want `rdb.Keys walks`
}
