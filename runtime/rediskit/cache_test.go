package rediskit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

type cachedUser struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// userLoader loads users and counts its calls.
type userLoader struct {
	calls atomic.Int32
	err   error
	block chan struct{} // when set, each load waits for it to close
}

func (l *userLoader) load(ctx context.Context, id string) (cachedUser, error) {
	l.calls.Add(1)
	if l.block != nil {
		select {
		case <-l.block:
		case <-ctx.Done():
			return cachedUser{}, ctx.Err()
		}
	}
	if l.err != nil {
		return cachedUser{}, l.err
	}
	return cachedUser{ID: id, Name: "user " + id}, nil
}

func newUserCache(t *testing.T, c *rediskit.Client, l *userLoader, opts rediskit.CacheOptions) *rediskit.Cache[cachedUser] {
	t.Helper()
	if opts.Prefix == "" {
		opts.Prefix = "user:"
	}
	k, err := rediskit.NewCache(c, l.load, opts)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCacheLoadsAColdKeyOnceForConcurrentCallers(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	l := &userLoader{block: make(chan struct{})}
	k := newUserCache(t, c, l, rediskit.CacheOptions{TTL: time.Hour})

	const callers = 50
	var wg sync.WaitGroup
	got := make([]cachedUser, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() { got[i], errs[i] = k.Get(t.Context(), "42") })
	}
	for l.calls.Load() == 0 {
		time.Sleep(time.Millisecond) // until the first caller is inside load
	}
	time.Sleep(20 * time.Millisecond) // the others join the flight meanwhile
	close(l.block)
	wg.Wait()
	for i := range callers {
		if errs[i] != nil || got[i] != (cachedUser{"42", "user 42"}) {
			t.Fatalf("caller %d: %+v, %v", i, got[i], errs[i])
		}
	}
	if n := l.calls.Load(); n != 1 {
		t.Errorf("%d loads for one cold key, want 1", n)
	}
	if ttl := m.TTL("user:42"); ttl != time.Hour {
		t.Errorf("TTL of the cached key %v, want 1h", ttl)
	}
	// Warm now: no more loads.
	if _, err := k.Get(t.Context(), "42"); err != nil || l.calls.Load() != 1 {
		t.Errorf("warm Get: %v, %d loads", err, l.calls.Load())
	}
}

func TestCacheReadsWhatIsInRedis(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	l := &userLoader{}
	k := newUserCache(t, c, l, rediskit.CacheOptions{})
	if err := m.Set("user:7", `{"id":"7","name":"from redis"}`); err != nil {
		t.Fatal(err)
	}
	u, err := k.Get(t.Context(), "7")
	if err != nil || u.Name != "from redis" || l.calls.Load() != 0 {
		t.Errorf("Get = %+v, %v after %d loads; want the stored value and no load", u, err, l.calls.Load())
	}
}

func TestCacheTellsAMissingKeyFromARedisError(t *testing.T) {
	t.Parallel()
	t.Run("Redis down", func(t *testing.T) {
		t.Parallel()
		c, m, _ := newKit(t, rediskit.Options{})
		l := &userLoader{}
		k := newUserCache(t, c, l, rediskit.CacheOptions{})
		m.Close()
		_, err := k.Get(t.Context(), "1")
		if err == nil || l.calls.Load() != 0 {
			t.Fatalf("Get with Redis down: %v after %d loads; want an error and no load", err, l.calls.Load())
		}
		if errors.Is(err, redis.Nil) {
			t.Errorf("error %v claims the key is missing", err)
		}
	})
	t.Run("breaker open", func(t *testing.T) {
		t.Parallel()
		c, _, _ := newKit(t, rediskit.Options{TripAfter: 1})
		l := &userLoader{}
		k := newUserCache(t, c, l, rediskit.CacheOptions{})
		addFaults(c).fail(errRefused)
		_ = c.Redis().Ping(t.Context())
		if _, err := k.Get(t.Context(), "1"); !errors.Is(err, rediskit.ErrCircuitOpen) || l.calls.Load() != 0 {
			t.Errorf("Get with the breaker open: %v after %d loads; want ErrCircuitOpen and no load", err, l.calls.Load())
		}
	})
	t.Run("load fails", func(t *testing.T) {
		t.Parallel()
		c, m, _ := newKit(t, rediskit.Options{})
		errDB := errors.New("database down")
		k := newUserCache(t, c, &userLoader{err: errDB}, rediskit.CacheOptions{})
		if _, err := k.Get(t.Context(), "1"); !errors.Is(err, errDB) {
			t.Errorf("got %v, want the load's error", err)
		}
		if m.Exists("user:1") {
			t.Error("a failed load was cached")
		}
	})
	t.Run("store fails", func(t *testing.T) {
		t.Parallel()
		c, _, _ := newKit(t, rediskit.Options{})
		faults := addFaults(c)
		faults.only = "set"
		faults.fail(redisError("OOM command not allowed when used memory > 'maxmemory'"))
		k := newUserCache(t, c, &userLoader{}, rediskit.CacheOptions{})
		if _, err := k.Get(t.Context(), "1"); err == nil || !strings.Contains(err.Error(), "OOM") {
			t.Errorf("got %v, want the SET's error: a value that was not cached must not pass as cached", err)
		}
	})
}

