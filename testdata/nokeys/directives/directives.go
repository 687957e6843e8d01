// Package directives: suppression comments.
package directives

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, rdb *redis.Client) {
	rdb.Keys(ctx, "*") //redislint:ignore nokeys test keyspace of ten keys

	//redislint:ignore nokeys debug endpoint, behind an admin flag
	rdb.Keys(ctx, "debug:*")

	rdb.Keys(ctx, "*") //nolint:nokeys // fixture loader

	rdb.Keys(ctx, "*") //redislint:ignore requirettl wrong analyzer // want `rdb.Keys walks`

	// want +1 `redislint:ignore directive needs a reason` `rdb.Keys walks`
	rdb.Keys(ctx, "*") //redislint:ignore nokeys
}
