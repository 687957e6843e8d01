package testfiles

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

func cleanup(t *testing.T, rdb *redis.ClusterClient) {
	ctx := context.Background()
	it := rdb.Scan(ctx, 0, Prefix+"*", 100).Iterator() // want `rdb.Scan on a \*redis.ClusterClient`
	for it.Next(ctx) {
		rdb.Del(ctx, it.Val())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
}
