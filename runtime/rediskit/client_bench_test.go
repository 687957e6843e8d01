package rediskit_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// BenchmarkClient compares a Client, its breaker and metrics hooked in, with
// a plain go-redis client of the same pool settings, on one real
// redis-server, in the same run:
//
//	go test -run '^$' -bench 'BenchmarkClient$' -count 20 ./runtime/rediskit/ > bench.txt
//	benchstat -col /client bench.txt
//
// client=raw is go-redis alone, client=kit the same with rediskit's hooks.
func BenchmarkClient(b *testing.B) {
	srv := redistest.Standalone(b)
	const pool = 64 // more than the 50 goroutines, so that none waits for a connection
	raw := redis.NewClient(&redis.Options{
		Addr: srv.Addr, PoolSize: pool, MaxActiveConns: pool, PoolTimeout: time.Second,
		ReadTimeout: 3 * time.Second, WriteTimeout: 3 * time.Second, ContextTimeoutEnabled: true,
	})
	defer raw.Close()
	kit, err := rediskit.NewClient(rediskit.Options{Addrs: []string{srv.Addr}, PoolSize: pool, Registerer: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	defer kit.Close()
	ctx := context.Background()
	if err := raw.Set(ctx, "bench:key", "value", time.Hour).Err(); err != nil {
		b.Fatal(err)
	}

	ops := []struct {
		name string
		do   func(redis.UniversalClient) error
	}{
		{"get", func(rdb redis.UniversalClient) error { return rdb.Get(ctx, "bench:key").Err() }},
		{"set", func(rdb redis.UniversalClient) error { return rdb.Set(ctx, "bench:key", "value", time.Hour).Err() }},
	}
	clients := []struct {
		name string
		rdb  redis.UniversalClient
	}{{"raw", raw}, {"kit", kit.Redis()}}
	// Alternate which client goes first from one -count round to the
	// next, so that neither always runs on the warmer (or busier) machine.
	benchRounds++
	if benchRounds%2 == 0 {
		slices.Reverse(clients)
	}
	for _, cl := range clients { // fill both pools before measuring
		warm(b, cl.rdb, 64)
	}
	for _, op := range ops {
		for _, goroutines := range []int{1, 50} {
			for _, cl := range clients {
				b.Run(fmt.Sprintf("op=%s/goroutines=%d/client=%s", op.name, goroutines, cl.name), func(b *testing.B) {
					b.ReportAllocs()
					if goroutines == 1 {
						for b.Loop() {
							if err := op.do(cl.rdb); err != nil {
								b.Fatal(err)
							}
						}
						return
					}
					// RunParallel starts parallelism × GOMAXPROCS goroutines.
					procs := runtime.GOMAXPROCS(0)
					b.SetParallelism((goroutines + procs - 1) / procs)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if err := op.do(cl.rdb); err != nil {
								b.Error(err)
								return
							}
						}
					})
				})
			}
		}
	}
}

// BenchmarkClientPaired is BenchmarkClient in short alternating turns: for
// 50ms every goroutine sends through one client, then for 50ms through the
// other, and so on, so that both meet the same moments of a shared, noisy
// machine, and neither pays for the other's work. Each benchmark iteration
// is one pair of turns; it reports both clients' throughput over the run,
// and kit's as a percentage of raw's as the median over the pairs
// (kit-throughput-%) with the quartiles (kit-p25-%, kit-p75-%), which a
// burst of noise in a few turns does not move. kit-cpu-% is the median of
// raw's CPU time per command (this process's, not the server's) as a
// percentage of kit's: what the hooks cost the client, which the load of
// other processes on the machine moves far less than throughput:
//
//	go test -run '^$' -bench 'BenchmarkClientPaired$' -benchtime 100x -count 3 .
func BenchmarkClientPaired(b *testing.B) { benchPaired(b, false) }

// BenchmarkClientPairedNull is BenchmarkClientPaired with a second plain
// go-redis client in kit's place: how far from 100% the machine's noise
// alone puts kit-throughput-% and kit-cpu-% in a run of the same length.
//
//	go test -run '^$' -bench 'BenchmarkClientPairedNull$' -benchtime 100x -count 3 .
func BenchmarkClientPairedNull(b *testing.B) { benchPaired(b, true) }

