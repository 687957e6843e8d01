package rediskit

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// The health handlers answer GET and HEAD with JSON, 200 when healthy and 503
// when not, so that a load balancer or an orchestrator can act on the status
// alone. Their output names states and kinds of error, never an error's
// text, which may hold a server's address; addresses, user names and
// passwords never appear.

// HealthHandler serves the overall health: the Redis check of
// RedisHealthHandler, the pool of PoolHealthHandler and the breaker of
// BreakerHealthHandler, in one object, with 503 when Redis is down or the
// breaker is open.
//
//	{"status":"ok","redis":{...},"pool":{...},"circuit_breaker":{...}}
func (c *Client) HealthHandler() http.Handler {
	return healthHandler(func(r *http.Request) (any, bool, int64) {
		redis := c.redisHealth(r.Context())
		breaker := c.breakerHealth()
		ok := redis.Status == "ok" && breaker.State != BreakerOpen
		return overallHealth{Status: status(ok), Redis: redis, Pool: c.poolHealth(), Breaker: breaker}, ok, breaker.RetryInSeconds
	})
}

// RedisHealthHandler sends PING through the breaker, bounded by
// Options.HealthTimeout, and serves the outcome and the round trip's
// latency; 503 when the PING failed, or was refused by the open breaker.
//
//	{"status":"ok","latency_ms":0.21}
//	{"status":"down","error":"circuit_open"}
//
// The error is one of timeout, network, pool_timeout, unavailable
// (LOADING, CLUSTERDOWN, ...), error_reply, circuit_open, client_closed and
// canceled.
func (c *Client) RedisHealthHandler() http.Handler {
	return healthHandler(func(r *http.Request) (any, bool, int64) {
		h := c.redisHealth(r.Context())
		return h, h.Status == "ok", c.breakerHealth().RetryInSeconds
	})
}

// PoolHealthHandler serves the connection pool's statistics (summed over
// the nodes of a cluster), always with 200: it sends nothing to Redis.
//
//	{"connections":4,"idle":3,"pool_size":20,"max_connections":20,"hits":..,"misses":..,"timeouts":0,"stale":0,"waits":0}
func (c *Client) PoolHealthHandler() http.Handler {
	return healthHandler(func(*http.Request) (any, bool, int64) { return c.poolHealth(), true, 0 })
}

// BreakerHealthHandler serves the circuit breaker's state, with 503 and a
// Retry-After header while it is open.
//
//	{"state":"closed","consecutive_failures":0}
//	{"state":"open","consecutive_failures":0,"retry_in_seconds":42}
func (c *Client) BreakerHealthHandler() http.Handler {
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
	took, err := c.Ping(ctx)
	if err != nil {
		return redisHealth{Status: status(false), Error: classify(ctx, err).String()}
	}
	return redisHealth{Status: status(true), LatencyMS: float64(took.Microseconds()) / 1000}
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
	if c.breaker == nil {
		return breakerHealth{State: BreakerOff}
	}
	h := breakerHealth{State: c.breaker.state(), ConsecutiveFailures: c.breaker.consecutiveFailures()}
	if h.State == BreakerOpen {
		left := time.Duration(c.breaker.openUntil.Load() - c.now().UnixNano())
		h.RetryInSeconds = max(1, int64((left+time.Second-1)/time.Second))
	}
	return h
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
