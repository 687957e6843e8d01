package rediskit_test

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

func TestNewClientRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts rediskit.Options
		want string
	}{
		{"negative pool size", rediskit.Options{PoolSize: -1}, "negative PoolSize"},
		{"negative timeout", rediskit.Options{ReadTimeout: -time.Second}, "negative ReadTimeout"},
		{"negative trip count", rediskit.Options{TripAfter: -1}, "negative TripAfter"},
		{"empty address", rediskit.Options{Addrs: []string{"a:1", ""}}, "empty address at Addrs[1]"},
		{"cluster and sentinel", rediskit.Options{Cluster: true, MasterName: "m"}, "both Cluster and MasterName"},
		{"database on a cluster", rediskit.Options{Addrs: []string{"a:1", "b:1"}, DB: 2}, "DB 2 on a cluster"},
		{"retries both ways", rediskit.Options{NoRetries: true, MaxRetries: 2}, "both NoRetries and MaxRetries"},
		{"cap below the pool", rediskit.Options{PoolSize: 10, MaxConns: 5}, "MaxConns 5 below PoolSize 10"},
		{"backoffs crossed", rediskit.Options{MinRetryBackoff: time.Second, MaxRetryBackoff: time.Millisecond}, "minimum retry backoff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := rediskit.NewClient(tc.opts)
			if err == nil {
				_ = c.Close()
				t.Fatalf("NewClient(%+v) succeeded", tc.opts)
			}
			if !strings.HasPrefix(err.Error(), "rediskit: options: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one naming %q", err, tc.want)
			}
		})
	}
}

func TestZeroOptionsGiveProductionDefaults(t *testing.T) {
	t.Parallel()
	c, err := rediskit.NewClient(rediskit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	o := c.Redis().(*redis.Client).Options()
	pool := 10 * runtime.GOMAXPROCS(0)
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"Addr", o.Addr, "localhost:6379"},
		{"ContextTimeoutEnabled", o.ContextTimeoutEnabled, true},
		{"PoolSize", o.PoolSize, pool},
		{"MaxActiveConns", o.MaxActiveConns, pool},
		{"PoolTimeout", o.PoolTimeout, time.Second},
		{"DialTimeout", o.DialTimeout, 5 * time.Second},
		{"ReadTimeout", o.ReadTimeout, 3 * time.Second},
		{"WriteTimeout", o.WriteTimeout, 3 * time.Second},
		{"ConnMaxIdleTime", o.ConnMaxIdleTime, 5 * time.Minute},
		{"MaxRetries", o.MaxRetries, 0}, // rediskit's hook retries, see TestRetries
		{"MinRetryBackoff", o.MinRetryBackoff, 8 * time.Millisecond},
		{"MaxRetryBackoff", o.MaxRetryBackoff, 512 * time.Millisecond},
		{"DialerRetries", o.DialerRetries, 1},
		{"MinIdleConns", o.MinIdleConns, 0}, // more would dial at construction
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.what, tc.got, tc.want)
		}
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("breaker %s, want closed", s)
	}

	c2, err := rediskit.NewClient(rediskit.Options{NoRetries: true, PoolSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	o = c2.Redis().(*redis.Client).Options()
	if o.MaxActiveConns != 4 {
		t.Errorf("PoolSize 4: MaxActiveConns %d; want 4", o.MaxActiveConns)
	}
}

func TestNewClientMakesTheKindOfClientTheAddressesAskFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts rediskit.Options
		want string
	}{
		{"one address", rediskit.Options{Addrs: []string{"127.0.0.1:1"}}, "*redis.Client"},
		{"several addresses", rediskit.Options{Addrs: []string{"127.0.0.1:1", "127.0.0.1:2"}}, "*redis.ClusterClient"},
		{"a cluster endpoint", rediskit.Options{Addrs: []string{"127.0.0.1:1"}, Cluster: true}, "*redis.ClusterClient"},
		{"sentinels", rediskit.Options{Addrs: []string{"127.0.0.1:1"}, MasterName: "main"}, "*redis.Client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := rediskit.NewClient(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if got := typeName(c.Redis()); got != tc.want {
				t.Errorf("Redis() is a %s, want %s", got, tc.want)
			}
		})
	}
}

func typeName(rdb redis.UniversalClient) string {
	switch rdb.(type) {
	case *redis.Client:
		return "*redis.Client"
	case *redis.ClusterClient:
		return "*redis.ClusterClient"
	}
	return "other"
}

func TestConstructorsNeverDial(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dialed := make(chan struct{}, 1)
	go func() {
		if conn, err := l.Accept(); err == nil {
			_ = conn.Close()
			dialed <- struct{}{}
		}
	}()
	for _, opts := range []rediskit.Options{
		{Addrs: []string{l.Addr().String()}},
		{Addrs: []string{l.Addr().String()}, Cluster: true},
		{Addrs: []string{l.Addr().String()}, MasterName: "main"},
	} {
		c, err := rediskit.NewClient(opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rediskit.NewCache(c, func(context.Context, string) (string, error) { return "", nil }, rediskit.CacheOptions{}); err != nil {
			t.Fatal(err)
		}
		_ = c.Stats()
		_ = c.BreakerState()
		defer c.Close()
	}
	// go-redis dials in the background when it dials early (MinIdleConns),
	// so give it a moment to show itself.
	select {
	case <-dialed:
		t.Fatal("a constructor opened a connection")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestCallerDeadlineBoundsABlockedRead(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{ReadTimeout: 10 * time.Second})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Redis().BLPop(ctx, 0, "empty-list").Err() // blocks forever on the server
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("BLPOP returned after %v: the caller's 50ms deadline did not bound the read", took)
	}
	if err == nil {
		t.Fatal("BLPOP on an empty list returned no error")
	}
}

func TestPingAndStats(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	took, err := c.Ping(t.Context())
	if err != nil || took <= 0 {
		t.Fatalf("Ping = %v, %v", took, err)
	}
	if s := c.Stats(); s.TotalConns != 1 {
		t.Errorf("after one PING the pool holds %d connections, want 1", s.TotalConns)
	}
	m.Close()
	if _, err := c.Ping(t.Context()); err == nil || !strings.HasPrefix(err.Error(), "rediskit: ping: ") {
		t.Errorf("Ping on a stopped server: %v", err)
	}
}

func TestCommandsAfterCloseFail(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Redis().Set(t.Context(), "k", "v", time.Minute).Err(); !errors.Is(err, redis.ErrClosed) {
		t.Errorf("SET after Close: %v, want redis.ErrClosed", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("breaker %s after commands on a closed client; want closed", s)
	}
}

// TestDefault is not parallel: it sets the process's default client.
func TestDefault(t *testing.T) {
	if rediskit.Default() != nil {
		t.Fatal("a default client exists before any SetDefault")
	}
	c, _, _ := newKit(t, rediskit.Options{})
	rediskit.SetDefault(c)
	defer rediskit.SetDefault(nil)
	if rediskit.Default() != c {
		t.Error("Default is not the client given to SetDefault")
	}
	rediskit.SetDefault(nil)
	if rediskit.Default() != nil {
		t.Error("SetDefault(nil) did not clear the default")
	}
}
