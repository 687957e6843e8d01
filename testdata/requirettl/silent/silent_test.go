package silent

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Test files write fixture keys on purpose: not reported.
func TestFixture(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	rdb.HSet(context.Background(), "fixture", "a", 1)
}
