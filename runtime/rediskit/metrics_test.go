package rediskit_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// gathered holds one Gather's metrics, by family name.
type gathered map[string]*dto.MetricFamily

func gatherMetrics(t *testing.T, reg *prometheus.Registry) gathered {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	g := gathered{}
	for _, f := range families {
		g[f.GetName()] = f
	}
	return g
}

// value returns the value of the series of family with labels (name=value
// pairs), or -1 when there is none: a counter's or gauge's value, a
// histogram's count.
func (g gathered) value(family string, labels ...string) float64 {
	f := g[family]
	if f == nil {
		return -1
	}
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	return -1
}

// labelValues returns every value of every label in g.
func (g gathered) labelValues() []string {
	var vs []string
	for _, f := range g {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				vs = append(vs, l.GetValue())
			}
		}
	}
	return vs
}

func TestMetricsCountCommandsByNameNeverByKey(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	c, m, _ := newKit(t, rediskit.Options{Registerer: reg})
	rdb := c.Redis()
	ctx := t.Context()
	const key = "user:secret-4711"
	if err := m.Set("string:secret-4712", "v"); err != nil {
		t.Fatal(err)
	}

	if err := rdb.Set(ctx, key, "v", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := rdb.Get(ctx, key).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rdb.Get(ctx, "missing:secret-4713").Err(); !errors.Is(err, redis.Nil) {
		t.Fatal(err)
	}
	if err := rdb.LPush(ctx, "string:secret-4712", "x").Err(); err == nil {
		t.Fatal("no WRONGTYPE")
	}
	if _, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, "counter:secret-4714")
		p.Expire(ctx, "counter:secret-4714", time.Minute)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, "counter:secret-4714")
		p.Expire(ctx, "counter:secret-4714", time.Minute)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Do(ctx, "user:secret-4715", "x").Err(); err == nil {
		t.Fatal("an unknown command succeeded")
	}

	g := gatherMetrics(t, reg)
	for _, tc := range []struct {
		family string
		labels []string
		want   float64
	}{
		// The connection's HELLO and CLIENT SETINFO are not commands of
		// the caller's, and are not counted.
		{"rediskit_command_duration_seconds", []string{"command", "hello"}, -1},
		{"rediskit_command_duration_seconds", []string{"command", "client"}, -1},
		{"rediskit_command_duration_seconds", []string{"command", "set"}, 1},
		{"rediskit_command_duration_seconds", []string{"command", "get"}, 4},
		{"rediskit_command_duration_seconds", []string{"command", "lpush"}, 1},
		{"rediskit_command_duration_seconds", []string{"command", "pipeline"}, 1},
		{"rediskit_command_duration_seconds", []string{"command", "multi"}, 1},
		{"rediskit_command_duration_seconds", []string{"command", "other"}, 1},
		{"rediskit_command_errors_total", []string{"command", "lpush", "error", "error_reply"}, 1},
		{"rediskit_command_errors_total", []string{"command", "get"}, -1}, // redis.Nil is an answer
		{"rediskit_command_errors_total", []string{"command", "other", "error", "error_reply"}, 1},
		{"rediskit_circuit_state", []string{"state", "closed"}, 1},
		{"rediskit_circuit_state", []string{"state", "open"}, 0},
		{"rediskit_pool_connections", nil, 1},
		{"rediskit_pool_size", nil, float64(c.Redis().(*redis.Client).Options().PoolSize)},
	} {
		if got := g.value(tc.family, tc.labels...); got != tc.want {
			t.Errorf("%s%v = %v, want %v", tc.family, tc.labels, got, tc.want)
		}
	}
	for _, v := range g.labelValues() {
		if strings.Contains(v, "secret") {
			t.Errorf("label value %q holds a key", v)
		}
	}
}

func TestMetricsCountRejectionsAndBreakerState(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	c, _, _ := newKit(t, rediskit.Options{Registerer: reg, TripAfter: 2})
	faults := addFaults(c)
	faults.fail(errRefused)
	for range 5 {
		_ = c.Redis().Get(t.Context(), "k").Err()
	}
	g := gatherMetrics(t, reg)
	for _, tc := range []struct {
		family string
		labels []string
		want   float64
	}{
		{"rediskit_command_errors_total", []string{"command", "get", "error", "network"}, 2},
		{"rediskit_circuit_rejected_total", nil, 3},
		{"rediskit_circuit_state", []string{"state", "open"}, 1},
		{"rediskit_circuit_state", []string{"state", "closed"}, 0},
	} {
		if got := g.value(tc.family, tc.labels...); got != tc.want {
			t.Errorf("%s%v = %v, want %v", tc.family, tc.labels, got, tc.want)
		}
	}
}

func TestCommandLabelsAreBounded(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	c, _, _ := newKit(t, rediskit.Options{Registerer: reg})
	for i := range 300 {
		_ = c.Redis().Do(t.Context(), fmt.Sprintf("cmd%d", i)).Err()
	}
	f := gatherMetrics(t, reg)["rediskit_command_duration_seconds"]
	if n := len(f.GetMetric()); n > 257 {
		t.Errorf("%d command labels; want at most 256 and other", n)
	}
}

func TestMetricsRegistration(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	opts := rediskit.Options{Registerer: reg, MetricLabels: prometheus.Labels{"client": "sessions"}}
	first, err := rediskit.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rediskit.NewClient(opts); err == nil || !strings.Contains(err.Error(), "MetricLabels") {
		t.Errorf("second client with the same labels: got %v, want a registration error naming MetricLabels", err)
	}
	other := opts
	other.MetricLabels = prometheus.Labels{"client": "carts"}
	second, err := rediskit.NewClient(other)
	if err != nil {
		t.Fatalf("second client with its own labels: %v", err)
	}
	defer second.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := rediskit.NewClient(opts)
	if err != nil {
		t.Fatalf("after Close unregistered the first client: %v", err)
	}
	_ = again.Close()
}

// Commands of many names from many goroutines at once, some the first of
// their name, each land in their own series, errors too, and none is lost
// while a new name's series is being added.
func TestMetricsCountConcurrentCommandsOfNewNames(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	c, _, _ := newKit(t, rediskit.Options{Registerer: reg})
	const goroutines, perName, names = 8, 10, 20
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perName * names {
				// Unknown to the server: an error reply for every one.
				_ = c.Redis().Do(t.Context(), fmt.Sprintf("cmd%d", (i+g)%names)).Err()
			}
		})
	}
	wg.Wait()
	g := gatherMetrics(t, reg)
	for i := range names {
		name := fmt.Sprintf("cmd%d", i)
		if got := g.value("rediskit_command_duration_seconds", "command", name); got != goroutines*perName {
			t.Errorf("duration{command=%s} counts %v, want %d", name, got, goroutines*perName)
		}
		if got := g.value("rediskit_command_errors_total", "command", name, "error", "error_reply"); got != goroutines*perName {
			t.Errorf("errors{command=%s} = %v, want %d", name, got, goroutines*perName)
		}
	}
}
