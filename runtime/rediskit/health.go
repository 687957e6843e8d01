package rediskit

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// The health handlers answer GET and HEAD with JSON, 200 when healthy and 503
// when not, so that a load balancer or an orchestrator can act on the status
// alone. Their output names states and kinds of error, never an error's
// text, which may hold a server's address; addresses, user names and
// passwords never appear.

// HealthHandler serves the overall health: the Redis check of
// RedisHealthHandler, the pool of PoolHealthHandler and the breaker of
// BreakerHealthHandler, in one object, with 503 when Redis is down or the
// breaker is open. On a cluster where some masters answer and others do
// not, the status is "degraded" with 200: the keys of the answering masters
// are served, and taking the service out of a load balancer would make a
// one-shard outage a total one.
//
//	{"status":"ok","redis":{...},"pool":{...},"circuit_breaker":{...}}
func (c *Client) HealthHandler() http.Handler {
	if c == nil {
		return nilClientHandler()
	}
	return healthHandler(func(r *http.Request) (any, bool, int64) {
		rh := c.redisHealth(r.Context())
		breaker := c.breakerHealth()
		ok := rh.Status != "down" && breaker.State != BreakerOpen
		st := status(ok)
		if ok && (rh.Status == "degraded" || breaker.State == BreakerDegraded) {
			st = "degraded"
		}
		return overallHealth{Status: st, Redis: rh, Pool: c.poolHealth(), Breaker: breaker}, ok, breaker.RetryInSeconds
	})
}

// RedisHealthHandler sends PING through the breaker, bounded by
// Options.HealthTimeout, and serves the outcome and the round trip's
// latency; 503 when the PING failed, or was refused by the open breaker. On
// a cluster it pings every master: "degraded", with 200, when some answer
// and others do not.
//
//	{"status":"ok","latency_ms":0.21}
//	{"status":"down","error":"circuit_open"}
//
// The error is one of timeout, network, pool_timeout, unavailable
// (LOADING, CLUSTERDOWN, ...), error_reply, circuit_open, client_closed and
// canceled.
func (c *Client) RedisHealthHandler() http.Handler {
	if c == nil {
		return nilClientHandler()
	}
	return healthHandler(func(r *http.Request) (any, bool, int64) {
		h := c.redisHealth(r.Context())
		return h, h.Status != "down", c.breakerHealth().RetryInSeconds
	})
}

// PoolHealthHandler serves the connection pool's statistics (summed over
// the nodes of a cluster), always with 200: it sends nothing to Redis.
//
//	{"connections":4,"idle":3,"pool_size":20,"max_connections":20,"hits":..,"misses":..,"timeouts":0,"stale":0,"waits":0}
func (c *Client) PoolHealthHandler() http.Handler {
	if c == nil {
		return nilClientHandler()
	}
	return healthHandler(func(*http.Request) (any, bool, int64) { return c.poolHealth(), true, 0 })
}

// BreakerHealthHandler serves the circuit breaker's state, with 503 and a
// Retry-After header while it is open.
//
//	{"state":"closed","consecutive_failures":0}
//	{"state":"open","consecutive_failures":0,"retry_in_seconds":42}
//
// On a cluster it lists each node's breaker by node ID, and the whole is
// open (503) only when every node's is:
//
//	{"state":"degraded","consecutive_failures":0,"nodes":[{"id":"07c3…","state":"open","consecutive_failures":0,"retry_in_seconds":42},...]}
func (c *Client) BreakerHealthHandler() http.Handler {
	if c == nil {
		return nilClientHandler()
	}
	return healthHandler(func(*http.Request) (any, bool, int64) {
		h := c.breakerHealth()
		return h, h.State != BreakerOpen, h.RetryInSeconds
	})
}

type overallHealth struct {
	Status  string        `json:"status"`
	Redis   redisHealth   `json:"redis"`
	Pool    poolHealth    `json:"pool"`
	Breaker breakerHealth `json:"circuit_breaker"`
}

type redisHealth struct {
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms,omitempty"`
	Error     string  `json:"error,omitempty"`
}

type poolHealth struct {
	Connections    uint32 `json:"connections"`
	Idle           uint32 `json:"idle"`
	PoolSize       int    `json:"pool_size"`
	MaxConnections int    `json:"max_connections"`
	Hits           uint32 `json:"hits"`
	Misses         uint32 `json:"misses"`
	Timeouts       uint32 `json:"timeouts"`
	Stale          uint32 `json:"stale"`
	Waits          uint32 `json:"waits"`
}

type breakerHealth struct {
	State               BreakerState `json:"state"`
	ConsecutiveFailures uint32       `json:"consecutive_failures"`
	RetryInSeconds      int64        `json:"retry_in_seconds,omitempty"`
	Nodes               []nodeHealth `json:"nodes,omitempty"`
}

// nodeHealth is one cluster node's breaker, named by the node's ID.
type nodeHealth struct {
	ID                  string       `json:"id"`
	State               BreakerState `json:"state"`
	ConsecutiveFailures uint32       `json:"consecutive_failures"`
	RetryInSeconds      int64        `json:"retry_in_seconds,omitempty"`
}

