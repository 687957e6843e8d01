package rediskit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	cluster bool     // rdb is a *redis.ClusterClient
	breaker *breaker // a single server's; nil on a cluster, whose nodes have their own, and with Options.NoBreaker
	metrics *metrics // nil without Options.Registerer
	log     *slog.Logger

	// now is the breaker's and the caches' clock; export_test.go replaces it.
	now func() time.Time

	nodesMu sync.Mutex
	nodes   []*clusterNode // every node client of a cluster; a node go-redis dropped has a closed, empty pool
}

// A clusterNode is one node client of a cluster, with its own breaker.
type clusterNode struct {
	rdb     *redis.Client
	breaker *breaker // nil with Options.NoBreaker
	id      atomic.Pointer[string]
}

// ID returns the node's cluster node ID, or "" until a connection to the
// node has learned it.
func (n *clusterNode) ID() string {
	if id := n.id.Load(); id != nil {
		return *id
	}
	return ""
}

// NewClient validates opts and returns a Client. It does not dial: the first
// command, or Ping, opens the first connection.
//
// Three kinds of client come out of opts, as with redis.NewUniversalClient:
// a *redis.Client for one address, a *redis.ClusterClient for several (or
// with Options.Cluster), and a Sentinel-backed *redis.Client with
// Options.MasterName. On a cluster every node has its own breaker, so that a
// node that fails refuses only the commands for its own slots, and the
// commands for the other nodes go on; the metrics also see the commands
// sent to the nodes directly, such as ScanKeys's. Each new connection to a
// cluster node asks CLUSTER MYID until the node's ID is known, by which
// Stats, the health handlers and the metrics name the node (never by
// address). Pub/Sub connections have no hooks in go-redis: they bypass the
// breakers and the metrics.
//
// With Options.Registerer, NewClient registers the metrics listed below and
// fails if the Registerer already holds them for the same "client" label
// (give each Client its own, see Options.MetricLabels); Close unregisters
// them.
//
//	rediskit_command_duration_seconds{command}   histogram of command latency
//	rediskit_command_errors_total{command,error} failed commands by kind of error
//	rediskit_circuit_rejected_total              commands refused by an open breaker
//	rediskit_circuit_state{state}                1 for the breaker's current state (BreakerState)
//	rediskit_node_circuit_state{node,state}      1 for each cluster node's breaker state, by node ID
//	rediskit_cache_hits_total{cache,tier}        Cache hits, in process or in Redis
//	rediskit_cache_misses_total{cache}           Cache loads
//	rediskit_pool_connections, _idle_connections, _size, _max_connections,
//	_hits_total, _misses_total, _timeouts_total, _stale_connections_total,
//	_waits_total, _wait_seconds_total            the connection pool
//
// Every metric also has the "client" label of Options.MetricLabels. Labels
// are command names as go-redis reports them ("get", "set"; a pipeline is
// "pipeline", a MULTI/EXEC transaction "multi"), never keys.
func NewClient(opts Options) (*Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	retries := o.MaxRetries
	if o.NoRetries {
		retries = 0
	}
	uo := &redis.UniversalOptions{
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

		// The hooks run the retries (a single server's) or go-redis's
		// redirect loop does (a cluster's): go-redis's own retries would
		// retry an exhausted pool, waiting PoolTimeout once per attempt.
		MaxRetries:      -1,
		MaxRedirects:    max(retries, 3),
		MinRetryBackoff: o.MinRetryBackoff,
		MaxRetryBackoff: o.MaxRetryBackoff,
		// A failed dial is retried as part of the command's retries, with
		// their backoff. go-redis's own dial retries (5, 100ms apart) would
		// multiply them and hold each failing command for seconds while
		// Redis is down, long past the breaker's threshold.
		DialerRetries: 1,
	}
	rdb := redis.NewUniversalClient(uo)
	cc, cluster := rdb.(*redis.ClusterClient)
	c := &Client{rdb: rdb, opts: o, cluster: cluster, log: o.Logger, now: time.Now}
	now := func() time.Time { return c.now() }
	if !o.NoBreaker && !cluster {
		c.breaker = newBreaker(o, now, o.Logger)
	}
	if o.Registerer != nil {
		if c.metrics, err = newMetrics(c, o); err != nil {
			_ = rdb.Close()
			return nil, err
		}
	}
	if !cluster {
		rdb.AddHook(&hook{c: c, breaker: c.breaker, retries: retries})
		return c, nil
	}
	rdb.AddHook(&hook{c: c, top: true, marks: true})
	// No node exists yet: NewClusterClient makes them on first use.
	cc.OnNewNode(func(rdb *redis.Client) {
		n := &clusterNode{rdb: rdb}
		if !o.NoBreaker {
			n.breaker = newBreaker(o, now, o.Logger.With(slog.Any("node", nodeName{n})))
		}
		rdb.AddHook(&hook{c: c, breaker: n.breaker, node: n, marks: true})
		// go-redis calls OnNewNode before the node is used, under its lock.
		rdb.Options().OnConnect = func(ctx context.Context, cn *redis.Conn) error {
			if n.id.Load() == nil {
				if id, err := cn.ClusterMyID(ctx).Result(); err == nil && id != "" {
					n.id.Store(&id)
				}
			}
			return nil // a node that does not say its ID is still a node
		}
		c.nodesMu.Lock()
		defer c.nodesMu.Unlock()
		c.nodes = append(c.nodes, n)
	})
	return c, nil
}

