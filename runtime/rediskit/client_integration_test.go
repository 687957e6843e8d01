package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// A workload runs SET and GET from workers goroutines until stopped, and counts
// what the callers saw.
type workload struct {
	ok, circuitOpen, failed atomic.Int64
	stop                    chan struct{}
	wg                      sync.WaitGroup
	halted                  sync.Once
}

func startWorkload(c *rediskit.Client, workers int) *workload {
	l := &workload{stop: make(chan struct{})}
	rdb := c.Redis()
	for w := range workers {
		l.wg.Go(func() {
			key := fmt.Sprintf("load:%d", w)
			for i := 0; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				var err error
				if i%2 == 0 {
					err = rdb.Set(ctx, key, i, time.Minute).Err()
				} else {
					err = rdb.Get(ctx, key).Err()
				}
				cancel()
				switch {
				case err == nil || errors.Is(err, redis.Nil):
					l.ok.Add(1)
				case errors.Is(err, rediskit.ErrCircuitOpen):
					l.circuitOpen.Add(1)
				default:
					l.failed.Add(1)
				}
			}
		})
	}
	return l
}

// halt stops the workload and waits for its goroutines; again, it does
// nothing.
func (l *workload) halt() {
	l.halted.Do(func() { close(l.stop) })
	l.wg.Wait()
}

// waitUntil polls cond until it holds or d passes.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start)
}

// healthCodes returns the status codes of c's four health handlers.
func healthCodes(t *testing.T, c *rediskit.Client) []int {
	var codes []int
	for _, h := range healthHandlers(c) {
		code, _, _ := serveHealth(t, h, http.MethodGet)
		codes = append(codes, code)
	}
	return codes
}

// TestBreakerSurvivesAnOutageUnderLoad stops a real redis-server under 50
// goroutines of load and starts it again: the breaker opens within its
// threshold, fails calls fast while open, and closes again through
// half-open once the server is back, although the probe has to reconnect.
func TestBreakerSurvivesAnOutageUnderLoad(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	reg := prometheus.NewRegistry()
	const tripAfter, workers = 5, 50
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs: []string{srv.Addr}, TripAfter: tripAfter, OpenFor: time.Minute,
		Registerer: reg, DialTimeout: time.Second, ReadTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clock := newFakeClock()
	rediskit.SetNow(c, clock.Now)

	l := startWorkload(c, workers)
	defer l.halt()
	waitUntil(t, 10*time.Second, "1000 commands before the outage", func() bool { return l.ok.Load() >= 1000 })
	if codes := healthCodes(t, c); !slices.Equal(codes, []int{200, 200, 200, 200}) {
		t.Errorf("health before the outage: %v, want all 200", codes)
	}

	srv.Stop()
	took := waitUntil(t, 10*time.Second, "the breaker opens", func() bool { return c.BreakerState() == rediskit.BreakerOpen })
	failed := l.failed.Load()
	t.Logf("server stopped: breaker open after %v and %d failed commands (TripAfter %d, %d workers in flight)", took, failed, tripAfter, workers)
	if failed < tripAfter || failed > tripAfter+workers {
		t.Errorf("%d commands failed before the breaker opened; want between TripAfter (%d) and TripAfter plus the %d in flight", failed, tripAfter, workers)
	}

	// A command answered just before the server exited may be counted
	// after the breaker opened; none may succeed once it is open.
	time.Sleep(10 * time.Millisecond)
	okWhileOpen := l.ok.Load()

	// Open: calls fail fast, without waiting on the network.
	const calls = 1000
	lat := make([]time.Duration, calls)
	for i := range lat {
		start := time.Now()
		err := c.Redis().Get(t.Context(), "k").Err()
		lat[i] = time.Since(start)
		if !errors.Is(err, rediskit.ErrCircuitOpen) {
			t.Fatalf("call %d while open: %v, want ErrCircuitOpen", i, err)
		}
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	mean := sum / calls
	t.Logf("while open: %d calls, mean %v, median %v, p99 %v, max %v", calls, mean, lat[calls/2], lat[calls*99/100], lat[calls-1])
	if mean >= time.Millisecond {
		t.Errorf("mean refusal took %v; an open breaker must answer far under 1ms", mean)
	}
	if codes := healthCodes(t, c); !slices.Equal(codes, []int{503, 503, 200, 503}) {
		t.Errorf("health while open (overall, redis, pool, breaker): %v, want 503 503 200 503", codes)
	}
	if n := l.ok.Load() - okWhileOpen; n != 0 {
		t.Errorf("%d commands succeeded against a stopped server", n)
	}

	srv.Restart(t)
	// Each time the breaker is open, end its open period: the load's next
	// command is the half-open probe. A probe may fail while go-redis's
	// pool still remembers the failed dials (it retries them each second);
	// the breaker then opens again, and the loop ends that period too.
	periods := 0
	took = waitUntil(t, 15*time.Second, "the breaker closes after the restart", func() bool {
		switch c.BreakerState() {
		case rediskit.BreakerClosed:
			return true
		case rediskit.BreakerOpen:
			periods++
			clock.Advance(time.Minute)
		}
		return false
	})
	t.Logf("server restarted: breaker closed after %v and %d open periods", took, periods)

	okAtClose, failedAtClose := l.ok.Load(), l.failed.Load()
	waitUntil(t, 10*time.Second, "1000 commands after the recovery", func() bool { return l.ok.Load() >= okAtClose+1000 })
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("breaker %s under load after recovering, want closed", s)
	}
	if n := l.failed.Load() - failedAtClose; n != 0 {
		t.Errorf("%d commands failed after the recovery", n)
	}
	if codes := healthCodes(t, c); !slices.Equal(codes, []int{200, 200, 200, 200}) {
		t.Errorf("health after the recovery: %v, want all 200", codes)
	}
	l.halt()
	l.stop = make(chan struct{}) // for the deferred halt

	g := gatherMetrics(t, reg)
	if v := g.value("rediskit_circuit_rejected_total"); v < calls {
		t.Errorf("rediskit_circuit_rejected_total = %v, want at least the %d refused calls", v, calls)
	}
	if v := g.value("rediskit_circuit_state", "state", "closed"); v != 1 {
		t.Errorf(`rediskit_circuit_state{state="closed"} = %v, want 1`, v)
	}
}

