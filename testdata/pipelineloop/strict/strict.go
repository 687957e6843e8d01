// Package strict: with -pipelineloop.strict, Cmdable receivers are reported
// too; pipelines and auto-pipeliners never are.
package strict

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func cmdable(ctx context.Context, c redis.Cmdable, keys []string) {
	for _, k := range keys {
		c.Incr(ctx, k) // want `Incr on c runs once per element of keys: one round trip each; queue them on c.Pipelined`
	}
}

// StringCmdable has no Pipelined method: the message says so.
func family(ctx context.Context, s redis.StringCmdable, keys []string) {
	for _, k := range keys {
		s.Incr(ctx, k) // want `Incr on s runs once per element of keys: one round trip each; queue them on a pipeline \(or rediskit's batch helpers\)`
	}
}

func stateful(ctx context.Context, s redis.StatefulCmdable, keys []string) {
	for _, k := range keys {
		s.Incr(ctx, k) // want `Incr on s runs once per element of keys`
	}
}

func generic[C redis.Cmdable](ctx context.Context, c C, keys []string) {
	for _, k := range keys {
		c.Incr(ctx, k) // want `Incr on c runs once per element of keys`
	}
}

func never(ctx context.Context, pipe redis.Pipeliner, ap *redis.AutoPipeliner, keys []string) {
	for _, k := range keys {
		pipe.Incr(ctx, k)
	}
	for _, k := range keys {
		ap.Set(ctx, k, 1, time.Hour)
	}
}
