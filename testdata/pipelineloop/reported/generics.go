package reported

import (
	"context"
	"iter"
	"time"

	"github.com/redis/go-redis/v9"
)

// GenStore is generic over its client and its key type.
type GenStore[C redis.UniversalClient, K ~string] struct {
	rdb C
}

func (s *GenStore[C, K]) Forget(ctx context.Context, keys []K) {
	for _, k := range keys {
		s.rdb.Del(ctx, string(k)) // want `Del on s.rdb runs once per element of keys`
	}
}

func rangeMapParam[M ~map[string]V, V any](ctx context.Context, rdb *redis.Client, m M) {
	for k := range m {
		rdb.Expire(ctx, k, time.Minute) // want `Expire on rdb runs once per entry of m`
	}
}

func rangeIntParam[N ~int](ctx context.Context, rdb *redis.Client, n N) {
	for i := range n {
		rdb.Incr(ctx, "n") // want `Incr on rdb runs n times`
		_ = i
	}
}

// A user's iterator may be a stream: silent.
func rangeSeq(ctx context.Context, rdb *redis.Client, seq iter.Seq[string]) {
	for k := range seq {
		rdb.Del(ctx, k)
	}
}

func keyOf[T ~string](t T) string { return "k:" + string(t) }

func instantiated[T ~string](ctx context.Context, rdb *redis.Client, ts []T) {
	for _, t := range ts {
		rdb.Del(ctx, keyOf(t)) // want `Del on rdb runs once per element of ts`
	}
}

func fallthroughSwitch(ctx context.Context, rdb *redis.Client, keys []string) {
	for i, k := range keys {
		switch {
		case i == 0:
			fallthrough
		default:
			rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
		}
	}
}
