package rediskit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// newMiniServer returns a fresh miniredis and a client for it.
func newMiniServer(t *testing.T) (*miniredis.Miniredis, *redis.Client) {
	t.Helper()
	m := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	return m, rdb
}

// pipeHook counts the pipelines and commands a client sends, and can fail
// chosen keys (as a server would, one command at a time) or refuse whole
// pipelines (as a circuit breaker would).
type pipeHook struct {
	failKeys map[string]error // fail the command on this key with this error
	refuse   error            // refuse every pipeline with this error, sending nothing

	mu        sync.Mutex
	pipelines int
	cmds      int
	sizes     []int
}

func (h *pipeHook) DialHook(next redis.DialHook) redis.DialHook          { return next }
func (h *pipeHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }

func (h *pipeHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if len(cmds) > 0 && (cmds[0].Name() == "hello" || cmds[0].Name() == "client") {
			return next(ctx, cmds) // a new connection's handshake
		}
		h.mu.Lock()
		h.pipelines++
		h.cmds += len(cmds)
		h.sizes = append(h.sizes, len(cmds))
		h.mu.Unlock()
		if h.refuse != nil {
			return h.refuse
		}
		err := next(ctx, cmds)
		for _, c := range cmds {
			args := c.Args()
			if len(args) < 2 {
				continue
			}
			if e, ok := h.failKeys[fmt.Sprint(args[1])]; ok {
				c.SetErr(e)
				err = e
			}
		}
		return err
	}
}

func (h *pipeHook) counts() (pipelines, cmds int, sizes []int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pipelines, h.cmds, slices.Clone(h.sizes)
}

func keyList(prefix string, n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = prefix + strconv.Itoa(i)
	}
	return keys
}

func failedKeys(t *testing.T, err error) []string {
	t.Helper()
	var be *rediskit.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("error = %v (%T), want a *rediskit.BatchError", err, err)
	}
	var keys []string
	for _, f := range be.Failed {
		keys = append(keys, f.Key)
	}
	return keys
}

type token string

