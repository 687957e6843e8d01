package rediskit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// TestEveryExportedFunctionRefusesNilInputs calls each exported function
// and method with a nil context, client, function or receiver: each returns
// an error that says what was nil, and none panics.
func TestEveryExportedFunctionRefusesNilInputs(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	rdb := c.Redis()
	var nilCtx context.Context
	var typedNil *redis.Client
	var nilClient *rediskit.Client
	var nilCache *rediskit.Cache[string]
	cache, err := rediskit.NewCache(c, func(context.Context, string) (string, error) { return "v", nil }, rediskit.CacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fn := func(*redis.Tx) error { return nil }
	items := map[string]string{"k": "v"}
	for _, tc := range []struct {
		name, want string
		call       func() error
	}{
		{"Transaction, nil context", "nil context", func() error { return rediskit.Transaction(nilCtx, rdb, []string{"k"}, rediskit.TxOptions{}, fn) }},
		{"Transaction, nil client", "nil client", func() error { return rediskit.Transaction(t.Context(), nil, []string{"k"}, rediskit.TxOptions{}, fn) }},
		{"Transaction, typed nil client", "nil client", func() error {
			return rediskit.Transaction(t.Context(), typedNil, []string{"k"}, rediskit.TxOptions{}, fn)
		}},
		{"Transaction, nil fn", "nil function", func() error { return rediskit.Transaction(t.Context(), rdb, []string{"k"}, rediskit.TxOptions{}, nil) }},
		{"GetOr, nil client", "nil client", func() error { _, err := rediskit.GetOr(t.Context(), nil, "k", "d"); return err }},
		{"GetOr, typed nil client", "nil client", func() error { _, err := rediskit.GetOr(t.Context(), typedNil, "k", "d"); return err }},
		{"GetOr, nil context", "nil context", func() error { _, err := rediskit.GetOr(nilCtx, rdb, "k", "d"); return err }},
		{"SetMany, nil context", "nil context", func() error { return rediskit.SetMany(nilCtx, rdb, items, time.Minute) }},
		{"GetMany, nil context", "nil context", func() error { _, err := rediskit.GetMany(nilCtx, rdb, []string{"k"}); return err }},
		{"ExpireMany, nil context", "nil context", func() error { _, err := rediskit.ExpireMany(nilCtx, rdb, []string{"k"}, time.Minute); return err }},
		{"SetMany, nil client", "nil client", func() error { return rediskit.SetMany(t.Context(), typedNil, items, time.Minute) }},
		{"GetMany, nil client", "nil client", func() error { _, err := rediskit.GetMany(t.Context(), nil, []string{"k"}); return err }},
		{"ExpireMany, typed nil client", "nil client", func() error {
			_, err := rediskit.ExpireMany(t.Context(), typedNil, []string{"k"}, time.Minute)
			return err
		}},
		{"IterKeys, nil client", "nil client", func() error { _, err := collect(rediskit.IterKeys(t.Context(), nil, "*", 0)); return err }},
		{"NewCache, nil load", "load function", func() error {
			_, err := rediskit.NewCache[string](c, nil, rediskit.CacheOptions{})
			return err
		}},
		{"ScanKeys, nil context", "nil context", func() error { _, err := rediskit.ScanKeys(nilCtx, rdb, "*"); return err }},
		{"ScanKeys, nil client", "nil client", func() error { _, err := rediskit.ScanKeys(t.Context(), typedNil, "*"); return err }},
		{"IterKeys, nil context", "nil context", func() error { _, err := collect(rediskit.IterKeys(nilCtx, rdb, "*", 0)); return err }},
		{"WithConn, nil context", "nil context", func() error {
			return rediskit.WithConn(nilCtx, rdb.(*redis.Client), func(*redis.Conn) error { return nil })
		}},
		{"WithConn, typed nil client", "nil client", func() error { return rediskit.WithConn(t.Context(), typedNil, func(*redis.Conn) error { return nil }) }},
		{"NewCache, nil client", "nil client", func() error {
			_, err := rediskit.NewCache(nilClient, func(context.Context, string) (string, error) { return "", nil }, rediskit.CacheOptions{})
			return err
		}},
		{"Cache.Get, nil context", "nil context", func() error { _, err := cache.Get(nilCtx, "k"); return err }},
		{"Cache.Delete, nil context", "nil context", func() error { return cache.Delete(nilCtx, "k") }},
		{"Cache.Get, nil cache", "nil cache", func() error { _, err := nilCache.Get(t.Context(), "k"); return err }},
		{"Cache.Delete, nil cache", "nil cache", func() error { return nilCache.Delete(t.Context(), "k") }},
		{"Client.Ping, nil client", "nil client", func() error { _, err := nilClient.Ping(t.Context()); return err }},
		{"Client.Ping, nil context", "nil context", func() error { _, err := c.Ping(nilCtx); return err }},
		{"Client.Close, nil client", "nil client", func() error { return nilClient.Close() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			err := tc.call()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "rediskit: ") {
				t.Errorf("error %v, want a rediskit error that says %q", err, tc.want)
			}
		})
	}

	t.Run("the getters of a nil Client", func(t *testing.T) {
		if nilClient.Redis() != nil || nilClient.BreakerState() != rediskit.BreakerOff || nilClient.Stats() == nil {
			t.Error("a nil Client's Redis, BreakerState or Stats")
		}
		for _, h := range healthHandlers(nilClient) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
			if w.Code != http.StatusServiceUnavailable {
				t.Errorf("%s of a nil Client: %d, want 503", h.name, w.Code)
			}
		}
	})
}

