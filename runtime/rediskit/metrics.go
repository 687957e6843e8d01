package rediskit

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// latencyBuckets suit Redis, which answers in tens of microseconds on a local
// network: prometheus.DefBuckets start at 5ms, where a healthy Redis never is.
var latencyBuckets = [...]float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// maxCommandLabels bounds the distinct command labels. go-redis names a
// command by its first argument, which rdb.Do lets a caller fill with
// anything; past this many names the rest count as "other".
const maxCommandLabels = 256

// metrics are a Client's Prometheus metrics.
type metrics struct {
	epoch      time.Time // a monotonic reading that start and observe measure from
	reg        prometheus.Registerer
	collectors []prometheus.Collector

	duration    *prometheus.Desc       // command
	errors      *prometheus.CounterVec // command, error
	rejected    prometheus.Counter
	cacheHits   *prometheus.CounterVec // cache, tier
	cacheMisses *prometheus.CounterVec // cache

	// commands holds each command label's series, so that the hot path
	// neither hashes label values nor takes the vectors' locks. The map is
	// never changed once stored: commands are looked up without a lock, in
	// a map keyed by string (a sync.Map would hash and compare each name
	// as an interface), and a new label copies it under mu, at most
	// maxCommandLabels times.
	commands atomic.Pointer[map[string]*commandSeries]
	mu       sync.Mutex
}

type commandSeries struct {
	duration latency
	errors   [len(outcomeNames)]atomic.Pointer[prometheus.Counter] // by outcome; made on first use
	mu       sync.Mutex                                            // guards making errors
	vec      *prometheus.CounterVec
	label    string
}

// newMetrics registers c's metrics, those NewClient lists, with
// o.Registerer.
func newMetrics(c *Client, o Options) (*metrics, error) {
	// Every Client has the label "client", so that Clients on one Registerer
	// have the same label names however many set MetricLabels.
	labels := prometheus.Labels{"client": "default"}
	maps.Copy(labels, o.MetricLabels)
	opts := func(name, help string) (string, string, prometheus.Labels) {
		return name, help, labels
	}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		n, h, l := opts(name, help)
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: n, Help: h, ConstLabels: l}, labels)
	}
	m := &metrics{reg: o.Registerer, epoch: time.Now()}
	m.commands.Store(&map[string]*commandSeries{})
	n, h, l := opts("rediskit_command_duration_seconds", "Latency of Redis commands and pipelines, by command name.")
	m.duration = prometheus.NewDesc(n, h, []string{"command"}, l)
	m.errors = counter("rediskit_command_errors_total", "Redis commands that returned an error, by command name and kind of error.", "command", "error")
	n, h, l = opts("rediskit_circuit_rejected_total", "Redis commands the open circuit breaker refused without sending them.")
	m.rejected = prometheus.NewCounter(prometheus.CounterOpts{Name: n, Help: h, ConstLabels: l})
	m.cacheHits = counter("rediskit_cache_hits_total", "Cache reads answered from the process (tier=local) or from Redis (tier=redis).", "cache", "tier")
	m.cacheMisses = counter("rediskit_cache_misses_total", "Cache reads that had to load the value.", "cache")

	m.collectors = []prometheus.Collector{durationCollector{m}, m.errors, m.rejected, m.cacheHits, m.cacheMisses, newStateCollector(c, labels)}
	for i, col := range m.collectors {
		if err := m.reg.Register(col); err != nil {
			for _, done := range m.collectors[:i] {
				m.reg.Unregister(done)
			}
			if _, dup := errors.AsType[prometheus.AlreadyRegisteredError](err); dup {
				return nil, fmt.Errorf(`rediskit: register metrics: %w (give each Client on one Registerer its own MetricLabels{"client": ...}, now %q)`, err, labels["client"])
			}
			return nil, fmt.Errorf("rediskit: register metrics: %w (Clients on one Registerer must set the same MetricLabels names, now %v, and tell each other apart by their values)", err, slices.Sorted(maps.Keys(labels)))
		}
	}
	return m, nil
}

// unregister removes the metrics from the Registerer, so that a new Client
// may register its own. It does nothing on nil m.
func (m *metrics) unregister() {
	if m == nil {
		return
	}
	for _, col := range m.collectors {
		m.reg.Unregister(col)
	}
}

// start returns when a command starts, for observe, as the time since
// m's epoch; zero on nil m, which has no use for it. time.Now reads two
// clocks, the wall clock and the monotonic one, and time.Since only the
// monotonic one: reading the clock is a good part of what the hook costs.
func (m *metrics) start() time.Duration {
	if m == nil {
		return 0
	}
	return time.Since(m.epoch)
}

// observe records one command, or one pipeline, named name, that started at
// start. It does nothing on nil m.
func (m *metrics) observe(name string, start time.Duration, o outcome) {
	if m == nil {
		return
	}
	s := m.series(name)
	s.duration.observe(time.Since(m.epoch) - start)
	if o != outcomeOK {
		s.errorCounter(o).Inc()
	}
}

// reject counts a command the breaker refused. It does nothing on nil m.
func (m *metrics) reject() {
	if m != nil {
		m.rejected.Inc()
	}
}

func (m *metrics) series(name string) *commandSeries {
	if s := (*m.commands.Load())[name]; s != nil {
		return s
	}
	return m.newSeries(name)
}

