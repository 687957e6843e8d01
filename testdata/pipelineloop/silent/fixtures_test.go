package silent

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Tests write fixtures one by one on purpose: _test.go files are not
// analyzed.
func TestFixtures(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{})
	for _, k := range []string{"a", "b", "c"} {
		rdb.Set(ctx, k, "v", time.Minute)
	}
}