func TestSetManyWritesEveryKeyWithItsTTL(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, rdb := newMiniServer(t)

	if err := rediskit.SetMany(ctx, rdb, map[string]string{"a": "1", "b": "2"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := rediskit.SetMany(ctx, rdb, map[string][]byte{"bytes": []byte("raw")}, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := rediskit.SetMany(ctx, rdb, map[string]json.RawMessage{"json": json.RawMessage(`{"id":7}`)}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := rediskit.SetMany(ctx, rdb, map[string]token{"token": "t0k"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]struct {
		val string
		ttl time.Duration
	}{
		"a":     {"1", time.Hour},
		"b":     {"2", time.Hour},
		"bytes": {"raw", 1500 * time.Millisecond},
		"json":  {`{"id":7}`, time.Minute},
		"token": {"t0k", time.Minute},
	} {
		got, err := m.Get(key)
		if err != nil || got != want.val {
			t.Errorf("%s = %q (%v), want %q", key, got, err, want.val)
		}
		if ttl := m.TTL(key); ttl != want.ttl {
			t.Errorf("TTL of %s = %v, want %v", key, ttl, want.ttl)
		}
	}
}

func TestBatchHelpersRejectInvalidArguments(t *testing.T) {
	t.Parallel()
	_, rdb := newMiniServer(t)
	h := &pipeHook{}
	rdb.AddHook(h)
	items := map[string]string{"k": "v"}
	keys := []string{"k"}

	tests := []struct {
		name string
		run  func(ctx context.Context) error
		is   error  // errors.Is target, if any
		want string // substring of the message
	}{
		{"SetMany with zero TTL", func(ctx context.Context) error {
			return rediskit.SetMany(ctx, rdb, items, 0)
		}, rediskit.ErrInvalidTTL, "rediskit: ttl must be at least 1ms: SetMany got 0s; it never writes a key without an expiry"},
		{"SetMany with KeepTTL", func(ctx context.Context) error {
			return rediskit.SetMany(ctx, rdb, items, redis.KeepTTL)
		}, rediskit.ErrInvalidTTL, "got -1ns"},
		{"SetMany with a TTL below 1ms", func(ctx context.Context) error {
			return rediskit.SetMany(ctx, rdb, items, time.Microsecond)
		}, rediskit.ErrInvalidTTL, "ttl must be at least 1ms"},
		{"ExpireMany with zero TTL, which would delete the keys", func(ctx context.Context) error {
			_, err := rediskit.ExpireMany(ctx, rdb, keys, 0)
			return err
		}, rediskit.ErrInvalidTTL, "ExpireMany got 0s; PEXPIRE would delete the keys"},
		{"ExpireMany with a negative TTL", func(ctx context.Context) error {
			_, err := rediskit.ExpireMany(ctx, rdb, keys, -time.Second)
			return err
		}, rediskit.ErrInvalidTTL, ""},
		{"a nil client", func(ctx context.Context) error {
			return rediskit.SetMany(ctx, nil, items, time.Minute)
		}, nil, "rediskit: set: nil client"},
		{"a nil *redis.ClusterClient", func(ctx context.Context) error {
			_, err := rediskit.GetMany(ctx, (*redis.ClusterClient)(nil), keys)
			return err
		}, nil, "rediskit: get: nil client"},
		{"a zero batch size", func(ctx context.Context) error {
			_, err := rediskit.GetMany(ctx, rdb, keys, rediskit.BatchSize(0))
			return err
		}, nil, "rediskit: get: batch size must be positive, got 0"},
		{"a negative batch size", func(ctx context.Context) error {
			_, err := rediskit.ExpireMany(ctx, rdb, keys, time.Minute, rediskit.BatchSize(-5))
			return err
		}, nil, "batch size must be positive, got -5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(t.Context())
			if err == nil {
				t.Fatal("got nil error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
	if pipelines, _, _ := h.counts(); pipelines != 0 {
		t.Errorf("invalid calls sent %d pipelines, want none", pipelines)
	}
}

func TestBatchHelpersSendBoundedPipelines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		keys  int
		opts  []rediskit.BatchOption
		sizes []int
	}{
		{"nothing to do sends nothing", 0, nil, nil},
		{"one partial batch", 10, nil, []int{10}},
		{"exactly one default batch", rediskit.DefaultBatchSize, nil, []int{rediskit.DefaultBatchSize}},
		{"default batches and a rest", 2500, nil, []int{1000, 1000, 500}},
		{"a chosen batch size", 250, []rediskit.BatchOption{rediskit.BatchSize(100)}, []int{100, 100, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			m, rdb := newMiniServer(t)
			h := &pipeHook{}
			rdb.AddHook(h)
			keys := keyList("k:", tt.keys)
			items := make(map[string]string, len(keys))
			for _, k := range keys {
				items[k] = "v"
			}

			if err := rediskit.SetMany(ctx, rdb, items, time.Minute, tt.opts...); err != nil {
				t.Fatal(err)
			}
			got, err := rediskit.GetMany(ctx, rdb, keys, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			missing, err := rediskit.ExpireMany(ctx, rdb, keys, time.Hour, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.keys || len(missing) != 0 || len(m.Keys()) != tt.keys {
				t.Errorf("read %d values, %d missing, server holds %d keys; want %d, 0, %d", len(got), len(missing), len(m.Keys()), tt.keys, tt.keys)
			}
			_, _, sizes := h.counts()
			want := slices.Concat(tt.sizes, tt.sizes, tt.sizes) // SetMany, GetMany, ExpireMany
			if !slices.Equal(sizes, want) {
				t.Errorf("pipeline sizes = %v, want %v", sizes, want)
			}
		})
	}
}

func TestGetManyTellsMissingKeysFromErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, rdb := newMiniServer(t)
	_ = m.Set("present", "1")
	_ = m.Set("empty", "")
	if _, err := m.Lpush("list", "x"); err != nil {
		t.Fatal(err)
	}

	got, err := rediskit.GetMany(ctx, rdb, []string{"present", "missing", "empty", "list"})
	if want := map[string]string{"present": "1", "empty": ""}; !maps.Equal(got, want) {
		t.Errorf("values = %q, want %q (a missing key is absent, an empty value present)", got, want)
	}
	if keys := failedKeys(t, err); !slices.Equal(keys, []string{"list"}) {
		t.Errorf("failed keys = %q, want [list]", keys)
	}
	var rerr redis.Error
	if !errors.As(err, &rerr) || !strings.HasPrefix(rerr.Error(), "WRONGTYPE") {
		t.Errorf("errors.As(redis.Error) = %v, want the server's WRONGTYPE reply", rerr)
	}
	if errors.Is(err, redis.Nil) {
		t.Error("a missing key must not surface as redis.Nil")
	}

	got, err = rediskit.GetMany(ctx, rdb, []string{"missing", "gone"})
	if err != nil || len(got) != 0 {
		t.Errorf("only missing keys: got %q, %v; want an empty map and no error", got, err)
	}
}

func TestExpireManyReturnsTheMissingKeysInOrder(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, rdb := newMiniServer(t)
	for _, k := range []string{"a", "c", "e"} {
		_ = m.Set(k, "v")
	}
	missing, err := rediskit.ExpireMany(ctx, rdb, []string{"e", "d", "a", "b", "c"}, 90*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(missing, []string{"d", "b"}) {
		t.Errorf("missing = %q, want [d b]", missing)
	}
	for _, k := range []string{"a", "c", "e"} {
		if ttl := m.TTL(k); ttl != 90*time.Second {
			t.Errorf("TTL of %s = %v, want 1m30s", k, ttl)
		}
	}
	if keys := m.Keys(); len(keys) != 3 {
		t.Errorf("server holds %q, want a, c, e (EXPIRE never creates keys)", keys)
	}
}

func TestBatchErrorsListEveryFailedKey(t *testing.T) {
	t.Parallel()
	errOOM := errors.New("OOM command not allowed when used memory > 'maxmemory'")
	errTimeout := errors.New("i/o timeout")
	keys := keyList("k:", 25)
	items := map[string]string{}
	for _, k := range keys {
		items[k] = "v"
	}
	fail := map[string]error{"k:3": errOOM, "k:17": errOOM, "k:24": errTimeout, "k:9": errOOM}
	wantFailed := []string{"k:17", "k:24", "k:3", "k:9"} // sorted by key

	tests := []struct {
		name string
		run  func(ctx context.Context, rdb redis.UniversalClient) error
	}{
		{"SetMany", func(ctx context.Context, rdb redis.UniversalClient) error {
			return rediskit.SetMany(ctx, rdb, items, time.Minute, rediskit.BatchSize(10))
		}},
		{"GetMany", func(ctx context.Context, rdb redis.UniversalClient) error {
			_, err := rediskit.GetMany(ctx, rdb, keys, rediskit.BatchSize(10))
			return err
		}},
		{"ExpireMany", func(ctx context.Context, rdb redis.UniversalClient) error {
			_, err := rediskit.ExpireMany(ctx, rdb, keys, time.Minute, rediskit.BatchSize(10))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, rdb := newMiniServer(t)
			for _, k := range keys {
				_ = m.Set(k, "v")
			}
			rdb.AddHook(&pipeHook{failKeys: fail})

			err := tt.run(t.Context(), rdb)
			if got := failedKeys(t, err); !slices.Equal(got, wantFailed) {
				t.Errorf("failed keys = %q, want %q", got, wantFailed)
			}
			if !errors.Is(err, errOOM) || !errors.Is(err, errTimeout) {
				t.Errorf("errors.Is does not see both causes in %v", err)
			}
			var ke *rediskit.KeyError
			if !errors.As(err, &ke) || ke.Key != "k:17" || !errors.Is(ke, errOOM) {
				t.Errorf("errors.As(*KeyError) = %+v, want the first failed key, k:17, with its cause", ke)
			}
			var be *rediskit.BatchError
			errors.As(err, &be)
			if be.Keys != len(keys) {
				t.Errorf("BatchError.Keys = %d, want %d", be.Keys, len(keys))
			}
			want := `rediskit: ` + strings.ToLower(strings.TrimSuffix(tt.name, "Many")) + `: 4 of 25 keys failed: "k:17": OOM command not allowed`
			if !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "; and 1 more") {
				t.Errorf("message = %q, want it to start with %q and end with %q", err, want, "; and 1 more")
			}
		})
	}
}

func TestBatchHelpersReportARefusedPipelineForEveryKey(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, rdb := newMiniServer(t)
	errOpen := errors.New("rediskit: circuit open")
	rdb.AddHook(&pipeHook{refuse: errOpen})
	keys := keyList("k:", 5)

	got, err := rediskit.GetMany(ctx, rdb, keys)
	if len(got) != 0 {
		t.Errorf("values = %q from a refused pipeline, want none", got)
	}
	if failed := failedKeys(t, err); len(failed) != len(keys) || !errors.Is(err, errOpen) {
		t.Errorf("failed %q with %v, want all %d keys with %v", failed, err, len(keys), errOpen)
	}
	if err := rediskit.SetMany(ctx, rdb, map[string]string{"a": "1"}, time.Minute); !errors.Is(err, errOpen) {
		t.Errorf("SetMany error = %v, want %v", err, errOpen)
	}
}

func TestBatchHelpersStopSendingWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	_, rdb := newMiniServer(t)
	h := &pipeHook{}
	rdb.AddHook(h)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	keys := keyList("k:", 30)

	_, err := rediskit.ExpireMany(ctx, rdb, keys, time.Minute, rediskit.BatchSize(7))
	if failed := failedKeys(t, err); len(failed) != len(keys) {
		t.Errorf("%d keys failed, want all %d", len(failed), len(keys))
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want it to wrap context.Canceled", err)
	}
	if pipelines, _, _ := h.counts(); pipelines != 0 {
		t.Errorf("sent %d pipelines after the context ended, want none", pipelines)
	}
}

// Integration tests against real redis-server processes.

func TestBatchHelpersOnRedisServer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Standalone(t).Client(t)

	const n = 10_000
	keys := keyList("item:", n)
	items := make(map[string][]byte, n)
	for i, k := range keys {
		items[k] = []byte(strconv.Itoa(i))
	}
	if err := rediskit.SetMany(ctx, rdb, items, time.Hour); err != nil {
		t.Fatal(err)
	}
	if size := rdb.DBSize(ctx).Val(); size != n {
		t.Fatalf("DBSIZE = %d after SetMany, want %d", size, n)
	}
	for _, k := range []string{keys[0], keys[n/2], keys[n-1]} {
		if ttl := rdb.PTTL(ctx, k).Val(); ttl <= 59*time.Minute || ttl > time.Hour {
			t.Errorf("PTTL %s = %v, want about 1h", k, ttl)
		}
	}

	probe := append(slices.Clone(keys), "item:missing")
	got, err := rediskit.GetMany(ctx, rdb, probe)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n || got["item:4321"] != "4321" {
		t.Errorf("GetMany returned %d values (item:4321 = %q), want %d", len(got), got["item:4321"], n)
	}
	if _, ok := got["item:missing"]; ok {
		t.Error("GetMany returned a value for a missing key")
	}

	missing, err := rediskit.ExpireMany(ctx, rdb, probe, 2*time.Hour)
	if err != nil || !slices.Equal(missing, []string{"item:missing"}) {
		t.Fatalf("ExpireMany = %q, %v; want [item:missing], nil", missing, err)
	}
	if ttl := rdb.PTTL(ctx, keys[n-1]).Val(); ttl <= time.Hour {
		t.Errorf("PTTL after ExpireMany = %v, want about 2h", ttl)
	}

	if err := rdb.LPush(ctx, "item:17", "x").Err(); err == nil {
		t.Fatal("LPUSH on a string key succeeded")
	}
	if err := rdb.Del(ctx, "item:17").Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.LPush(ctx, "item:17", "x").Err(); err != nil {
		t.Fatal(err)
	}
	_, err = rediskit.GetMany(ctx, rdb, keys[:100])
	if failed := failedKeys(t, err); !slices.Equal(failed, []string{"item:17"}) {
		t.Errorf("failed keys = %q, want [item:17] (WRONGTYPE)", failed)
	}
}

// An AutoPipeliner batches by itself; the helpers work through it too.
func TestBatchHelpersThroughAnAutoPipeliner(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	ap, err := redistest.Standalone(t).Client(t).AutoPipeline()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ap.Close() })

	if err := rediskit.SetMany(ctx, ap, map[string]string{"a": "1", "b": "2"}, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := rediskit.GetMany(ctx, ap, []string{"a", "b", "c"})
	if want := map[string]string{"a": "1", "b": "2"}; err != nil || !maps.Equal(got, want) {
		t.Errorf("GetMany = %q, %v; want %q, nil", got, err, want)
	}
}

func TestBatchHelpersOnRedisCluster(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cluster := redistest.Cluster(t)
	rdb := cluster.Client(t)

	// Keys in every slot range, without hash tags: go-redis must split each
	// pipeline by node.
	const n = 3000
	keys := keyList("user:", n)
	items := make(map[string]string, n)
	for _, k := range keys {
		items[k] = "v:" + k
	}
	if err := rediskit.SetMany(ctx, rdb, items, time.Hour, rediskit.BatchSize(500)); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	perMaster := map[string]int64{}
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		size, err := m.DBSize(ctx).Result()
		mu.Lock()
		defer mu.Unlock()
		perMaster[m.Options().Addr] = size
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, addr := range cluster.Addrs {
		if perMaster[addr] < n/5 {
			t.Errorf("master %s holds %d keys, want about a third of %d; per master: %v", addr, perMaster[addr], n, perMaster)
		}
		total += perMaster[addr]
	}
	if total != n {
		t.Errorf("the masters hold %d keys in all, want %d", total, n)
	}

	got, err := rediskit.GetMany(ctx, rdb, append(slices.Clone(keys), "user:missing"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n || got["user:2999"] != "v:user:2999" {
		t.Errorf("GetMany returned %d values, want %d", len(got), n)
	}
	missing, err := rediskit.ExpireMany(ctx, rdb, append(slices.Clone(keys), "user:missing"), time.Minute)
	if err != nil || !slices.Equal(missing, []string{"user:missing"}) {
		t.Errorf("ExpireMany = %q, %v; want [user:missing], nil", missing, err)
	}

	// Per-key failures on different nodes are each reported; the other keys
	// are read.
	wrong := []string{"user:1", "user:2", "user:3", "user:4", "user:5"}
	for _, k := range wrong {
		if err := rdb.Del(ctx, k).Err(); err != nil {
			t.Fatal(err)
		}
		if err := rdb.SAdd(ctx, k, "member").Err(); err != nil {
			t.Fatal(err)
		}
	}
	slots := map[int64]bool{}
	for _, k := range wrong {
		slots[rdb.ClusterKeySlot(ctx, k).Val()/5461] = true
	}
	if len(slots) < 2 {
		t.Fatalf("the wrong-type keys sit on %d node(s); the test needs at least 2", len(slots))
	}
	got, err = rediskit.GetMany(ctx, rdb, keys[:100])
	if failed := failedKeys(t, err); !slices.Equal(failed, wrong) {
		t.Errorf("failed keys = %q, want %q", failed, wrong)
	}
	if len(got) != 100-len(wrong) {
		t.Errorf("GetMany read %d values beside the failures, want %d", len(got), 100-len(wrong))
	}
}

func TestBatchHelpersOnAStoppedClusterNode(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cluster := redistest.Cluster(t)
	rdb := redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:        cluster.Addrs,
		MaxRedirects: 1,
		DialTimeout:  200 * time.Millisecond,
		ReadTimeout:  500 * time.Millisecond,
	})
	t.Cleanup(func() { _ = rdb.Close() })

	keys := keyList("order:", 300)
	items := map[string]string{}
	for _, k := range keys {
		items[k] = "v"
	}
	if err := rediskit.SetMany(ctx, rdb, items, time.Hour); err != nil {
		t.Fatal(err)
	}
	cluster.Masters[2].Stop() // serves slots 10923-16383

	got, err := rediskit.GetMany(ctx, rdb, keys)
	failed := failedKeys(t, err)
	up := cluster.Masters[0].Client(t)
	for _, k := range failed {
		if slot := up.ClusterKeySlot(ctx, k).Val(); slot < 10923 {
			t.Errorf("key %s in slot %d failed, but its node is up", k, slot)
		}
	}
	for _, k := range keys {
		_, read := got[k]
		if read == slices.Contains(failed, k) {
			t.Errorf("key %s: read %v, listed as failed %v; want exactly one", k, read, !read)
		}
	}
	if len(failed) == 0 || len(got) == 0 {
		t.Errorf("%d keys read and %d failed, want some of each", len(got), len(failed))
	}
	t.Logf("with one master down: %d keys read, %d failed", len(got), len(failed))
}
