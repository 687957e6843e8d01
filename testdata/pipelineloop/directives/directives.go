// Package directives: suppression comments.
package directives

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, k) //redislint:ignore pipelineloop at most three keys, at startup
	}

	//redislint:ignore pipelineloop each delete must be visible before the next
	for _, k := range keys {
		rdb.Del(ctx, k)
	}

	for _, k := range keys {
		rdb.Del(ctx, k) //nolint:pipelineloop // replayed one by one on purpose
	}

	for _, k := range keys {
		rdb.Del(ctx, k) //redislint:ignore nokeys another analyzer's // want `Del on rdb runs once per element of keys`
	}

	for _, k := range keys {
		// want +1 `redislint:ignore directive needs a reason` `Del on rdb runs once per element of keys`
		rdb.Del(ctx, k) //redislint:ignore pipelineloop
	}
}
