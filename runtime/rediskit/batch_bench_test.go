package rediskit_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// BenchmarkSetWithTTL compares writing n keys with a TTL one round trip at a
// time, the loop pipelineloop reports, with SetMany, against a real
// redis-server on loopback:
//
//	go test -run '^$' -bench BenchmarkSetWithTTL -count 5 ./runtime/rediskit/
//
// loop-SET+EXPIRE is the common per-item loop (two round trips per key),
// loop-SET-EX the same loop with the TTL in the SET (one per key), SetMany
// one round trip per DefaultBatchSize keys. The ns/key metric compares
// sizes.
func BenchmarkSetWithTTL(b *testing.B) {
	rdb := redistest.Standalone(b).Client(b)
	ctx := context.Background()
	for _, n := range []int{100, 1_000, 10_000} {
		keys := make([]string, n)
		items := make(map[string]string, n)
		for i := range keys {
			keys[i] = "bench:" + strconv.Itoa(i)
			items[keys[i]] = "value-" + strconv.Itoa(i)
		}
		perKey := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
		}

		// The per-item loops are the baseline this benchmark measures.
		b.Run(fmt.Sprintf("keys=%d/loop-SET+EXPIRE", n), func(b *testing.B) {
			for b.Loop() {
				for _, k := range keys {
					if err := rdb.Set(ctx, k, items[k], 0).Err(); err != nil {
						b.Fatal(err)
					}
					if err := rdb.Expire(ctx, k, time.Hour).Err(); err != nil {
						b.Fatal(err)
					}
				}
			}
			perKey(b)
		})
		b.Run(fmt.Sprintf("keys=%d/loop-SET-EX", n), func(b *testing.B) {
			for b.Loop() {
				for _, k := range keys {
					if err := rdb.Set(ctx, k, items[k], time.Hour).Err(); err != nil {
						b.Fatal(err)
					}
				}
			}
			perKey(b)
		})
		b.Run(fmt.Sprintf("keys=%d/SetMany", n), func(b *testing.B) {
			for b.Loop() {
				if err := rediskit.SetMany(ctx, rdb, items, time.Hour); err != nil {
					b.Fatal(err)
				}
			}
			perKey(b)
		})
	}
}