// newSeries returns the series of a command name that has none yet: its
// own, or "other"'s when the name is not a command name or there are
// maxCommandLabels labels already.
func (m *metrics) newSeries(name string) *commandSeries {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := *m.commands.Load()
	label := name
	if !isCommandName(name) || len(old) >= maxCommandLabels {
		label = "other"
	}
	if s := old[label]; s != nil {
		return s
	}
	s := &commandSeries{vec: m.errors, label: label}
	commands := maps.Clone(old)
	commands[label] = s
	m.commands.Store(&commands)
	return s
}

// durationCollector collects the command latency histograms.
type durationCollector struct{ m *metrics }

func (d durationCollector) Describe(ch chan<- *prometheus.Desc) { ch <- d.m.duration }

func (d durationCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range *d.m.commands.Load() {
		ch <- s.duration.metric(d.m.duration, s.label)
	}
}

// errorCounter returns the series's counter of errors of outcome o. Under a
// storm of failures every command asks for one, so it is read without a
// lock once made.
func (s *commandSeries) errorCounter(o outcome) prometheus.Counter {
	if c := s.errors[o].Load(); c != nil {
		return *c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.errors[o].Load(); c != nil {
		return *c
	}
	c := s.vec.WithLabelValues(s.label, o.String())
	s.errors[o].Store(&c)
	return c
}

// isCommandName reports whether name looks like a Redis command name as
// go-redis reports it: lower case, short, letters, digits and the . _ - |
// of module commands such as json.get.
func isCommandName(name string) bool {
	if name == "" || len(name) > 32 {
		return false
	}
	for i := range len(name) {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.', c == '_', c == '-', c == '|':
		default:
			return false
		}
	}
	return true
}

// stateCollector reads the breaker's state and the pool's statistics at
// each scrape.
type stateCollector struct {
	c *Client

	state, nodeState                           *prometheus.Desc
	conns, idle, hits, misses, timeouts, stale *prometheus.Desc
	waits, waitSeconds, poolSize, maxConns     *prometheus.Desc
}

func newStateCollector(c *Client, labels prometheus.Labels) *stateCollector {
	d := func(name, help string, vars ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, vars, labels)
	}
	return &stateCollector{
		c:           c,
		state:       d("rediskit_circuit_state", "1 for the circuit breaker's current state (closed, open, half-open, degraded or off), 0 for the others.", "state"),
		nodeState:   d("rediskit_node_circuit_state", "1 for a cluster node's circuit breaker state (closed, open or half-open), 0 for the others, by node ID.", "node", "state"),
		conns:       d("rediskit_pool_connections", "Connections open in the pool, in use or idle."),
		idle:        d("rediskit_pool_idle_connections", "Idle connections in the pool."),
		poolSize:    d("rediskit_pool_size", "Connections that can be in use at once (Options.PoolSize)."),
		maxConns:    d("rediskit_pool_max_connections", "The hard cap on open connections (Options.MaxConns)."),
		hits:        d("rediskit_pool_hits_total", "Commands that found an idle connection in the pool."),
		misses:      d("rediskit_pool_misses_total", "Commands that found no idle connection in the pool."),
		timeouts:    d("rediskit_pool_timeouts_total", "Commands that gave up waiting for a connection (redis.ErrPoolTimeout)."),
		stale:       d("rediskit_pool_stale_connections_total", "Connections closed because they were idle or old."),
		waits:       d("rediskit_pool_waits_total", "Commands that waited for a connection."),
		waitSeconds: d("rediskit_pool_wait_seconds_total", "Time commands spent waiting for a connection."),
	}
}

func (s *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{s.state, s.nodeState, s.conns, s.idle, s.poolSize, s.maxConns, s.hits, s.misses, s.timeouts, s.stale, s.waits, s.waitSeconds} {
		ch <- d
	}
}

func (s *stateCollector) Collect(ch chan<- prometheus.Metric) {
	p := s.c.Stats()
	for _, st := range []BreakerState{BreakerClosed, BreakerOpen, BreakerHalfOpen, BreakerDegraded, BreakerOff} {
		ch <- prometheus.MustNewConstMetric(s.state, prometheus.GaugeValue, oneIf(st == p.Breaker), string(st))
	}
	for _, n := range p.Nodes {
		if n.ID == "" || n.Breaker == BreakerOff {
			continue // no name to give it yet, or no breaker
		}
		for _, st := range []BreakerState{BreakerClosed, BreakerOpen, BreakerHalfOpen} {
			ch <- prometheus.MustNewConstMetric(s.nodeState, prometheus.GaugeValue, oneIf(st == n.Breaker), n.ID, string(st))
		}
	}
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(s.conns, float64(p.TotalConns))
	gauge(s.idle, float64(p.IdleConns))
	gauge(s.poolSize, float64(s.c.opts.PoolSize))
	gauge(s.maxConns, float64(s.c.opts.MaxConns))
	counter(s.hits, float64(p.Hits))
	counter(s.misses, float64(p.Misses))
	counter(s.timeouts, float64(p.Timeouts))
	counter(s.stale, float64(p.StaleConns))
	counter(s.waits, float64(p.WaitCount))
	counter(s.waitSeconds, time.Duration(p.WaitDurationNs).Seconds())
}

func oneIf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
