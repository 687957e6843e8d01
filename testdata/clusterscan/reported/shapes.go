package reported

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

type clusterAlias = redis.ClusterClient

func aliased(ctx context.Context, rdb *clusterAlias) {
	fmt.Println(rdb.Scan(ctx, 0, "*", 1).Val()) // want `rdb.Scan on a \*redis.ClusterClient`
}

func typeParam[C interface{ *redis.ClusterClient }](ctx context.Context, rdb C) {
	fmt.Println((*redis.ClusterClient)(rdb).Scan(ctx, 0, "*", 1).Val()) // want `on a \*redis.ClusterClient`
}

func methodExpr(ctx context.Context, rdb *redis.ClusterClient) {
	fmt.Println((*redis.ClusterClient).Scan(rdb, ctx, 0, "*", 1).Val()) // not followed
}