func TestCacheReloadsAValueThatNoLongerDecodes(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	c, m, _ := newKit(t, rediskit.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	l := &userLoader{}
	k := newUserCache(t, c, l, rediskit.CacheOptions{})
	if err := m.Set("user:9", "not json"); err != nil {
		t.Fatal(err)
	}
	u, err := k.Get(t.Context(), "9")
	if err != nil || u.ID != "9" || l.calls.Load() != 1 {
		t.Fatalf("Get = %+v, %v after %d loads; want a reload", u, err, l.calls.Load())
	}
	if got, _ := m.Get("user:9"); !strings.Contains(got, `"name":"user 9"`) {
		t.Errorf("stored %q, want the reloaded value", got)
	}
	if !strings.Contains(logs.String(), "does not decode") || strings.Contains(logs.String(), "user:9") {
		t.Errorf("log %q: want a warning that names no key", logs.String())
	}
}

func TestCacheGetReturnsWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	l := &userLoader{block: make(chan struct{})}
	k := newUserCache(t, c, l, rediskit.CacheOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { _, err := k.Get(ctx, "5"); done <- err }()
	for l.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	close(l.block) // the load goes on without its first caller
	u, err := k.Get(t.Context(), "5")
	if err != nil || u.ID != "5" {
		t.Fatalf("next Get: %+v, %v", u, err)
	}
	if n := l.calls.Load(); n != 1 {
		t.Errorf("%d loads; the abandoned load should have been kept", n)
	}
	if !m.Exists("user:5") {
		t.Error("the abandoned load was not stored")
	}
}

func TestCacheLoadTimeoutEndsAHungLoad(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	l := &userLoader{block: make(chan struct{})} // never closed
	k := newUserCache(t, c, l, rediskit.CacheOptions{LoadTimeout: 200 * time.Millisecond})
	done := make(chan error, 1)
	go func() { _, err := k.Get(t.Context(), "1"); done <- err }() // t.Context has no deadline
	select {
	case err := <-done:
		// The load's context ended; on a slow machine the GET before it
		// may already have run into the deadline, as an i/o timeout.
		if got, _ := rediskit.Classify(t.Context(), err); got != "timeout" {
			t.Errorf("got %v, want a timeout from LoadTimeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Get still waits on a hung load; LoadTimeout is 200ms")
	}
}

func TestCacheLocalTier(t *testing.T) {
	t.Parallel()
	c, m, clock := newKit(t, rediskit.Options{})
	faults := addFaults(c) // counts what reaches Redis
	l := &userLoader{}
	k := newUserCache(t, c, l, rediskit.CacheOptions{LocalTTL: 10 * time.Second})
	ctx := t.Context()

	if _, err := k.Get(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	sent := faults.reached.Load()
	for range 5 {
		u, err := k.Get(ctx, "1")
		if err != nil || u.ID != "1" {
			t.Fatalf("local hit: %+v, %v", u, err)
		}
	}
	if faults.reached.Load() != sent {
		t.Errorf("%d commands for local hits, want none", faults.reached.Load()-sent)
	}

	// A local copy is a copy: changing it changes no other caller's.
	k2, err := rediskit.NewCache(c, func(context.Context, string) ([]string, error) { return []string{"a"}, nil },
		rediskit.CacheOptions{Prefix: "list:", LocalTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := k2.Get(ctx, "x")
	v[0] = "changed"
	if again, _ := k2.Get(ctx, "x"); again[0] != "a" {
		t.Errorf("a caller's change reached the next caller: %v", again)
	}

	// Expired: back to Redis, and the entry is gone from memory.
	clock.Advance(11 * time.Second)
	if err := m.Set("user:1", `{"id":"1","name":"renamed"}`); err != nil {
		t.Fatal(err)
	}
	if u, err := k.Get(ctx, "1"); err != nil || u.Name != "renamed" {
		t.Errorf("after LocalTTL: %+v, %v; want Redis's value", u, err)
	}
	clock.Advance(11 * time.Second)
	_, _ = k.Get(ctx, "2") // any later call sweeps
	if keys, queue := rediskit.LocalLen(k); keys != 1 || queue != 1 {
		t.Errorf("after expiry: %d keys, queue of %d; want only key 2", keys, queue)
	}

	if err := k.Delete(ctx, "2"); err != nil {
		t.Fatal(err)
	}
	if keys, _ := rediskit.LocalLen(k); keys != 0 || m.Exists("user:2") {
		t.Errorf("Delete left %d local keys, Redis key %t", keys, m.Exists("user:2"))
	}
	calls := l.calls.Load()
	if _, err := k.Get(ctx, "2"); err != nil || l.calls.Load() != calls+1 {
		t.Errorf("Get after Delete: %v, %d loads; want a fresh load", err, l.calls.Load()-calls)
	}
}

func TestCacheLocalTierIsBounded(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	k := newUserCache(t, c, &userLoader{}, rediskit.CacheOptions{LocalTTL: time.Hour, LocalMaxEntries: 100})
	for i := range 1000 {
		if _, err := k.Get(t.Context(), fmt.Sprint(i%300)); err != nil {
			t.Fatal(err)
		}
	}
	if keys, queue := rediskit.LocalLen(k); keys != 100 || queue > 300 {
		t.Errorf("%d keys, queue of %d; want 100 keys and a bounded queue", keys, queue)
	}
}

func TestCacheMetrics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	c, _, _ := newKit(t, rediskit.Options{Registerer: reg})
	k := newUserCache(t, c, &userLoader{}, rediskit.CacheOptions{LocalTTL: time.Minute})
	for range 3 {
		if _, err := k.Get(t.Context(), "1"); err != nil {
			t.Fatal(err)
		}
	}
	k2 := newUserCache(t, c, &userLoader{}, rediskit.CacheOptions{Prefix: "user:", Name: "users-again"})
	for range 2 {
		_, _ = k2.Get(t.Context(), "1")
	}
	g := gatherMetrics(t, reg)
	for _, tc := range []struct {
		family string
		labels []string
		want   float64
	}{
		{"rediskit_cache_misses_total", []string{"cache", "user"}, 1},
		{"rediskit_cache_hits_total", []string{"cache", "user", "tier", "local"}, 2},
		{"rediskit_cache_hits_total", []string{"cache", "users-again", "tier", "redis"}, 2},
	} {
		if got := g.value(tc.family, tc.labels...); got != tc.want {
			t.Errorf("%s%v = %v, want %v", tc.family, tc.labels, got, tc.want)
		}
	}
}

func TestNewCacheArguments(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	if _, err := rediskit.NewCache[cachedUser](c, nil, rediskit.CacheOptions{}); err == nil {
		t.Error("nil load: no error")
	}
	if _, err := rediskit.NewCache(nil, (&userLoader{}).load, rediskit.CacheOptions{}); err == nil {
		t.Error("nil client: no error")
	}
	if _, err := rediskit.NewCache(c, (&userLoader{}).load, rediskit.CacheOptions{TTL: -time.Second}); err == nil {
		t.Error("negative TTL: no error")
	}
}

func TestGetOr(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{TripAfter: 1})
	rdb := c.Redis()
	ctx := t.Context()
	if err := m.Set("flag", "on"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Lpush("list", "x"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		key, want string
		err       bool
	}{
		{"flag", "on", false},
		{"missing", "off", false},
		{"list", "off", true}, // WRONGTYPE: the caller must hear of it
	} {
		got, err := rediskit.GetOr(ctx, rdb, tc.key, "off")
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("GetOr(%q) = %q, %v; want %q, error %t", tc.key, got, err, tc.want, tc.err)
		}
		if err != nil && errors.Is(err, redis.Nil) {
			t.Errorf("GetOr(%q): %v looks like a missing key", tc.key, err)
		}
	}

	faults := addFaults(c)
	faults.fail(errRefused)
	if got, err := rediskit.GetOr(ctx, rdb, "flag", "off"); got != "off" || !errors.Is(err, errRefused) {
		t.Errorf("Redis unreachable: %q, %v; want the default and the error", got, err)
	}
	// That failure opened the breaker (TripAfter 1).
	if got, err := rediskit.GetOr(ctx, rdb, "flag", "off"); got != "off" || err != nil {
		t.Errorf("breaker open: %q, %v; want the default and no error", got, err)
	}
}
