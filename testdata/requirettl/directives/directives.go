// Package directives: suppression and generated files.
package directives

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, rdb *redis.Client) {
	rdb.Incr(ctx, "visits") //redislint:ignore requirettl a global counter, kept forever on purpose
	//redislint:ignore requirettl the queue is drained by the worker
	rdb.LPush(ctx, "jobs", 1)
	rdb.SAdd(ctx, "seen", 1) //nolint:requirettl // golangci-lint's directive, honored standalone
	// want +1 `redislint:ignore directive needs a reason` `SAdd on key "tags" is not followed`
	rdb.SAdd(ctx, "tags", 1)  //redislint:ignore requirettl
	rdb.SAdd(ctx, "other", 1) //redislint:ignore nokeys not this analyzer // want `SAdd on key "other" is not followed`
}