// nodeName logs a cluster node by its ID, as it is when the log is written.
type nodeName struct{ n *clusterNode }

func (n nodeName) LogValue() slog.Value { return slog.StringValue(n.n.ID()) }

// Redis returns the go-redis client: a *redis.Client or a
// *redis.ClusterClient, with the breaker and the metrics hooked in. Use it
// for every command.
//
// On a nil Client it returns nil.
func (c *Client) Redis() redis.UniversalClient {
	if c == nil {
		return nil
	}
	return c.rdb
}

// errNilClient is the error of a nil *Client's methods.
var errNilClient = errors.New("rediskit: nil client")

// Ping sends PING, to every master of a cluster, through the breaker, and
// returns how long it took.
func (c *Client) Ping(ctx context.Context) (time.Duration, error) {
	switch {
	case c == nil:
		return 0, fmt.Errorf("rediskit: ping: %w", errNilClient)
	case ctx == nil:
		return 0, errors.New("rediskit: ping: nil context")
	}
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

// Stats are a Client's pool statistics and breaker states.
type Stats struct {
	// PoolStats are the connection pool's statistics, summed over the
	// nodes of a cluster that the Client has talked to.
	redis.PoolStats

	// Breaker is the breaker's state, as BreakerState returns it.
	Breaker BreakerState

	// Nodes are the nodes of a cluster that the Client has talked to,
	// sorted by ID; nil for a single server.
	Nodes []NodeStats
}

// NodeStats are the statistics of one cluster node.
type NodeStats struct {
	// ID is the node's cluster node ID (CLUSTER MYID), or "" while no
	// connection to the node has learned it.
	ID string

	// Breaker is the state of the node's own breaker; BreakerOff with
	// Options.NoBreaker.
	Breaker BreakerState

	// ConsecutiveFailures is how many failures in a row the node's closed
	// breaker has counted.
	ConsecutiveFailures uint32

	// Pool is the node's connection pool.
	Pool redis.PoolStats
}

// Stats returns the connection pool's statistics and the breakers' states;
// on a cluster, for each node too. It sends nothing to Redis. A nil Client
// has empty Stats.
func (c *Client) Stats() *Stats {
	if c == nil {
		return &Stats{Breaker: BreakerOff}
	}
	if !c.cluster {
		return &Stats{PoolStats: *c.rdb.PoolStats(), Breaker: c.BreakerState()}
	}
	// Not ClusterClient.PoolStats, which first loads the cluster's layout:
	// it would dial from a health check or a metrics scrape, and block while
	// the cluster is down.
	s := &Stats{Nodes: c.nodeStats()}
	states := make([]BreakerState, 0, len(s.Nodes))
	for _, n := range s.Nodes {
		p := n.Pool
		s.Hits += p.Hits
		s.Misses += p.Misses
		s.Timeouts += p.Timeouts
		s.WaitCount += p.WaitCount
		s.WaitDurationNs += p.WaitDurationNs
		s.Unusable += p.Unusable
		s.TotalConns += p.TotalConns
		s.IdleConns += p.IdleConns
		s.StaleConns += p.StaleConns
		s.PendingRequests += p.PendingRequests
		states = append(states, n.Breaker)
	}
	s.Breaker = clusterState(c.opts.NoBreaker, states)
	return s
}

// nodeStats returns the statistics of every node, sorted by ID.
func (c *Client) nodeStats() []NodeStats {
	nodes := c.clusterNodes()
	stats := make([]NodeStats, 0, len(nodes))
	for _, n := range nodes {
		ns := NodeStats{ID: n.id, Breaker: BreakerOff, Pool: *n.rdb.PoolStats()}
		if b := n.breaker; b != nil {
			ns.Breaker, ns.ConsecutiveFailures = b.state(), b.consecutiveFailures()
		}
		stats = append(stats, ns)
	}
	return stats
}

// A namedNode is a cluster node and its ID, read once: a connection may
// learn the ID at any time.
type namedNode struct {
	id string
	*clusterNode
}

// clusterNodes returns the cluster's node clients, sorted by ID. A node
// that go-redis replaced (the same ID at a new address) shows once, as its
// latest client; nodes whose ID is not known yet all show.
func (c *Client) clusterNodes() []namedNode {
	c.nodesMu.Lock()
	all := slices.Clone(c.nodes)
	c.nodesMu.Unlock()
	nodes := make([]namedNode, 0, len(all))
	seen := make(map[string]int)
	for _, n := range all {
		id := n.ID()
		if i, dup := seen[id]; dup && id != "" {
			nodes[i].clusterNode = n
			continue
		}
		seen[id] = len(nodes)
		nodes = append(nodes, namedNode{id, n})
	}
	slices.SortStableFunc(nodes, func(a, b namedNode) int { return strings.Compare(a.id, b.id) })
	return nodes
}

// clusterState sums up the states of a cluster's node breakers: their
// common state when they share one, BreakerDegraded when some are closed
// and others not, and BreakerHalfOpen for a mix of open and half-open.
func clusterState(off bool, states []BreakerState) BreakerState {
	if off {
		return BreakerOff
	}
	if len(states) == 0 {
		return BreakerClosed
	}
	first, same, closed := states[0], true, false
	for _, s := range states {
		same = same && s == first
		closed = closed || s == BreakerClosed
	}
	switch {
	case same:
		return first
	case closed:
		return BreakerDegraded
	}
	return BreakerHalfOpen
}

// BreakerState returns the circuit breaker's state. On a cluster, whose
// nodes each have a breaker, it sums them up: BreakerClosed or BreakerOpen
// when every node's breaker is, BreakerDegraded when some are closed and
// others are not; Stats has each node's.
func (c *Client) BreakerState() BreakerState {
	if c == nil {
		return BreakerOff
	}
	if c.cluster {
		return c.Stats().Breaker
	}
	if c.breaker == nil {
		return BreakerOff
	}
	return c.breaker.state()
}

// Close closes the connections and unregisters the metrics. Commands sent
// afterwards fail with redis.ErrClosed.
func (c *Client) Close() error {
	if c == nil {
		return fmt.Errorf("rediskit: close: %w", errNilClient)
	}
	c.metrics.unregister()
	if err := c.rdb.Close(); err != nil {
		return fmt.Errorf("rediskit: close: %w", err)
	}
	return nil
}