func TestPoolExhaustionSurfacesErrPoolTimeout(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	reg := prometheus.NewRegistry()
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs: []string{srv.Addr}, PoolSize: 2, PoolTimeout: 100 * time.Millisecond, NoRetries: true, Registerer: reg,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := t.Context()
	rdb := c.Redis().(*redis.Client)

	// Two callers hold the two connections.
	var held []*redis.Conn
	for range 2 {
		conn := rdb.Conn()
		if err := conn.Ping(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
	}
	start := time.Now()
	err = rdb.Set(ctx, "k", "v", time.Minute).Err()
	took := time.Since(start)
	if !errors.Is(err, redis.ErrPoolTimeout) {
		t.Fatalf("SET with the pool exhausted: %v, want redis.ErrPoolTimeout", err)
	}
	if took > 2*time.Second {
		t.Errorf("SET waited %v for a connection; PoolTimeout is 100ms", took)
	}
	if v := gatherMetrics(t, reg).value("rediskit_command_errors_total", "command", "set", "error", "pool_timeout"); v != 1 {
		t.Errorf("pool_timeout errors counted: %v, want 1", v)
	}
	if s := c.Stats(); s.Timeouts != 1 {
		t.Errorf("Stats().Timeouts = %d, want 1", s.Timeouts)
	}
	for _, conn := range held {
		_ = conn.Close()
	}
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		t.Errorf("SET after the connections came back: %v", err)
	}
}

// TestOnRedisServers runs what needs a real server on a standalone server
// and on a 3-master cluster.
func TestOnRedisServers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		addrs func(*testing.T) []string
	}{
		{"standalone", func(t *testing.T) []string { return []string{redistest.Standalone(t).Addr} }},
		{"cluster", func(t *testing.T) []string { return redistest.Cluster(t).Addrs }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reg := prometheus.NewRegistry()
			c, err := rediskit.NewClient(rediskit.Options{Addrs: tc.addrs(t), Registerer: reg})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()

			t.Run("50 goroutines x 20 increments in transactions", func(t *testing.T) {
				// A hash tag keeps the key's slot fixed, which a cluster
				// needs for the keys of one transaction.
				const key = "{counter}:n"
				// 50 writers of one key is contention at its worst: some
				// lose ten times in a row. The bound stays, higher.
				opts := rediskit.TxOptions{MaxAttempts: 100}
				var wg sync.WaitGroup
				errs := make(chan error, 50*20)
				for range 50 {
					wg.Go(func() {
						for range 20 {
							errs <- rediskit.Transaction(t.Context(), c.Redis(), []string{key}, opts, incrTx(t.Context(), key))
						}
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatal(err)
					}
				}
				if n, err := c.Redis().Get(t.Context(), key).Int(); n != 1000 || err != nil {
					t.Errorf("counter = %d, %v; want 1000", n, err)
				}
				conflicts := gatherMetrics(t, reg).value("rediskit_command_errors_total", "command", "multi", "error", "tx_failed")
				t.Logf("1000 increments with %v conflicts", conflicts)
			})

			t.Run("metrics count each command once, node commands included", func(t *testing.T) {
				before := gatherMetrics(t, reg)
				keys := make([]string, 100)
				for i := range keys {
					keys[i] = fmt.Sprintf("count:%03d", i)
					if err := c.Redis().Set(t.Context(), keys[i], "v", time.Minute).Err(); err != nil {
						t.Fatal(err)
					}
				}
				got, err := rediskit.ScanKeys(t.Context(), c.Redis(), "count:*")
				if err != nil || len(got) != len(keys) {
					t.Fatalf("ScanKeys: %d keys, %v; want %d", len(got), err, len(keys))
				}
				after := gatherMetrics(t, reg)
				sets := after.value("rediskit_command_duration_seconds", "command", "set") - max(0, before.value("rediskit_command_duration_seconds", "command", "set"))
				if sets != 100 {
					t.Errorf("%v SETs counted, want 100", sets)
				}
				if scans := after.value("rediskit_command_duration_seconds", "command", "scan"); scans < 1 {
					t.Error("the SCANs ScanKeys sent to the nodes were not counted")
				}
				if c.Stats().TotalConns == 0 {
					t.Error("Stats reports no connection")
				}
			})

			t.Run("cache", func(t *testing.T) {
				l := &userLoader{}
				k := newUserCache(t, c, l, rediskit.CacheOptions{Prefix: "cache:user:"})
				for range 3 {
					for _, id := range []string{"a", "b", "c", "d"} {
						if u, err := k.Get(t.Context(), id); err != nil || u.ID != id {
							t.Fatalf("Get(%q) = %+v, %v", id, u, err)
						}
					}
				}
				if n := l.calls.Load(); n != 4 {
					t.Errorf("%d loads for 4 keys, want 4", n)
				}
			})

			t.Run("health", func(t *testing.T) {
				for _, h := range healthHandlers(c) {
					code, body, _ := serveHealth(t, h, http.MethodGet)
					if code != 200 {
						t.Errorf("%s: %d %s", h.name, code, body)
					}
					if strings.Contains(body, "127.0.0.1") {
						t.Errorf("%s shows an address: %s", h.name, body)
					}
				}
			})
		})
	}
}
