package main

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
)

// BenchmarkAudit audits a keyspace on a real redis-server per iteration and
// reports keys per second. bench.sh compares the command with the guide's
// shell loop and measures a million keys.
func BenchmarkAudit(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("standalone/%d", n), func(b *testing.B) {
			srv := redistest.Standalone(b)
			rdb := srv.Client(b)
			load(b, rdb, n)
			benchAudit(b, "redis://"+srv.Addr, n)
		})
	}
	b.Run("cluster/100000", func(b *testing.B) {
		c := redistest.Cluster(b)
		load(b, c.Client(b), 100_000)
		benchAudit(b, "redis://"+c.Addrs[0], 100_000)
	})
}

func benchAudit(b *testing.B, url string, n int) {
	args := []string{"-json", url}
	for b.Loop() {
		code := run(context.Background(), args, environment{
			getenv: func(string) string { return "" },
			stdout: io.Discard,
			stderr: io.Discard,
		})
		if code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "keys/s")
}

// load writes n keys of four shapes, half of them without TTL, as bench.sh
// does.
func load(b *testing.B, rdb redis.UniversalClient, n int) {
	ctx := context.Background()
	const batch = 10_000
	for start := 0; start < n; start += batch {
		pipe := rdb.Pipeline()
		for i := start; i < min(start+batch, n); i++ {
			switch i % 4 {
			case 0:
				pipe.HSet(ctx, fmt.Sprintf("user:%d:profile", i), "name", "v")
			case 1:
				pipe.Set(ctx, fmt.Sprintf("session:%032x", i), "v", time.Hour)
			case 2:
				pipe.Set(ctx, fmt.Sprintf("cache:page:%d", i), "v", 0)
			case 3:
				pipe.Set(ctx, fmt.Sprintf("cart:%d", i), "v", 24*time.Hour)
			}
		}
		if _, err := pipe.Exec(ctx); err != nil {
			b.Fatalf("load: %v", err)
		}
	}
}
