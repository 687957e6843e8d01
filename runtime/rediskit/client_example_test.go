package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// startMiniredis starts an in-memory Redis for the examples.
func startMiniredis() *miniredis.Miniredis {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	return m
}

func ExampleNewClient() {
	m := startMiniredis()
	defer m.Close()

	// One Client per process; the zero Options point at localhost:6379.
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs:    []string{m.Addr()},
		PoolSize: 20,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	// Commands go through the go-redis client itself.
	ctx := context.Background()
	rdb := c.Redis()
	if err := rdb.Set(ctx, "session:42", "alice", rediskit.TTLUserSession).Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rdb.Get(ctx, "session:42").Val())
	// Output: alice
}

// Metrics go to the Registerer the program passes; labels are command
// names, never keys.
func ExampleOptions_metrics() {
	m := startMiniredis()
	defer m.Close()
	reg := prometheus.NewRegistry()
	c, err := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, Registerer: reg})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	ctx := context.Background()
	c.Redis().Set(ctx, "user:1", "alice", time.Hour)
	c.Redis().Get(ctx, "user:1")
	c.Redis().Get(ctx, "user:2")

	families, _ := reg.Gather()
	for _, f := range families {
		if f.GetName() != "rediskit_command_duration_seconds" {
			continue
		}
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				fmt.Printf("%s=%s ", l.GetName(), l.GetValue())
			}
			fmt.Println(s.GetHistogram().GetSampleCount())
		}
	}
	// Output:
	// client=default command=get 2
	// client=default command=set 1
}

func ExampleClient_Redis() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()

	// Redis returns a *redis.Client here, a *redis.ClusterClient for a
	// cluster: the breaker and the metrics are hooks on it, so every call,
	// pipelines included, goes through them.
	ctx := context.Background()
	cmds, err := c.Redis().Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, "visits")
		p.Expire(ctx, "visits", rediskit.TTLCacheLong)
		return nil
	})
	fmt.Println(len(cmds), err, m.TTL("visits"))
	// Output: 2 <nil> 2h0m0s
}

func ExampleClient_Ping() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()

	took, err := c.Ping(context.Background())
	fmt.Println(err, took > 0)
	// Output: <nil> true
}

func ExampleClient_Stats() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()

	fmt.Println("before:", c.Stats().TotalConns, "connections") // NewClient does not dial
	c.Redis().Ping(context.Background())
	fmt.Println("after:", c.Stats().TotalConns, "connection")
	// Output:
	// before: 0 connections
	// after: 1 connection
}

func ExampleClient_BreakerState() {
	m := startMiniredis()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, TripAfter: 2, NoRetries: true})
	defer c.Close()
	ctx := context.Background()

	fmt.Println(c.BreakerState())
	m.Close() // Redis goes away
	for range 2 {
		c.Redis().Get(ctx, "k")
	}
	fmt.Println(c.BreakerState())
	err := c.Redis().Get(ctx, "k").Err()
	fmt.Println(errors.Is(err, rediskit.ErrCircuitOpen))
	// Output:
	// closed
	// open
	// true
}

func ExampleClient_Close() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	fmt.Println(c.Close())
	fmt.Println(c.Redis().Ping(context.Background()).Err())
	// Output:
	// <nil>
	// redis: client is closed
}

// printHealth sends a GET of path to h and prints the status and the JSON fields
// named.
func printHealth(h http.Handler, path string, fields ...string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	fmt.Print(rec.Code)
	for _, f := range strings.Split(strings.Trim(rec.Body.String(), "{}\n"), ",") {
		for _, want := range fields {
			if strings.HasPrefix(f, `"`+want+`"`) {
				fmt.Print(" ", f)
			}
		}
	}
	fmt.Println()
}

func ExampleClient_HealthHandler() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, NoRetries: true})
	defer c.Close()

	// The paths are the program's choice; these are common ones.
	mux := http.NewServeMux()
	mux.Handle("GET /health", c.HealthHandler())
	mux.Handle("GET /health/redis", c.RedisHealthHandler())
	mux.Handle("GET /health/redis/pool", c.PoolHealthHandler())
	mux.Handle("GET /health/redis/circuit-breaker", c.BreakerHealthHandler())

	printHealth(mux, "/health", "status")
	m.Close()
	printHealth(mux, "/health", "status")
	// Output:
	// 200 "status":"ok"
	// 503 "status":"down"
}

func ExampleClient_RedisHealthHandler() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, NoRetries: true})
	defer c.Close()

	printHealth(c.RedisHealthHandler(), "/", "status")
	m.Close()
	printHealth(c.RedisHealthHandler(), "/", "status", "error")
	// Output:
	// 200 "status":"ok"
	// 503 "status":"down" "error":"network"
}

func ExampleClient_PoolHealthHandler() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, PoolSize: 8})
	defer c.Close()
	c.Redis().Ping(context.Background())

	printHealth(c.PoolHealthHandler(), "/", "connections", "idle", "pool_size", "max_connections", "timeouts")
	// Output: 200 "connections":1 "idle":1 "pool_size":8 "max_connections":8 "timeouts":0
}

func ExampleClient_BreakerHealthHandler() {
	m := startMiniredis()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, TripAfter: 1, OpenFor: 30 * time.Second, NoRetries: true})
	defer c.Close()

	printHealth(c.BreakerHealthHandler(), "/", "state")
	m.Close()
	c.Redis().Get(context.Background(), "k")
	printHealth(c.BreakerHealthHandler(), "/", "state", "retry_in_seconds")
	// Output:
	// 200 "state":"closed"
	// 503 "state":"open" "retry_in_seconds":30
}

// The breaker logs its state changes to the Logger the program passes.
func ExampleOptions_logger() {
	m := startMiniredis()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // for a stable output
			}
			return a
		},
	}))
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}, TripAfter: 1, NoRetries: true, Logger: logger})
	defer c.Close()
	m.Close()
	c.Redis().Get(context.Background(), "k")
	// Output:
	// level=WARN msg="rediskit: circuit breaker open: Redis commands fail fast" from=closed open_for=1m0s last_failure=network
}

func ExampleSetDefault() {
	m := startMiniredis()
	defer m.Close()
	c, _ := rediskit.NewClient(rediskit.Options{Addrs: []string{m.Addr()}})
	defer c.Close()

	// In main, once:
	rediskit.SetDefault(c)
	defer rediskit.SetDefault(nil)

	// Anywhere else:
	ctx := context.Background()
	rediskit.Default().Redis().Set(ctx, "greeting", "hello", rediskit.TTLTempData)
	fmt.Println(rediskit.Default().Redis().Get(ctx, "greeting").Val())
	// Output: hello
}

func ExampleDefault() {
	// Until the program calls SetDefault there is no default client, and
	// nothing connects anywhere.
	fmt.Println(rediskit.Default() == nil)
	// Output: true
}
