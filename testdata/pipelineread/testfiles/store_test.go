package testfiles

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{})
	pipe := rdb.Pipeline()
	Seed(ctx, pipe)
	if got := pipe.Get(ctx, "k").Val(); got != "v" { // want `pipe.Get\(...\).Val\(\) reads pipe.Get`
		t.Fatalf("got %q", got)
	}
}
