package silent

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// A file that imports "testing" is test support: its one-at-a-time
// fixture writes are not reported.
func SeedList(tb testing.TB, rdb *redis.Client, items []string) {
	for _, it := range items {
		if err := rdb.RPush(context.Background(), "list", it).Err(); err != nil {
			tb.Fatal(err)
		}
	}
}
