package silent

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Loops inside Pipelined, TxPipelined and Watch closures: their commands
// are queued or part of a transaction, whatever client they name.
func inClosures(ctx context.Context, rdb *redis.Client, keys []string) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, k := range keys {
			pipe.Set(ctx, k, 1, time.Hour)
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, k := range keys {
			if len(k) > 0 {
				rdb.Incr(ctx, k) // a bug of its own, but not a loop to pipeline
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		for _, k := range keys {
			tx.Get(ctx, k)
		}
		return nil
	}, keys...)
}

// Queueing on a Pipeliner.
func queued(ctx context.Context, rdb *redis.Client, keys []string) error {
	pipe := rdb.Pipeline()
	for _, k := range keys {
		pipe.Expire(ctx, k, time.Hour)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// One pipeline per batch.
func perBatch(ctx context.Context, rdb *redis.Client, keys []string) error {
	for i := 0; i < len(keys); i += 100 {
		end := min(i+100, len(keys))
		if _, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
			for _, k := range keys[i:end] {
				pipe.Del(ctx, k)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	for i := 0; i < len(keys); i += 100 {
		pipe := rdb.TxPipeline()
		for _, k := range keys[i:min(i+100, len(keys))] {
			pipe.Del(ctx, k)
		}
		rdb.Incr(ctx, "batches")
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// A WATCH transaction per key.
func watchEach(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		_ = rdb.Watch(ctx, func(tx *redis.Tx) error { return nil }, k)
		rdb.Incr(ctx, "watched")
	}
}

// An AutoPipeliner batches the loop's commands by itself.
func auto(ctx context.Context, ap *redis.AutoPipeliner, keys []string) {
	for _, k := range keys {
		ap.Set(ctx, k, 1, time.Hour)
	}
}

// Cmdable may be a pipeline already: not reported by default.
func cmdable(ctx context.Context, c redis.Cmdable, s redis.StringCmdable, keys []string) {
	for _, k := range keys {
		c.Incr(ctx, k)
	}
	for _, k := range keys {
		s.Incr(ctx, k)
	}
}

// One client per shard: the commands go to different servers.
func perShard(ctx context.Context, shards []*redis.Client, byName map[string]*redis.Client) {
	for _, shard := range shards {
		shard.FlushDB(ctx)
	}
	for i := range shards {
		shards[i].Ping(ctx)
	}
	for name := range byName {
		byName[name].Ping(ctx)
	}
	var c *redis.Client
	for _, s := range shards {
		c = s
		c.Ping(ctx)
	}
}

// Commands in goroutines or callbacks run concurrently or later.
func concurrent(ctx context.Context, rdb *redis.Client, keys []string, each func(func())) {
	done := make(chan struct{}, len(keys))
	for _, k := range keys {
		go func() {
			rdb.Del(ctx, k)
			done <- struct{}{}
		}()
	}
	for _, k := range keys {
		each(func() { rdb.Del(ctx, k) })
	}
	for range keys {
		go rdb.Ping(ctx) // opens connections concurrently
	}
	for _, k := range keys {
		defer rdb.Del(ctx, k)
	}
}

// Building a command sends nothing; a user's own Set method is not go-redis.
type store struct{ m map[string]string }

func (s *store) Set(ctx context.Context, k, v string) { s.m[k] = v }

func notCommands(ctx context.Context, s *store, keys []string) {
	for _, k := range keys {
		s.Set(ctx, k, "v")
		_ = redis.NewStringCmd(ctx, "get", k)
	}
}

// A loop in a function literal passed to Pipelined, nested in a helper.
func nestedClosure(ctx context.Context, rdb *redis.Client, keys []string) {
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		each := func() {
			for _, k := range keys {
				rdb.Del(ctx, k)
			}
		}
		each()
		return nil
	})
}