func status(ok bool) string {
	if ok {
		return "ok"
	}
	return "down"
}

func (c *Client) redisHealth(ctx context.Context) redisHealth {
	ctx, cancel := context.WithTimeout(ctx, c.opts.HealthTimeout)
	defer cancel()
	if cluster, ok := c.rdb.(*redis.ClusterClient); ok {
		return c.clusterHealth(ctx, cluster)
	}
	took, err := c.Ping(ctx)
	if err != nil {
		return redisHealth{Status: status(false), Error: classify(ctx, err).String()}
	}
	return redisHealth{Status: status(true), LatencyMS: float64(took.Microseconds()) / 1000}
}

// clusterHealth pings every master: "ok" when all answer, "degraded" when
// some do (the keys of the others fail, the rest are served), "down" when
// none does or the cluster's layout cannot be loaded.
func (c *Client) clusterHealth(ctx context.Context, cluster *redis.ClusterClient) redisHealth {
	start := time.Now()
	var (
		mu        sync.Mutex
		up, down  int
		firstFail error
	)
	err := cluster.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		err := node.Ping(ctx).Err()
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			down++
			if firstFail == nil {
				firstFail = err
			}
			return nil
		}
		up++
		return nil
	})
	took := time.Since(start)
	switch {
	case err != nil:
		return redisHealth{Status: status(false), Error: classify(ctx, err).String()}
	case down == 0 && up > 0:
		return redisHealth{Status: status(true), LatencyMS: float64(took.Microseconds()) / 1000}
	case up > 0:
		return redisHealth{Status: "degraded", LatencyMS: float64(took.Microseconds()) / 1000, Error: classify(ctx, firstFail).String()}
	}
	if firstFail == nil {
		return redisHealth{Status: status(false), Error: "no_masters"}
	}
	return redisHealth{Status: status(false), Error: classify(ctx, firstFail).String()}
}

func (c *Client) poolHealth() poolHealth {
	s := c.Stats()
	return poolHealth{
		Connections:    s.TotalConns,
		Idle:           s.IdleConns,
		PoolSize:       c.opts.PoolSize,
		MaxConnections: c.opts.MaxConns,
		Hits:           s.Hits,
		Misses:         s.Misses,
		Timeouts:       s.Timeouts,
		Stale:          s.StaleConns,
		Waits:          s.WaitCount,
	}
}

func (c *Client) breakerHealth() breakerHealth {
	if c.cluster {
		return c.clusterBreakerHealth()
	}
	if c.breaker == nil {
		return breakerHealth{State: BreakerOff}
	}
	h := breakerHealth{State: c.breaker.state(), ConsecutiveFailures: c.breaker.consecutiveFailures()}
	if h.State == BreakerOpen {
		h.RetryInSeconds = c.retryIn(c.breaker)
	}
	return h
}

// clusterBreakerHealth lists each node's breaker; the whole is open when
// every node's is, and may be retried when the first of them half-opens.
func (c *Client) clusterBreakerHealth() breakerHealth {
	if c.opts.NoBreaker {
		return breakerHealth{State: BreakerOff}
	}
	h := breakerHealth{}
	var states []BreakerState
	for _, n := range c.clusterNodes() {
		nh := nodeHealth{ID: n.id, State: n.breaker.state(), ConsecutiveFailures: n.breaker.consecutiveFailures()}
		if nh.State == BreakerOpen {
			nh.RetryInSeconds = c.retryIn(n.breaker)
		}
		h.ConsecutiveFailures = max(h.ConsecutiveFailures, nh.ConsecutiveFailures)
		states = append(states, nh.State)
		h.Nodes = append(h.Nodes, nh)
	}
	h.State = clusterState(false, states)
	if h.State == BreakerOpen {
		for _, n := range h.Nodes {
			if h.RetryInSeconds == 0 || n.RetryInSeconds < h.RetryInSeconds {
				h.RetryInSeconds = n.RetryInSeconds
			}
		}
	}
	return h
}

// retryIn is how many seconds, rounded up, b stays open.
func (c *Client) retryIn(b *breaker) int64 {
	left := time.Duration(b.openUntil.Load() - c.now().UnixNano())
	return max(1, int64((left+time.Second-1)/time.Second))
}

// nilClientHandler is the health of a nil Client: down, with 503.
func nilClientHandler() http.Handler {
	return healthHandler(func(*http.Request) (any, bool, int64) {
		return redisHealth{Status: status(false), Error: "nil_client"}, false, 0
	})
}

// healthHandler serves what check returns as JSON, with 503 when it is not
// ok, and a Retry-After header when check names a time to come back.
func healthHandler(check func(*http.Request) (body any, ok bool, retryIn int64)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, ok, retryIn := check(r)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		code := http.StatusOK
		if !ok {
			code = http.StatusServiceUnavailable
			if retryIn > 0 {
				h.Set("Retry-After", strconv.FormatInt(retryIn, 10))
			}
		}
		w.WriteHeader(code)
		if r.Method == http.MethodHead {
			return
		}
		_ = json.NewEncoder(w).Encode(body) // an error means the client went away
	})
}
