package silent

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// A test helper outside a _test.go file: t.Fatalf on a reply's value ends
// the loop.
func RequireValues(t testing.TB, rdb *redis.Client, want map[string]string) {
	ctx := context.Background()
	for k, v := range want {
		if got := rdb.Get(ctx, k).Val(); got != v {
			t.Fatalf("%s = %q, want %q", k, got, v)
		}
	}
}
