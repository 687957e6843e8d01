package rediskit_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// stallKeys is the keyspace BenchmarkKeysStall fills: large enough that one
// KEYS takes the server away from every other client for a visible time.
const stallKeys = 1_000_000

// BenchmarkKeysStall measures what the keyspace walk costs the other clients
// of a real redis-server holding a million keys: while one client lists every
// key, another sends PING after PING, and the longest PING is the stall the
// walk imposed on it. KEYS answers in one command, so the server serves
// nobody else until it is done; ScanKeys walks the keyspace in SCAN steps of
// about a thousand keys, between which the server serves the others.
//
//	go test -run '^$' -bench BenchmarkKeysStall -benchtime 5x ./runtime/rediskit/
//
// Metrics: stall-ms is the longest PING during one walk (the worst over the
// iterations), walk-ms the walk itself, pings/walk how many PINGs the other
// client got through. Filling the keyspace takes a few seconds and about
// 100 MB of server memory; -short skips it.
func BenchmarkKeysStall(b *testing.B) {
	if testing.Short() {
		b.Skip("fills a million keys")
	}
	srv := redistest.Standalone(b)
	rdb := srv.Client(b)
	other := srv.Client(b)
	ctx := context.Background()

	const batch = 10_000
	args := make([]any, 0, 2*batch)
	for i := 0; i < stallKeys; i += batch {
		args = args[:0]
		for j := i; j < i+batch; j++ {
			k := "stall:" + strconv.Itoa(j)
			args = append(args, k, "v")
		}
		if err := rdb.MSet(ctx, args...).Err(); err != nil {
			b.Fatal(err)
		}
	}
	if n, err := rdb.DBSize(ctx).Result(); err != nil || n != stallKeys {
		b.Fatalf("DBSIZE = %d, %v; want %d", n, err, stallKeys)
	}

	b.Run("walk=idle", func(b *testing.B) {
		// No walk: the PING latency of the loaded server, the baseline.
		stall(b, other, func() error { time.Sleep(100 * time.Millisecond); return nil })
	})
	b.Run("walk=KEYS", func(b *testing.B) {
		stall(b, other, func() error {
			//redislint:ignore nokeys measuring the stall KEYS causes is the point of this benchmark
			keys, err := rdb.Keys(ctx, "*").Result()
			return wantAll(keys, err)
		})
	})
	b.Run("walk=ScanKeys", func(b *testing.B) {
		stall(b, other, func() error {
			keys, err := rediskit.ScanKeys(ctx, rdb, "*")
			return wantAll(keys, err)
		})
	})
}

func wantAll(keys []string, err error) error {
	if err == nil && len(keys) != stallKeys {
		return &countError{len(keys)}
	}
	return err
}

type countError struct{ n int }

func (e *countError) Error() string {
	return "walk returned " + strconv.Itoa(e.n) + " keys, want " + strconv.Itoa(stallKeys)
}

// stall runs walk once per iteration while other PINGs the server in a loop,
// and reports the longest PING seen during any walk.
func stall(b *testing.B, other *redis.Client, walk func() error) {
	ctx := context.Background()
	var worst, walkTotal time.Duration
	var pings int64
	for b.Loop() {
		var (
			stop    atomic.Bool
			wg      sync.WaitGroup
			longest time.Duration
			n       int64
			pingErr error
		)
		started := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				t := time.Now()
				if err := other.Ping(ctx).Err(); err != nil {
					pingErr = err
					break
				}
				longest = max(longest, time.Since(t))
				n++
				if i == 0 {
					close(started)
				}
			}
			if n == 0 {
				close(started)
			}
		}()
		<-started
		t := time.Now()
		err := walk()
		walkTotal += time.Since(t)
		stop.Store(true)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if pingErr != nil {
			b.Fatal(pingErr)
		}
		worst = max(worst, longest)
		pings += n
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "stall-ms")
	b.ReportMetric(float64(walkTotal.Microseconds())/1000/float64(b.N), "walk-ms")
	b.ReportMetric(float64(pings)/float64(b.N), "pings/walk")
}
