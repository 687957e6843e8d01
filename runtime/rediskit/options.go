package rediskit

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Options configures a Client. The zero value works: it points at
// localhost:6379 with the defaults below, a circuit breaker, no metrics and
// no logging. Each field documents its default; a zero field takes it.
//
// The deadline of the caller's context always bounds the socket reads and
// writes of a command (go-redis's ContextTimeoutEnabled, which go-redis
// leaves off), so a request whose time is up stops waiting on Redis.
type Options struct {
	// Addrs are the servers' host:port addresses. One address is a single
	// server, several are seeds of a Redis Cluster, and with MasterName they
	// are Sentinels. Default: localhost:6379.
	Addrs []string

	// Cluster treats a single address as the seed of a Redis Cluster, such as
	// a managed cluster's configuration endpoint. Default false: one address
	// is a single server.
	Cluster bool

	// MasterName is the Sentinel name of the master; set it to reach the
	// master through the Sentinels at Addrs. Default: no Sentinel.
	MasterName string

	// Username and Password authenticate each connection (ACL user, or
	// requirepass when Username is empty). Default: none.
	Username string
	Password string

	// DB is the database a single server or Sentinel master selects. Default 0.
	DB int

	// ClientName is sent with CLIENT SETNAME, so CLIENT LIST tells this
	// program's connections apart. Default: none.
	ClientName string

	// TLSConfig, when set, makes every connection use TLS. Default: plain TCP.
	TLSConfig *tls.Config

	// PoolSize is how many connections can be in use at once, per server.
	// A command that finds them all busy waits up to PoolTimeout.
	// Default: 10 per CPU (runtime.GOMAXPROCS), as in go-redis.
	PoolSize int

	// MaxConns is the hard cap on connections open to one server, in use or
	// idle. Default: PoolSize. Pipelines draw on a separate go-redis pool of
	// up to 10 more connections.
	MaxConns int

	// PoolTimeout is how long a command waits for a free connection before it
	// fails with redis.ErrPoolTimeout. Default 1s: an exhausted pool should
	// fail requests quickly, not queue them for go-redis's ReadTimeout + 1s.
	PoolTimeout time.Duration

	// DialTimeout bounds opening one connection. Default 5s.
	DialTimeout time.Duration

	// ReadTimeout and WriteTimeout bound one socket read or write, even when
	// the caller's context has no deadline. Default 3s each: Redis answers in
	// microseconds, so 3s means the server or the network is in trouble.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration

	// ConnMaxIdleTime closes connections idle for longer, before a NAT or
	// load balancer silently drops them (AWS NLB after 350s). go-redis also
	// checks an idle connection's health when it takes it from the pool.
	// Default 5 minutes.
	ConnMaxIdleTime time.Duration

	// MaxRetries is how many times a command that failed on the network, a
	// timeout or LOADING is sent again, waiting between MinRetryBackoff and
	// MaxRetryBackoff (doubling, with jitter), as go-redis does it, except
	// that a command that waited PoolTimeout for a connection is not sent
	// again. A pipeline is sent again only when none of it reached the
	// server (a refused dial, LOADING), so that no command runs twice. Set
	// NoRetries to send each command once. Default 3, between 8ms and 512ms.
	//
	// On a cluster, go-redis's redirect loop does the retrying, up to
	// max(MaxRetries, 3) attempts after the first: it also follows MOVED and
	// ASK, which NoRetries must not stop, so NoRetries has no effect there.
	MaxRetries      int
	MinRetryBackoff time.Duration
	MaxRetryBackoff time.Duration

	// NoRetries sends each command once: a failure reaches the caller at
	// once. Default false.
	NoRetries bool

	// TripAfter consecutive failures open the circuit breaker: commands then
	// fail at once with ErrCircuitOpen. Network errors, timeouts, pool
	// timeouts and LOADING, CLUSTERDOWN, TRYAGAIN and MASTERDOWN replies are
	// failures; redis.Nil, redis.TxFailedErr, other error replies (WRONGTYPE,
	// ...) and a caller's context cancellation are not. Default 5.
	TripAfter int

	// OpenFor is how long the breaker stays open before it lets probe
	// commands through (half-open). Default 60s.
	OpenFor time.Duration

	// Probes is how many commands the half-open breaker lets through; when
	// they all succeed it closes, and a failure opens it again. Default 1.
	// A blocking command (BLPOP, XREAD BLOCK, WAIT, ...) is never a probe:
	// it sends a PING as the probe first.
	Probes int

	// ProbeTimeout bounds a half-open probe: one that has not answered
	// within it counts as a failure, and the breaker opens again, so that a
	// probe hung on a stalled server cannot keep every other command
	// refused. Default: ReadTimeout.
	ProbeTimeout time.Duration

	// NoBreaker turns the circuit breaker off. Default false.
	NoBreaker bool

	// Registerer receives the metrics (see NewClient). Default: nothing is
	// registered.
	Registerer prometheus.Registerer

	// MetricLabels are constant labels added to every metric. Every metric
	// has a "client" label, "default" unless MetricLabels sets it: give each
	// Client on one Registerer its own, such as {"client": "sessions"}.
	// Clients on one Registerer must use the same label names. Default:
	// {"client": "default"}.
	MetricLabels prometheus.Labels

	// HealthTimeout bounds the PING of a health check. Default 1s.
	HealthTimeout time.Duration

	// Logger receives the breaker's state changes and the cache's warnings.
	// Default: nothing is logged.
	Logger *slog.Logger
}

