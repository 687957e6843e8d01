package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// These tests put rediskit through the faults of real servers: a master
// killed under load, a server restarted under a blocking read, a stalled
// server, an exhausted pool.

// slotOf is the cluster hash slot of key: CRC16 (XMODEM) of the key, or of
// its hash tag, modulo 16384.
func slotOf(key string) int {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	var crc uint16
	for i := range len(key) {
		crc ^= uint16(key[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return int(crc) % 16384
}

// TestOneDeadMasterLeavesTheOthersServing kills one of three masters while
// 20 goroutines keep writing: its breaker opens, and the writes and reads of
// the keys the two others serve go on through theirs.
func TestOneDeadMasterLeavesTheOthersServing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cluster := redistest.Cluster(t)
	reg := prometheus.NewRegistry()
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs: cluster.Addrs, TripAfter: 5, OpenFor: time.Minute, Registerer: reg,
		DialTimeout: 500 * time.Millisecond, ReadTimeout: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	keys := keyList("order:", 3000)
	items := make(map[string]string, len(keys))
	for _, k := range keys {
		items[k] = "v"
	}
	if err := rediskit.SetMany(ctx, c.Redis(), items, time.Hour); err != nil {
		t.Fatal(err)
	}
	assertNodeBreakers(t, c, reg, 0)
	l := startWorkload(c, 20)
	defer l.halt()
	waitUntil(t, 10*time.Second, "load before the kill", func() bool { return l.ok.Load() >= 200 })

	// Masters[1] serves slots 5461-10922. Without replicas, the other masters
	// declare the cluster down after cluster-node-timeout (15s); everything
	// below happens well before.
	cluster.Masters[1].Kill()
	dead := func(k string) bool { s := slotOf(k); return 5461 <= s && s <= 10922 }

	// The dead master's breaker opens; until then its keys fail on the network.
	waitUntil(t, 5*time.Second, "the dead master's breaker opens", func() bool {
		err := rediskit.SetMany(ctx, c.Redis(), items, time.Hour)
		var be *rediskit.BatchError
		if !errors.As(err, &be) {
			return false
		}
		for _, f := range be.Failed {
			if !errors.Is(f.Err, rediskit.ErrCircuitOpen) {
				return false
			}
		}
		return true
	})
	for round := range 3 {
		err := rediskit.SetMany(ctx, c.Redis(), items, time.Hour)
		failed := failedKeys(t, err)
		for _, k := range failed {
			if !dead(k) {
				t.Fatalf("round %d: SET of %s (slot %d) failed, but its master is up: %v", round, k, slotOf(k), err)
			}
		}
		got, err := rediskit.GetMany(ctx, c.Redis(), keys)
		failedGets := failedKeys(t, err)
		for _, k := range keys {
			_, read := got[k]
			if dead(k) == read {
				t.Fatalf("round %d: GET of %s (slot %d): read %t; want %t", round, k, slotOf(k), read, !dead(k))
			}
		}
		if len(failed) == 0 || len(failedGets) == 0 || len(got) == 0 {
			t.Fatalf("round %d: %d writes and %d reads failed, %d read; want some of each", round, len(failed), len(failedGets), len(got))
		}
	}
	l.halt()
	if n := l.ok.Load(); n == 0 {
		t.Error("no command of the load succeeded")
	}
	assertNodeBreakers(t, c, reg, 1)
}

// TestABlockingReadIsNeverTheProbe restarts a server and lets a BLPOP 0 be
// the first command after the open period: it must not take the half-open
// breaker's probe, or every other command would be refused for as long as it
// blocks.
func TestABlockingReadIsNeverTheProbe(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	c, err := rediskit.NewClient(rediskit.Options{Addrs: []string{srv.Addr}, TripAfter: 1, OpenFor: time.Minute, NoRetries: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clock := newFakeClock()
	rediskit.SetNow(c, clock.Now)
	rdb := c.Redis()
	ctx := t.Context()

	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Kill()
	if err := rdb.Get(ctx, "k").Err(); err == nil || errors.Is(err, rediskit.ErrCircuitOpen) {
		t.Fatalf("GET on a killed server: %v, want a network error", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerOpen {
		t.Fatalf("after the failure: %s, want open", s)
	}
	srv.Restart(t)
	clock.Advance(2 * time.Minute)

	popped := make(chan error, 1)
	go func() { popped <- rdb.BLPop(ctx, 0, "queue").Err() }()
	time.Sleep(200 * time.Millisecond) // BLPOP is sent and blocks

	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		t.Fatalf("SET while a BLPOP 0 blocks after the restart: %v", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("after a successful SET: %s, want closed", s)
	}
	if err := srv.Client(t).LPush(ctx, "queue", "job").Err(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-popped:
		if err != nil {
			t.Errorf("BLPOP: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("BLPOP did not return after LPUSH")
	}
}

// TestAHungProbeEndsWithinItsBound stalls the server under the half-open
// breaker's probe, a GET whose retries would hold it for seconds: the
// probe's place is given back, as a failure, after ProbeTimeout.
func TestAHungProbeEndsWithinItsBound(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs: []string{srv.Addr}, TripAfter: 1, OpenFor: time.Minute,
		ReadTimeout: time.Second, ProbeTimeout: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clock := newFakeClock()
	rediskit.SetNow(c, clock.Now)
	rdb := c.Redis()
	ctx := t.Context()

	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	defer srv.Resume()
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Get(short, "k").Err(); err == nil {
		t.Fatal("GET on a stalled server succeeded")
	}
	if s := c.BreakerState(); s != rediskit.BreakerOpen {
		t.Fatalf("after a read timed out: %s, want open", s)
	}
	clock.Advance(2 * time.Minute)
	probed := make(chan error, 1)
	go func() { probed <- rdb.Get(ctx, "k").Err() }() // the probe, on a server that still hangs; 4 attempts of 1s
	took := waitUntil(t, 2*time.Second, "the hung probe counts as a failure", func() bool { return c.BreakerState() == rediskit.BreakerOpen })
	t.Logf("the breaker opened again %v after the probe started", took)
	srv.Resume()
	if err := <-probed; err == nil {
		t.Log("the probe's own command succeeded once the server resumed")
	}
}

// TestCallerDeadlinesNeverOpenTheBreaker ends BLPOPs and a batch with the
// caller's own short deadlines, on a healthy server and on a stalled one:
// the breaker counts none of it, and every error says the deadline passed.
func TestCallerDeadlinesNeverOpenTheBreaker(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	c, err := rediskit.NewClient(rediskit.Options{Addrs: []string{srv.Addr}, TripAfter: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rdb := c.Redis()

	for i := range 5 {
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		err := rdb.BLPop(ctx, 0, "empty").Err()
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("BLPOP %d ended by the caller's deadline: %v, want context.DeadlineExceeded", i, err)
		}
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed || !rediskit.Healthy(c) {
		t.Fatalf("after 5 BLPOPs ended by their callers: %s (healthy %t), want closed", s, rediskit.Healthy(c))
	}

	srv.Pause()
	for i := range 3 {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		err := rediskit.SetMany(ctx, rdb, map[string]string{"a": "1", "b": "2", "c": "3"}, time.Minute)
		cancel()
		var be *rediskit.BatchError
		if !errors.As(err, &be) || len(be.Failed) != 3 {
			t.Fatalf("SetMany %d on a stalled server: %v, want a *BatchError for 3 keys", i, err)
		}
		for _, f := range be.Failed {
			if !errors.Is(f.Err, context.DeadlineExceeded) {
				t.Errorf("SetMany %d: key %s: %v, want context.DeadlineExceeded", i, f.Key, f.Err)
			}
		}
		ctx, cancel = context.WithTimeout(t.Context(), 100*time.Millisecond)
		err = rdb.Get(ctx, "a").Err()
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("GET %d on a stalled server: %v, want context.DeadlineExceeded", i, err)
		}
	}
	srv.Resume()
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("after callers' deadlines on a stalled server: %s, want closed", s)
	}
	if err := rdb.Set(t.Context(), "a", "1", time.Minute).Err(); err != nil {
		t.Errorf("SET after the server resumed: %v", err)
	}
}

// TestBatchKeysSayTheCallersDeadlineOnAPlainClient runs the batch helpers
// on a plain go-redis client, which no rediskit hook fixes the errors of,
// against a stalled server: each failed key still says that the caller's
// deadline passed, not only "i/o timeout".
func TestBatchKeysSayTheCallersDeadlineOnAPlainClient(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	defer rdb.Close()
	if err := rdb.Ping(t.Context()).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	defer srv.Resume()
	for _, tc := range []struct {
		name string
		call func(context.Context) error
	}{
		{"SetMany", func(ctx context.Context) error {
			return rediskit.SetMany(ctx, rdb, map[string]string{"a": "1", "b": "2"}, time.Minute)
		}},
		{"GetMany", func(ctx context.Context) error { _, err := rediskit.GetMany(ctx, rdb, []string{"a", "b"}); return err }},
		{"ExpireMany", func(ctx context.Context) error {
			_, err := rediskit.ExpireMany(ctx, rdb, []string{"a", "b"}, time.Minute)
			return err
		}},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		err := tc.call(ctx)
		cancel()
		var be *rediskit.BatchError
		if !errors.As(err, &be) || len(be.Failed) != 2 {
			t.Fatalf("%s on a stalled server: %v, want a *BatchError for 2 keys", tc.name, err)
		}
		for _, f := range be.Failed {
			if !errors.Is(f.Err, context.DeadlineExceeded) {
				t.Errorf("%s: key %s: %v, want context.DeadlineExceeded", tc.name, f.Key, f.Err)
			}
		}
	}
}

// TestAnExhaustedPoolFailsWithinPoolTimeout holds every connection and
// sends a command with the default retries: it fails with
// redis.ErrPoolTimeout after PoolTimeout, not once per retry.
func TestAnExhaustedPoolFailsWithinPoolTimeout(t *testing.T) {
	t.Parallel()
	const poolTimeout, margin = 300 * time.Millisecond, 250 * time.Millisecond
	for _, tc := range []struct {
		name  string
		addrs func(*testing.T) []string
	}{
		{"standalone", func(t *testing.T) []string { return []string{redistest.Standalone(t).Addr} }},
		{"cluster", func(t *testing.T) []string { return redistest.Cluster(t).Addrs }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			c, err := rediskit.NewClient(rediskit.Options{Addrs: tc.addrs(t), PoolSize: 1, PoolTimeout: poolTimeout})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			// A running client: a cluster client has loaded its layout and
			// the command table.
			if err := c.Redis().Set(ctx, "warm", "v", time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
			// Hold the one connection of every server.
			var servers []*redis.Client
			switch rdb := c.Redis().(type) {
			case *redis.ClusterClient:
				var mu sync.Mutex
				if err := rdb.ForEachMaster(ctx, func(_ context.Context, n *redis.Client) error {
					mu.Lock()
					defer mu.Unlock()
					servers = append(servers, n)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			case *redis.Client:
				servers = append(servers, rdb)
			}
			for _, s := range servers {
				conn := s.Conn()
				if err := conn.Ping(ctx).Err(); err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
			}
			for _, cmd := range []struct {
				name     string
				do       func() error
				separate bool // may find a connection in go-redis's separate pipeline pool
			}{
				{"SET", func() error { return c.Redis().Set(ctx, "k", "v", time.Minute).Err() }, false},
				{"a pipeline", func() error {
					_, err := c.Redis().Pipelined(ctx, func(p redis.Pipeliner) error {
						p.Set(ctx, "k", "v", time.Minute)
						return nil
					})
					return err
				}, true},
			} {
				start := time.Now()
				err := cmd.do()
				took := time.Since(start)
				if !errors.Is(err, redis.ErrPoolTimeout) && (!cmd.separate || err != nil) {
					t.Errorf("%s with the pool exhausted: %v, want redis.ErrPoolTimeout", cmd.name, err)
				}
				if took > poolTimeout+margin {
					t.Errorf("%s failed after %v; PoolTimeout is %v", cmd.name, took, poolTimeout)
				}
			}
		})
	}
}

// TestScanKeysAfterAMasterDied kills a master: the walk cannot see every
// master, and says so with ErrClusterIncomplete.
func TestScanKeysAfterAMasterDied(t *testing.T) {
	t.Parallel()
	cluster := redistest.Cluster(t)
	c, err := rediskit.NewClient(rediskit.Options{Addrs: cluster.Addrs, DialTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := t.Context()
	for i := range 100 {
		if err := c.Redis().Set(ctx, fmt.Sprintf("scan:%d", i), "v", time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if keys, err := rediskit.ScanKeys(ctx, c.Redis(), "scan:*"); err != nil || len(keys) != 100 {
		t.Fatalf("ScanKeys before the kill: %d keys, %v", len(keys), err)
	}
	cluster.Masters[2].Kill()
	for i := range 3 { // the first walk meets refused dials, later ones the open breaker
		keys, err := rediskit.ScanKeys(ctx, c.Redis(), "scan:*")
		if !errors.Is(err, rediskit.ErrClusterIncomplete) || keys != nil {
			t.Errorf("ScanKeys %d after a master died: %d keys, %v; want ErrClusterIncomplete", i, len(keys), err)
		}
		_, err = collect(rediskit.IterKeys(ctx, c.Redis(), "scan:*", 0))
		if !errors.Is(err, rediskit.ErrClusterIncomplete) {
			t.Errorf("IterKeys %d after a master died: %v; want ErrClusterIncomplete", i, err)
		}
	}
}

// assertNodeBreakers checks that Stats, the breaker health and the metrics
// show three cluster nodes, by ID, open of them with an open breaker and
// the others closed, and never an address.
func assertNodeBreakers(t *testing.T, c *rediskit.Client, reg *prometheus.Registry, open int) {
	t.Helper()
	s := c.Stats()
	if len(s.Nodes) != 3 {
		t.Fatalf("Stats().Nodes = %+v, want 3 nodes", s.Nodes)
	}
	opened := 0
	for _, n := range s.Nodes {
		if len(n.ID) != 40 {
			t.Errorf("node ID %q, want the 40 characters of CLUSTER MYID", n.ID)
		}
		switch n.Breaker {
		case rediskit.BreakerOpen:
			opened++
		case rediskit.BreakerClosed:
		default:
			t.Errorf("node %s: breaker %s", n.ID, n.Breaker)
		}
		if got := gatherMetrics(t, reg).value("rediskit_node_circuit_state", "node", n.ID, "state", string(n.Breaker)); got != 1 {
			t.Errorf(`rediskit_node_circuit_state{node=%q,state=%q} = %v, want 1`, n.ID, n.Breaker, got)
		}
	}
	if opened != open {
		t.Errorf("%d node breakers open, want %d: %+v", opened, open, s.Nodes)
	}
	if want := rediskit.BreakerDegraded; open > 0 && open < 3 && s.Breaker != want {
		t.Errorf("Stats().Breaker = %s, want %s", s.Breaker, want)
	}
	for _, h := range healthHandlers(c) {
		code, body, _ := serveHealth(t, h, http.MethodGet)
		if strings.Contains(body, "127.0.0.1") {
			t.Errorf("%s shows an address: %s", h.name, body)
		}
		if (h.name == "overall" || h.name == "breaker") && !strings.Contains(body, s.Nodes[0].ID) {
			t.Errorf("%s does not name the nodes: %s", h.name, body)
		}
		if code != http.StatusOK {
			t.Errorf("%s with %d of 3 masters down: %d %s; want 200, the others serve", h.name, open, code, body)
		}
	}
}
