package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestStandaloneServesSetAndGet(t *testing.T) {
	t.Parallel()
	srv := Standalone(t)
	rdb := srv.Client(t)
	ctx := t.Context()

	if err := rdb.Set(ctx, "greeting", "hello", time.Minute).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}
	got, err := rdb.Get(ctx, "greeting").Result()
	if err != nil || got != "hello" {
		t.Fatalf("GET greeting = %q, %v; want hello", got, err)
	}
	if host, _, _ := net.SplitHostPort(srv.Addr); host != "127.0.0.1" {
		t.Errorf("Addr = %s, want a 127.0.0.1 address", srv.Addr)
	}
	cfg, err := rdb.ConfigGet(ctx, "*").Result()
	if err != nil {
		t.Fatalf("CONFIG GET: %v", err)
	}
	for k, want := range map[string]string{"save": "", "appendonly": "no", "cluster-enabled": "no"} {
		if cfg[k] != want {
			t.Errorf("config %s = %q, want %q", k, cfg[k], want)
		}
	}
}

func TestStoppedServerRestartsEmptyOnTheSamePort(t *testing.T) {
	t.Parallel()
	srv := Standalone(t)
	addr := srv.Addr
	rdb := srv.Client(t)
	ctx := t.Context()
	if err := rdb.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}

	srv.Stop()
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatalf("%s still accepts connections after Stop", addr)
	}
	srv.Stop() // stopping twice is harmless

	srv.Restart(t)
	if srv.Addr != addr {
		t.Fatalf("Addr after Restart = %s, want %s", srv.Addr, addr)
	}
	// The old client reconnects on its own: the circuit-breaker tests rely
	// on exactly that.
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING after Restart: %v", err)
	}
	if n, err := rdb.Exists(ctx, "k").Result(); err != nil || n != 0 {
		t.Fatalf("EXISTS k after Restart = %d, %v; want 0: no persistence", n, err)
	}

	srv.Restart(t) // restarting a running server stops it first
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING after second Restart: %v", err)
	}
}

func TestStartReportsATakenPortSoTheCallerCanRetry(t *testing.T) {
	t.Parallel()
	bin := binary(t)

	t.Run("taken by a plain listener", func(t *testing.T) {
		t.Parallel()
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		s := newServer(t, bin, false)
		s.port = l.Addr().(*net.TCPAddr).Port
		s.Addr = l.Addr().String()
		if err := s.start(); !errors.Is(err, errPortInUse) {
			t.Fatalf("start on a taken port: %v, want errPortInUse", err)
		}
	})

	t.Run("taken by another redis-server that answers PING", func(t *testing.T) {
		t.Parallel()
		other := Standalone(t)
		s := newServer(t, bin, false)
		s.port = other.port
		s.Addr = other.Addr
		// Without the process id check, the other server's PONG would
		// pass for ours.
		if err := s.start(); !errors.Is(err, errPortInUse) {
			t.Fatalf("start on another server's port: %v, want errPortInUse", err)
		}
	})
}

func TestClusterRoutesKeysToAllThreeMasters(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := Cluster(t)
	t.Logf("cluster up in %v", time.Since(start).Round(time.Millisecond))
	rdb := c.Client(t)
	ctx := t.Context()

	if len(c.Addrs) != 3 || len(c.Masters) != 3 {
		t.Fatalf("got %d addrs and %d masters, want 3 of each", len(c.Addrs), len(c.Masters))
	}

	shards, err := rdb.ClusterShards(ctx).Result()
	if err != nil {
		t.Fatalf("CLUSTER SHARDS: %v", err)
	}
	owner := make(map[[2]int]string)
	for _, sh := range shards {
		if len(sh.Nodes) != 1 || len(sh.Slots) != 1 {
			t.Fatalf("shard has %d nodes and %d slot ranges, want 1 of each: %+v", len(sh.Nodes), len(sh.Slots), sh)
		}
		n, r := sh.Nodes[0], sh.Slots[0]
		owner[[2]int{int(r.Start), int(r.End)}] = net.JoinHostPort(n.IP, strconv.Itoa(int(n.Port)))
	}
	for i, r := range slotRanges {
		if owner[r] != c.Addrs[i] {
			t.Errorf("slots %d-%d served by %q, want %s", r[0], r[1], owner[r], c.Addrs[i])
		}
	}

	const n = 300
	pipe := rdb.Pipeline()
	for i := range n {
		pipe.Set(ctx, "key:"+strconv.Itoa(i), i, time.Minute)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatalf("pipelined SET: %v", err)
	}

	var mu sync.Mutex
	perMaster := make(map[string]int64)
	err = rdb.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		size, err := m.DBSize(ctx).Result()
		mu.Lock()
		defer mu.Unlock()
		perMaster[m.Options().Addr] = size
		return err
	})
	if err != nil {
		t.Fatalf("DBSIZE on each master: %v", err)
	}
	var total int64
	for _, addr := range c.Addrs {
		if perMaster[addr] == 0 {
			t.Errorf("master %s holds no keys; per master: %v", addr, perMaster)
		}
		total += perMaster[addr]
	}
	if total != n {
		t.Errorf("masters hold %d keys in all, want %d", total, n)
	}
}