// TestClientsShareARegisterer registers an unlabelled Client and a labelled
// one on one Registerer, then a second unlabelled one.
func TestClientsShareARegisterer(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	a, _, _ := newKit(t, rediskit.Options{Registerer: reg})
	b, _, _ := newKit(t, rediskit.Options{Registerer: reg, MetricLabels: prometheus.Labels{"client": "sessions"}})
	ctx := t.Context()
	_ = a.Redis().Get(ctx, "k")
	_ = b.Redis().Get(ctx, "k")
	_ = b.Redis().Get(ctx, "k")
	g := gatherMetrics(t, reg)
	if got := g.value("rediskit_command_duration_seconds", "client", "default", "command", "get"); got != 1 {
		t.Errorf(`GETs of client="default": %v, want 1`, got)
	}
	if got := g.value("rediskit_command_duration_seconds", "client", "sessions", "command", "get"); got != 2 {
		t.Errorf(`GETs of client="sessions": %v, want 2`, got)
	}

	for _, tc := range []struct {
		name   string
		labels prometheus.Labels
		want   string
	}{
		{"a second unlabelled Client", nil, `its own MetricLabels{"client": ...}, now "default"`},
		{"other label names", prometheus.Labels{"team": "x"}, "the same MetricLabels names"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := rediskit.NewClient(rediskit.Options{Addrs: []string{miniredis.RunT(t).Addr()}, Registerer: reg, MetricLabels: tc.labels})
			if err == nil {
				c.Close()
				t.Fatal("NewClient succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to say %q", err, tc.want)
			}
		})
	}
}

// TestRetries counts the attempts the Client's hook makes: go-redis's
// retries for a refused dial, none for an exhausted pool, none for a
// pipeline that reached the server, and none with NoRetries.
func TestRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		opts     rediskit.Options
		err      error
		pipeline bool
		want     int64
	}{
		{"a refused dial, default retries", rediskit.Options{}, errRefused, false, 4},
		{"a refused dial, MaxRetries 1", rediskit.Options{MaxRetries: 1}, errRefused, false, 2},
		{"a refused dial, NoRetries", rediskit.Options{NoRetries: true}, errRefused, false, 1},
		{"LOADING", rediskit.Options{}, redisError("LOADING Redis is loading the dataset in memory"), false, 4},
		{"a read timeout", rediskit.Options{}, timeoutErr{}, false, 4},
		{"an exhausted pool", rediskit.Options{}, redis.ErrPoolTimeout, false, 1},
		{"WRONGTYPE", rediskit.Options{}, redisError("WRONGTYPE Operation against a key holding the wrong kind of value"), false, 1},
		{"a pipeline whose dial was refused", rediskit.Options{}, errRefused, true, 4},
		{"a pipeline whose connection broke", rediskit.Options{}, timeoutErr{}, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := tc.opts
			opts.MinRetryBackoff, opts.MaxRetryBackoff = time.Millisecond, time.Millisecond
			opts.TripAfter = 100
			if opts.MaxRetries == 0 && !opts.NoRetries {
				opts.MaxRetries = 3 // newKit would set NoRetries
			}
			c, _, _ := newKit(t, opts)
			faults := addFaults(c)
			faults.fail(tc.err)
			var err error
			if tc.pipeline {
				_, err = c.Redis().Pipelined(t.Context(), func(p redis.Pipeliner) error {
					p.Set(t.Context(), "a", "1", time.Minute)
					p.Set(t.Context(), "b", "2", time.Minute)
					return nil
				})
			} else {
				err = c.Redis().Get(t.Context(), "k").Err()
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("error %v, want %v", err, tc.err)
			}
			if got := faults.reached.Load(); got != tc.want {
				t.Errorf("%d attempts, want %d", got, tc.want)
			}
		})
	}
}
