// Package directives: suppression comments and generated files.
package directives

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.Scan(ctx, 0, "a", 1) //redislint:ignore clusterscan the keys all share one hash tag

	//redislint:ignore clusterscan debug endpoint that shows one node
	rdb.Scan(ctx, 0, "b", 1)

	rdb.Scan(ctx, 0, "c", 1) //nolint:clusterscan // legacy

	rdb.Scan(ctx, 0, "d", 1) //redislint:ignore nokeys wrong analyzer // want `rdb.Scan on a`

	// want +1 `redislint:ignore directive needs a reason` `rdb.Scan on a`
	rdb.Scan(ctx, 0, "e", 1) //redislint:ignore clusterscan
}
