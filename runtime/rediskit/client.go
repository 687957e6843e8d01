package rediskit

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// A Client is a go-redis client with production defaults, a circuit breaker
// and metrics. Make one per process (per Redis deployment) with NewClient
// and share it: it is safe for concurrent use, and each Client is a
// connection pool.
//
// Send commands through Redis(), the go-redis client itself, so that code
// keeps making calls the analyzers understand; the breaker and the metrics
// are hooks on it.
type Client struct {
	rdb     redis.UniversalClient
	opts    Options
	breaker *breaker // nil with Options.NoBreaker
	metrics *metrics // nil without Options.Registerer
	log     *slog.Logger

	// now is the breaker's and the caches' clock; export_test.go replaces it.
	now func() time.Time

	nodesMu sync.Mutex
	nodes   []*redis.Client // every node client of a cluster, for Stats; a node go-redis dropped has a closed, empty pool
}

// NewClient validates opts and returns a Client. It does not dial: the first
// command, or Ping, opens the first connection.
//
// Three kinds of client come out of opts, as with redis.NewUniversalClient:
// a *redis.Client for one address, a *redis.ClusterClient for several (or
// with Options.Cluster), and a Sentinel-backed *redis.Client with
// Options.MasterName. On a cluster the breaker and the metrics also hook the
// node clients, so that commands sent to the nodes directly, such as
// ScanKeys's, are seen; one breaker guards the whole cluster. Pub/Sub
// connections have no hooks in go-redis: they bypass the breaker and the
// metrics.
//
// With Options.Registerer, NewClient registers the metrics listed below and
// fails if the Registerer already holds them (give each Client its own
// Options.MetricLabels); Close unregisters them.
//
//	rediskit_command_duration_seconds{command}   histogram of command latency
//	rediskit_command_errors_total{command,error} failed commands by kind of error
//	rediskit_circuit_rejected_total              commands refused by the open breaker
//	rediskit_circuit_state{state}                1 for the breaker's current state
//	rediskit_cache_hits_total{cache,tier}        Cache hits, in process or in Redis
//	rediskit_cache_misses_total{cache}           Cache loads
//	rediskit_pool_connections, _idle_connections, _size, _max_connections,
//	_hits_total, _misses_total, _timeouts_total, _stale_connections_total,
//	_waits_total, _wait_seconds_total            the connection pool
//
// Labels are command names as go-redis reports them ("get", "set"; a
// pipeline is "pipeline", a MULTI/EXEC transaction "multi"), never keys.
func NewClient(opts Options) (*Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	maxRetries := o.MaxRetries
	if o.NoRetries {
		maxRetries = -1 // go-redis's "none"
	}
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs:         o.Addrs,
		IsClusterMode: o.Cluster,
		MasterName:    o.MasterName,
		Username:      o.Username,
		Password:      o.Password,
		DB:            o.DB,
		ClientName:    o.ClientName,
		TLSConfig:     o.TLSConfig,

		PoolSize:        o.PoolSize,
		MaxActiveConns:  o.MaxConns,
		PoolTimeout:     o.PoolTimeout,
		ConnMaxIdleTime: o.ConnMaxIdleTime,

		DialTimeout:           o.DialTimeout,
		ReadTimeout:           o.ReadTimeout,
		WriteTimeout:          o.WriteTimeout,
		ContextTimeoutEnabled: true,

		MaxRetries:      maxRetries,
		MinRetryBackoff: o.MinRetryBackoff,
		MaxRetryBackoff: o.MaxRetryBackoff,
		// A failed dial is retried as part of the command's retries, with
		// their backoff. go-redis's own dial retries (5, 100ms apart) would
		// multiply them and hold each failing command for seconds while
		// Redis is down, long past the breaker's threshold.
		DialerRetries: 1,
	})
	c := &Client{rdb: rdb, opts: o, log: o.Logger, now: time.Now}
	if !o.NoBreaker {
		c.breaker = newBreaker(o, func() time.Time { return c.now() })
	}
	if o.Registerer != nil {
		if c.metrics, err = newMetrics(c, o); err != nil {
			_ = rdb.Close()
			return nil, err
		}
	}
	h := &hook{c: c}
	rdb.AddHook(h)
	if cluster, ok := rdb.(*redis.ClusterClient); ok {
		// No node exists yet: NewClusterClient makes them on first use.
		cluster.OnNewNode(func(node *redis.Client) {
			node.AddHook(h)
			c.nodesMu.Lock()
			defer c.nodesMu.Unlock()
			c.nodes = append(c.nodes, node)
		})
	}
	return c, nil
}

// Redis returns the go-redis client: a *redis.Client or a
// *redis.ClusterClient, with the breaker and the metrics hooked in. Use it
// for every command.
func (c *Client) Redis() redis.UniversalClient { return c.rdb }

// Ping sends PING, to every master of a cluster, through the breaker, and
// returns how long it took.
func (c *Client) Ping(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	var err error
	if cluster, ok := c.rdb.(*redis.ClusterClient); ok {
		err = cluster.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			return node.Ping(ctx).Err()
		})
	} else {
		err = c.rdb.Ping(ctx).Err()
	}
	took := time.Since(start)
	if err != nil {
		return took, fmt.Errorf("rediskit: ping: %w", err)
	}
	return took, nil
}

// Stats returns the connection pool's statistics, summed over the nodes of
// a cluster that the Client has talked to. It sends nothing to Redis.
func (c *Client) Stats() *redis.PoolStats {
	if _, ok := c.rdb.(*redis.ClusterClient); !ok {
		return c.rdb.PoolStats()
	}
	// Not ClusterClient.PoolStats, which first loads the cluster's layout:
	// it would dial from a health check or a metrics scrape, and block while
	// the cluster is down.
	c.nodesMu.Lock()
	nodes := slices.Clone(c.nodes)
	c.nodesMu.Unlock()
	var sum redis.PoolStats
	for _, n := range nodes {
		s := n.PoolStats()
		sum.Hits += s.Hits
		sum.Misses += s.Misses
		sum.Timeouts += s.Timeouts
		sum.WaitCount += s.WaitCount
		sum.WaitDurationNs += s.WaitDurationNs
		sum.Unusable += s.Unusable
		sum.TotalConns += s.TotalConns
		sum.IdleConns += s.IdleConns
		sum.StaleConns += s.StaleConns
		sum.PendingRequests += s.PendingRequests
	}
	return &sum
}

// BreakerState returns the circuit breaker's state.
func (c *Client) BreakerState() BreakerState {
	if c.breaker == nil {
		return BreakerOff
	}
	return c.breaker.state()
}

// Close closes the connections and unregisters the metrics. Commands sent
// afterwards fail with redis.ErrClosed.
func (c *Client) Close() error {
	c.metrics.unregister()
	if err := c.rdb.Close(); err != nil {
		return fmt.Errorf("rediskit: close: %w", err)
	}
	return nil
}
