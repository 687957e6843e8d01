// Package testfiles: pipelineread reports test code too; a queued read
// in a test is just as wrong.
package testfiles

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Seed queues fixture writes.
func Seed(ctx context.Context, pipe redis.Pipeliner) {
	pipe.Set(ctx, "k", "v", 0)
}