func TestClusterNodeRejoinsAfterRestart(t *testing.T) {
	t.Parallel()
	c := Cluster(t)
	rdb := c.Client(t)
	ctx := t.Context()

	restarted := c.Masters[1]
	restarted.Restart(t)
	node := restarted.Client(t)
	// The node reloads nodes.conf, so it comes back owning its slots and
	// the cluster returns to ok without another MEET, after Redis's 2 s
	// writable delay.
	deadline := time.Now().Add(clusterReadyTimeout)
	for {
		err := rdb.Set(ctx, "after-restart", "v", time.Minute).Err()
		info, infoErr := node.ClusterInfo(ctx).Result()
		if err == nil && infoErr == nil && strings.Contains(info, "cluster_state:ok") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster not usable after a node restart: SET: %v; CLUSTER INFO: %v %s", err, infoErr, info)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fakeTB records how binary ended the test. Fatal and Skip end the calling
// goroutine as the real ones do, so binary's control flow is the real one.
type fakeTB struct {
	testing.TB
	mu          sync.Mutex
	fatal, skip string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatal(args ...any) { f.end(&f.fatal, fmt.Sprint(args...)) }

func (f *fakeTB) Fatalf(format string, args ...any) { f.end(&f.fatal, fmt.Sprintf(format, args...)) }

func (f *fakeTB) Skip(args ...any) { f.end(&f.skip, fmt.Sprint(args...)) }

func (f *fakeTB) end(field *string, msg string) {
	f.mu.Lock()
	*field = msg
	f.mu.Unlock()
	runtime.Goexit()
}

func TestMissingBinaryFails(t *testing.T) {
	// t.Setenv rules out t.Parallel: PATH and CI are process-wide.
	realBin, realErr := exec.LookPath("redis-server")

	tests := []struct {
		name        string
		redisServer string
		ci          string
		wantFatal   string
		wantPath    bool
	}{
		{name: "missing locally fails", ci: "", wantFatal: "apt-get install redis-server"},
		{name: "missing with CI=false fails", ci: "false", wantFatal: "apt-get install redis-server"},
		{name: "missing with CI=true fails", ci: "true", wantFatal: "apt-get install redis-server"},
		{name: "REDIS_SERVER pointing nowhere fails even locally", redisServer: "/nonexistent/redis-server", wantFatal: "REDIS_SERVER"},
		{name: "REDIS_SERVER overrides PATH", redisServer: realBin, wantPath: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantPath && realErr != nil {
				t.Fatalf("needs a real redis-server to point REDIS_SERVER at: %v", realErr)
			}
			t.Setenv("PATH", t.TempDir())
			t.Setenv("REDIS_SERVER", tt.redisServer)
			t.Setenv("CI", tt.ci)

			f := &fakeTB{TB: t}
			var got string
			done := make(chan struct{})
			go func() {
				defer close(done)
				got = binary(f)
			}()
			<-done

			if !strings.Contains(f.fatal, tt.wantFatal) || (tt.wantFatal == "") != (f.fatal == "") {
				t.Errorf("fatal = %q, want it to mention %q", f.fatal, tt.wantFatal)
			}
			if f.skip != "" {
				t.Errorf("binary skipped (%q); a missing server must fail", f.skip)
			}
			if tt.wantPath && got != realBin {
				t.Errorf("binary() = %q, want %q", got, realBin)
			}
		})
	}
}

func TestKillPauseAndResume(t *testing.T) {
	t.Parallel()
	s := Standalone(t)
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, ReadTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	ctx := t.Context()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}

	s.Pause()
	start := time.Now()
	err := rdb.Ping(ctx).Err()
	var nerr net.Error
	if !errors.As(err, &nerr) || !nerr.Timeout() {
		t.Errorf("PING to a paused server: %v, want a read timeout", err)
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("PING to a paused server failed after %v, before its read timeout", took)
	}
	s.Resume()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Errorf("PING after Resume: %v", err)
	}

	s.Kill()
	if err := rdb.Ping(ctx).Err(); err == nil {
		t.Error("PING to a killed server succeeded")
	}
	s.Kill() // killing a stopped server does nothing
	s.Restart(t)
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Errorf("PING after Restart: %v", err)
	}

	s.Pause()
	s.Stop() // a paused server stops too, without waiting out SIGTERM's grace
}