// withDefaults validates o and returns it with every unset field at its
// default.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	negative := func(name string, v int64) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("negative %s (%d)", name, v))
		}
	}
	negative("PoolSize", int64(o.PoolSize))
	negative("MaxConns", int64(o.MaxConns))
	negative("DB", int64(o.DB))
	negative("MaxRetries", int64(o.MaxRetries))
	negative("TripAfter", int64(o.TripAfter))
	negative("Probes", int64(o.Probes))
	for name, d := range map[string]time.Duration{
		"PoolTimeout": o.PoolTimeout, "DialTimeout": o.DialTimeout,
		"ReadTimeout": o.ReadTimeout, "WriteTimeout": o.WriteTimeout,
		"ConnMaxIdleTime": o.ConnMaxIdleTime, "MinRetryBackoff": o.MinRetryBackoff,
		"MaxRetryBackoff": o.MaxRetryBackoff, "OpenFor": o.OpenFor,
		"HealthTimeout": o.HealthTimeout, "ProbeTimeout": o.ProbeTimeout,
	} {
		negative(name, int64(d))
	}
	for i, a := range o.Addrs {
		if a == "" {
			errs = append(errs, fmt.Errorf("empty address at Addrs[%d]", i))
		}
	}
	if o.Cluster && o.MasterName != "" {
		errs = append(errs, errors.New("both Cluster and MasterName set"))
	}
	if o.DB != 0 && (o.Cluster || len(o.Addrs) > 1) && o.MasterName == "" {
		errs = append(errs, fmt.Errorf("DB %d on a cluster, which has only DB 0", o.DB))
	}
	if o.NoRetries && o.MaxRetries != 0 {
		errs = append(errs, errors.New("both NoRetries and MaxRetries set"))
	}
	if o.MinRetryBackoff > 0 && o.MaxRetryBackoff > 0 && o.MinRetryBackoff > o.MaxRetryBackoff {
		errs = append(errs, fmt.Errorf("minimum retry backoff %v above the maximum %v", o.MinRetryBackoff, o.MaxRetryBackoff))
	}
	if o.MaxConns > 0 && o.PoolSize > 0 && o.MaxConns < o.PoolSize {
		errs = append(errs, fmt.Errorf("hard cap MaxConns %d below PoolSize %d", o.MaxConns, o.PoolSize))
	}
	if err := errors.Join(errs...); err != nil {
		return o, fmt.Errorf("rediskit: options: %w", err)
	}

	if len(o.Addrs) == 0 {
		o.Addrs = []string{"localhost:6379"}
	} else {
		o.Addrs = append([]string(nil), o.Addrs...) // the caller may reuse its slice
	}
	setDefault(&o.PoolSize, 10*runtime.GOMAXPROCS(0))
	setDefault(&o.MaxConns, o.PoolSize)
	if o.MaxConns < o.PoolSize {
		o.MaxConns = o.PoolSize // only PoolSize was set, above MaxConns's would-be default
	}
	setDefault(&o.PoolTimeout, time.Second)
	setDefault(&o.DialTimeout, 5*time.Second)
	setDefault(&o.ReadTimeout, 3*time.Second)
	setDefault(&o.WriteTimeout, 3*time.Second)
	setDefault(&o.ConnMaxIdleTime, 5*time.Minute)
	if !o.NoRetries {
		setDefault(&o.MaxRetries, 3)
	}
	setDefault(&o.MinRetryBackoff, 8*time.Millisecond)
	setDefault(&o.MaxRetryBackoff, 512*time.Millisecond)
	if o.MinRetryBackoff > o.MaxRetryBackoff {
		o.MaxRetryBackoff = o.MinRetryBackoff // only MinRetryBackoff was set, above the default maximum
	}
	setDefault(&o.TripAfter, 5)
	setDefault(&o.OpenFor, 60*time.Second)
	setDefault(&o.Probes, 1)
	setDefault(&o.HealthTimeout, time.Second)
	setDefault(&o.ProbeTimeout, o.ReadTimeout)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}
