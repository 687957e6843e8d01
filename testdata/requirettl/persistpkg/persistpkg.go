// Package persistpkg is a metadata store: every key it writes persists.
//
//redislint:persistent the metadata is the file system; it is never evicted
package persistpkg

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Put writes its key: a wrapper of a persistent package is not reported
// at its callers either.
func Put(ctx context.Context, rdb *redis.Client, key string) {
	rdb.HSet(ctx, key, "a", 1)
}

func writes(ctx context.Context, rdb *redis.Client, id string, kv []any) {
	rdb.HSet(ctx, "node:"+id, "a", 1)
	rdb.MSet(ctx, kv...)
}