func benchPaired(b *testing.B, null bool) {
	srv := redistest.Standalone(b)
	const pool = 64
	plain := func() *redis.Client {
		return redis.NewClient(&redis.Options{
			Addr: srv.Addr, PoolSize: pool, MaxActiveConns: pool, PoolTimeout: time.Second,
			ReadTimeout: 3 * time.Second, WriteTimeout: 3 * time.Second, ContextTimeoutEnabled: true,
		})
	}
	raw := plain()
	defer raw.Close()
	var kit redis.UniversalClient
	if null {
		kit = plain()
	} else {
		k, err := rediskit.NewClient(rediskit.Options{Addrs: []string{srv.Addr}, PoolSize: pool, Registerer: prometheus.NewRegistry()})
		if err != nil {
			b.Fatal(err)
		}
		kit = k.Redis()
	}
	defer kit.Close()
	ctx := context.Background()
	if err := raw.Set(ctx, "bench:key", "value", time.Hour).Err(); err != nil {
		b.Fatal(err)
	}
	warm(b, raw, pool)
	warm(b, kit, pool)

	ops := []struct {
		name string
		do   func(redis.UniversalClient) error
	}{
		{"get", func(rdb redis.UniversalClient) error { return rdb.Get(ctx, "bench:key").Err() }},
		{"set", func(rdb redis.UniversalClient) error { return rdb.Set(ctx, "bench:key", "value", time.Hour).Err() }},
	}
	clients := [2]redis.UniversalClient{raw, kit}
	for _, op := range ops {
		for _, goroutines := range []int{1, 50} {
			b.Run(fmt.Sprintf("op=%s/goroutines=%d", op.name, goroutines), func(b *testing.B) {
				var cmds [2]int64
				var took [2]time.Duration
				var ratios, cpuRatios []float64
				turn := 0
				for b.Loop() {
					var rate, cpuPerCmd [2]float64
					for j := range 2 {
						k := (turn + j) % 2 // who goes first alternates too
						cpu := rediskit.ProcessCPU()
						n, d := sendFor(b, clients[k], op.do, goroutines, 50*time.Millisecond)
						cpuPerCmd[k] = float64(rediskit.ProcessCPU()-cpu) / float64(n)
						cmds[k] += n
						took[k] += d
						rate[k] = float64(n) / d.Seconds()
					}
					ratios = append(ratios, 100*rate[1]/rate[0])
					if cpuPerCmd[1] > 0 {
						cpuRatios = append(cpuRatios, 100*cpuPerCmd[0]/cpuPerCmd[1])
					}
					turn++
				}
				quantile := func(s []float64, q float64) float64 {
					if len(s) == 0 {
						return 0
					}
					slices.Sort(s)
					return s[int(q*float64(len(s)-1)+0.5)]
				}
				b.ReportMetric(float64(cmds[0])/took[0].Seconds(), "raw-cmd/s")
				b.ReportMetric(float64(cmds[1])/took[1].Seconds(), "kit-cmd/s")
				b.ReportMetric(quantile(ratios, 0.5), "kit-throughput-%")
				b.ReportMetric(quantile(ratios, 0.25), "kit-p25-%")
				b.ReportMetric(quantile(ratios, 0.75), "kit-p75-%")
				b.ReportMetric(quantile(cpuRatios, 0.5), "kit-cpu-%")
			})
		}
	}
}

// sendFor has goroutines send do through rdb for d, and returns how many
// commands they sent and how long that took.
func sendFor(b *testing.B, rdb redis.UniversalClient, do func(redis.UniversalClient) error, goroutines int, d time.Duration) (int64, time.Duration) {
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for range goroutines {
		wg.Go(func() {
			n := int64(0)
			for ; n%16 != 0 || time.Now().Before(end); n++ {
				if err := do(rdb); err != nil {
					b.Error(err)
					break
				}
			}
			sent.Add(n)
		})
	}
	wg.Wait()
	return sent.Load(), time.Since(start)
}

// benchRounds counts the runs of BenchmarkClient in this process.
var benchRounds int

// warm opens n connections of rdb's pool with n concurrent PINGs.
func warm(b *testing.B, rdb redis.UniversalClient, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if err := rdb.Ping(context.Background()).Err(); err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
}

// BenchmarkHookOverhead measures what the breaker and the metrics add to a
// command in CPU alone: an innermost hook answers every command at once, so
// no network and no server blur the difference. Each iteration sends 20,000
// GETs from 2 goroutines through each client in turn and measures the CPU
// time this process spent; it reports the medians over the iterations of
// raw's and kit's CPU time per command and of their difference, the hooks'
// cost, which the load of other processes moves little:
//
//	go test -run '^$' -bench BenchmarkHookOverhead -benchtime 50x ./runtime/rediskit/
func BenchmarkHookOverhead(b *testing.B) {
	raw := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer raw.Close()
	kit, err := rediskit.NewClient(rediskit.Options{Addrs: []string{"127.0.0.1:1"}, Registerer: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	defer kit.Close()
	ctx := context.Background()
	clients := [2]redis.UniversalClient{raw, kit.Redis()}
	for _, rdb := range clients {
		rdb.AddHook(answerHook{})
	}
	const n, goroutines = 20_000, 2
	send := func(rdb redis.UniversalClient) float64 {
		cpu := rediskit.ProcessCPU()
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				for range n / goroutines {
					if err := rdb.Get(ctx, "bench:key").Err(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		return float64(rediskit.ProcessCPU()-cpu) / n
	}
	var perCmd [2][]float64
	var hook []float64
	turn := 0
	for b.Loop() {
		var ns [2]float64
		for j := range 2 {
			k := (turn + j) % 2
			ns[k] = send(clients[k])
			perCmd[k] = append(perCmd[k], ns[k])
		}
		hook = append(hook, ns[1]-ns[0])
		turn++
	}
	median := func(s []float64) float64 {
		slices.Sort(s)
		return s[len(s)/2]
	}
	b.ReportMetric(median(perCmd[0]), "raw-cpu-ns/cmd")
	b.ReportMetric(median(perCmd[1]), "kit-cpu-ns/cmd")
	b.ReportMetric(median(hook), "hook-cpu-ns/cmd")
}

// answerHook answers every command with an empty reply, without sending it.
type answerHook struct{}

func (answerHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (answerHook) ProcessHook(redis.ProcessHook) redis.ProcessHook {
	return func(context.Context, redis.Cmder) error { return nil }
}
func (answerHook) ProcessPipelineHook(redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(context.Context, []redis.Cmder) error { return nil }
}
