package main

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// clusterSlots is the number of hash slots a Redis cluster divides keys
// into; every one must have a master for the audit to see every key.
const clusterSlots = 16384

// A target is the server or cluster under audit, connected and checked.
type target struct {
	// rdb sends the per-key commands; a cluster client routes each key to
	// the master that owns its slot, following redirections.
	rdb redis.UniversalClient

	// nodes are where SCAN runs: the one server, or every master.
	nodes []node

	mode string // "standalone" or "cluster"

	sentinel *sentinelReport // the Sentinel that named the master, if any

	close func()
}

// A node is one server whose keyspace SCAN walks.
type node struct {
	rdb     *redis.Client
	addr    string // host:port, never with credentials
	version string // redis_version from INFO
	dbsize  int64  // keys in the audited database when the audit began
}

// redactor removes secrets from text before it is printed. Errors from the
// URL parser and from the network may quote the URL, so every message goes
// through it on the way out.
type redactor struct{ secrets []string }

func (r *redactor) add(s string) {
	if s != "" {
		r.secrets = append(r.secrets, s)
	}
}

func (r *redactor) redact(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, "xxxxx")
	}
	return s
}

// parseURL turns a redis://, rediss:// or unix:// URL into client options,
// filling credentials the URL leaves out from REDIS_USERNAME and
// REDIS_PASSWORD. Every form of the password is registered with red first,
// so that no error below can print it.
func parseURL(raw string, getenv func(string) string, red *redactor) (*redis.Options, error) {
	// Registered by hand before parsing: when url.Parse fails, its error
	// quotes the URL, password included. Up to the last '@' of the whole
	// URL, because a password holding an unescaped '/' ends url.Parse's
	// idea of the user part early.
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	at := strings.LastIndexByte(rest, '@')
	if hasScheme && at >= 0 {
		userinfo := rest[:at]
		if _, pass, ok := strings.Cut(userinfo, ":"); ok {
			red.add(pass)
			if p, err := url.PathUnescape(pass); err == nil {
				red.add(p)
			}
		}
	}
	envPass := getenv("REDIS_PASSWORD")
	red.add(envPass)

	opt, err := redis.ParseURL(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			// The rest of a *url.Error is the URL itself, and what it
			// failed on may be a piece of the password: judge the URL
			// again with the credentials replaced.
			err = uerr.Err
			if hasScheme && at >= 0 {
				_, perr := url.Parse(scheme + "://user:xxxxx@" + rest[at+1:])
				switch {
				case perr == nil:
					err = errors.New("the user or password holds a character that must be percent-encoded, such as / ? # @ % or a space")
				case errors.As(perr, &uerr):
					err = uerr.Err
				}
			}
		}
		return nil, fmt.Errorf("invalid URL: %v", err)
	}
	red.add(opt.Password)
	if opt.Username == "" {
		opt.Username = getenv("REDIS_USERNAME")
	}
	if opt.Password == "" {
		opt.Password = envPass
	}
	return opt, nil
}

// setupTLS gives opt's TLS configuration the CA of -cacert and the client
// certificate of -cert and -key.
func setupTLS(cfg *config, opt *redis.Options) error {
	if cfg.cacert == "" && cfg.cert == "" {
		return nil
	}
	if opt.TLSConfig == nil {
		return usageError{errors.New("-cacert, -cert and -key set up TLS, which needs a rediss:// URL")}
	}
	if cfg.cacert != "" {
		pem, err := os.ReadFile(cfg.cacert)
		if err != nil {
			return usageError{fmt.Errorf("-cacert: %w", err)}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return usageError{fmt.Errorf("-cacert %s: no PEM certificate in it", cfg.cacert)}
		}
		opt.TLSConfig.RootCAs = pool
	}
	if cfg.cert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.cert, cfg.key)
		if err != nil {
			return usageError{fmt.Errorf("-cert and -key: %w", err)}
		}
		opt.TLSConfig.Certificates = []tls.Certificate{cert}
	}
	return nil
}

// connect opens opt's server, checks that it can be audited completely, and
// returns the nodes to scan: the server itself, or every master when it
// belongs to a cluster. needNX demands Redis 7 on every node, for EXPIRE NX.
func connect(ctx context.Context, opt *redis.Options, needNX bool) (*target, error) {
	// The first look is at database 0: a cluster node refuses SELECT, and
	// the audit should say why it cannot use another database.
	probe := *opt
	probe.DB = 0
	seed := redis.NewClient(&probe)
	info, err := infoOf(ctx, seed, opt.Addr)
	if err != nil {
		_ = seed.Close()
		return nil, err
	}
	if opt.DB != 0 && info["cluster_enabled"] != "1" {
		_ = seed.Close()
		seed = redis.NewClient(opt)
	}

	var t *target
	switch {
	case info["redis_mode"] == "sentinel":
		err = fmt.Errorf("%s is a Sentinel; audit the master it monitors with -sentinel %s -sentinel-master NAME", opt.Addr, opt.Addr)
	case info["cluster_enabled"] == "1":
		t, err = connectCluster(ctx, seed, opt)
		_ = seed.Close() // the cluster client has connections of its own
		seed = nil
	case info["role"] == "slave":
		err = fmt.Errorf("%s is a replica of %s; audit the master: a replica may lag behind it and cannot take -apply-ttl",
			opt.Addr, net.JoinHostPort(info["master_host"], info["master_port"]))
	default:
		t = &target{
			rdb:   seed,
			nodes: []node{{rdb: seed, addr: opt.Addr, version: info["redis_version"]}},
			mode:  "standalone",
			close: func() { _ = seed.Close() },
		}
	}
	if err != nil {
		if seed != nil {
			_ = seed.Close()
		}
		return nil, err
	}

	err = t.prepare(ctx, needNX)
	if err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

// connectCluster checks through seed that every slot has a master, then
// opens a cluster client and lists the masters.
func connectCluster(ctx context.Context, seed *redis.Client, opt *redis.Options) (*target, error) {
	if opt.DB != 0 {
		return nil, fmt.Errorf("%s is a cluster node, and a cluster has only database 0, not %d", opt.Addr, opt.DB)
	}
	//lint:ignore SA1019 CLUSTER SHARDS needs Redis 7, and the audit reads older clusters too
	slots, err := seed.ClusterSlots(ctx).Result() //nolint:staticcheck // CLUSTER SHARDS needs Redis 7, and the audit reads older clusters too
	if err != nil {
		return nil, fmt.Errorf("%s: CLUSTER SLOTS: %w", opt.Addr, err)
	}
	if missing, served := uncovered(slots); missing != "" {
		return nil, fmt.Errorf("cluster at %s has a master for %d of %d slots (none for %s): an audit would miss the keys in those slots",
			opt.Addr, served, clusterSlots, missing)
	}

	cc := redis.NewClusterClient(clusterOptions(opt))
	var (
		mu    sync.Mutex // ForEachMaster calls fn concurrently
		nodes []node
	)
	err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		addr := c.Options().Addr
		info, err := infoOf(ctx, c, addr)
		if err != nil {
			return err
		}
		// A master that lost its slots, or cannot reach a majority,
		// says so here; the seed's CLUSTER SLOTS may not know yet.
		cinfo, err := c.ClusterInfo(ctx).Result()
		if err != nil {
			return fmt.Errorf("%s: CLUSTER INFO: %w", addr, err)
		}
		if state := fieldOf(cinfo, "cluster_state"); state != "ok" {
			return fmt.Errorf("cluster master %s reports cluster_state:%s; wait until the cluster is healthy", addr, state)
		}
		mu.Lock()
		defer mu.Unlock()
		nodes = append(nodes, node{rdb: c, addr: addr, version: info["redis_version"]})
		return nil
	})
	if err == nil && len(nodes) == 0 {
		err = fmt.Errorf("cluster at %s lists no masters", opt.Addr)
	}
	if err != nil {
		_ = cc.Close()
		return nil, err
	}
	slices.SortFunc(nodes, func(a, b node) int { return cmp.Compare(a.addr, b.addr) })
	return &target{rdb: cc, nodes: nodes, mode: "cluster", close: func() { _ = cc.Close() }}, nil
}

// clusterOptions carries the settings a URL can hold over to a cluster
// client. The seed is enough: the client learns the other nodes from it.
func clusterOptions(o *redis.Options) *redis.ClusterOptions {
	return &redis.ClusterOptions{
		Addrs:           []string{o.Addr},
		ClientName:      o.ClientName,
		Protocol:        o.Protocol,
		Username:        o.Username,
		Password:        o.Password,
		MaxRetries:      o.MaxRetries,
		MinRetryBackoff: o.MinRetryBackoff,
		MaxRetryBackoff: o.MaxRetryBackoff,
		DialTimeout:     o.DialTimeout,
		ReadTimeout:     o.ReadTimeout,
		WriteTimeout:    o.WriteTimeout,
		PoolFIFO:        o.PoolFIFO,
		PoolSize:        o.PoolSize,
		PoolTimeout:     o.PoolTimeout,
		MinIdleConns:    o.MinIdleConns,
		MaxIdleConns:    o.MaxIdleConns,
		MaxActiveConns:  o.MaxActiveConns,
		ConnMaxIdleTime: o.ConnMaxIdleTime,
		ConnMaxLifetime: o.ConnMaxLifetime,
		TLSConfig:       o.TLSConfig,
	}
}

// uncovered returns the slot ranges no master serves, as "0-5460, 9000",
// and how many slots are served.
func uncovered(slots []redis.ClusterSlot) (missing string, served int) {
	var have [clusterSlots]bool
	for _, s := range slots {
		for i := max(s.Start, 0); i <= min(s.End, clusterSlots-1); i++ {
			if !have[i] {
				have[i] = true
				served++
			}
		}
	}
	var ranges []string
	for i := 0; i < clusterSlots; i++ {
		if have[i] {
			continue
		}
		j := i
		for j+1 < clusterSlots && !have[j+1] {
			j++
		}
		if i == j {
			ranges = append(ranges, strconv.Itoa(i))
		} else {
			ranges = append(ranges, fmt.Sprintf("%d-%d", i, j))
		}
		i = j
	}
	return strings.Join(ranges, ", "), served
}

// prepare checks the server versions and reads each node's DBSIZE, which
// the progress line's ETA and the report's "of N keys" come from.
func (t *target) prepare(ctx context.Context, needNX bool) error {
	for i := range t.nodes {
		n := &t.nodes[i]
		if needNX {
			if err := supportsExpireNX(n.addr, n.version); err != nil {
				return err
			}
		}
		size, err := n.rdb.DBSize(ctx).Result()
		if err != nil {
			return fmt.Errorf("%s: DBSIZE: %w", n.addr, err)
		}
		n.dbsize = size
	}
	return nil
}

// supportsExpireNX returns an error unless version is Redis 7.0 or later,
// where EXPIRE takes NX. An older server rejects NX, and a plain EXPIRE in
// its place could shorten a TTL that appeared after the audit read it.
func supportsExpireNX(addr, version string) error {
	major, _, ok := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	if !ok || err != nil {
		return fmt.Errorf("%s reports no usable redis_version (%q); -apply-ttl needs EXPIRE ... NX, from Redis 7.0", addr, version)
	}
	if n < 7 {
		return fmt.Errorf("%s runs Redis %s; -apply-ttl needs EXPIRE ... NX, which came in Redis 7.0, and will not fall back to a plain EXPIRE that could shorten a TTL", addr, version)
	}
	return nil
}

// infoOf runs INFO on one server and parses its fields, turning the errors
// a user can act on (no server, wrong credentials) into plain sentences.
func infoOf(ctx context.Context, rdb *redis.Client, addr string) (map[string]string, error) {
	text, err := rdb.Info(ctx).Result()
	if err != nil {
		return nil, describeConnErr(ctx, addr, "INFO", err, rdb.Options().TLSConfig != nil,
			"the user and password in the URL, or REDIS_USERNAME and REDIS_PASSWORD")
	}
	info := make(map[string]string)
	for line := range strings.Lines(text) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && !strings.HasPrefix(k, "#") {
			info[k] = v
		}
	}
	return info, nil
}

// fieldOf returns the value of one field of INFO-style text.
func fieldOf(text, field string) string {
	for line := range strings.Lines(text) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), field+":"); ok {
			return v
		}
	}
	return ""
}

// isAuthError reports whether err says the credentials were wrong or
// missing.
func isAuthError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "WRONGPASS") || strings.Contains(msg, "NOAUTH") ||
		strings.Contains(msg, "invalid password") || strings.Contains(msg, "invalid username-password")
}

// describeConnErr turns the errors a user can act on (no server, wrong
// credentials, a certificate not trusted, TLS on one side only) into plain
// sentences. who names the server, "127.0.0.1:6379" or "Sentinel
// 127.0.0.1:26379"; cmd is the command that failed, and creds says where
// the user and password come from.
func describeConnErr(ctx context.Context, who, cmd string, err error, overTLS bool, creds string) error {
	msg := err.Error()
	var (
		nerr     net.Error
		hostErr  x509.HostnameError
		authErr  x509.UnknownAuthorityError
		verifErr *tls.CertificateVerificationError
	)
	switch {
	case ctx.Err() != nil, errors.Is(err, context.Canceled):
		return err
	case isAuthError(err):
		return fmt.Errorf("authentication failed at %s (set %s): %w", who, creds, err)
	case errors.As(err, &hostErr):
		names := slices.Clone(hostErr.Certificate.DNSNames)
		for _, ip := range hostErr.Certificate.IPAddresses {
			names = append(names, ip.String())
		}
		if len(names) == 0 {
			return fmt.Errorf("the TLS certificate of %s names no host in its subject alternative names, which Go requires: %w", who, err)
		}
		return fmt.Errorf("the TLS certificate of %s is for %s, not %s: connect by one of those names", who, strings.Join(names, ", "), hostErr.Host)
	case errors.As(err, &authErr):
		return fmt.Errorf("the TLS certificate of %s is not trusted (%v): -cacert FILE sets the CA that signed it", who, authErr)
	case errors.As(err, &verifErr):
		return fmt.Errorf("the TLS certificate of %s fails verification: %w", who, err)
	case overTLS && strings.Contains(msg, "remote error: tls: certificate required"):
		return fmt.Errorf("%s demands a client certificate: give one with -cert FILE and -key FILE", who)
	case overTLS && strings.Contains(msg, "remote error: tls: "):
		return fmt.Errorf("%s refused the TLS handshake (%w): check the client certificate of -cert, which a CA it trusts must sign", who, err)
	case overTLS && errors.Is(err, context.DeadlineExceeded):
		// The audit's own context has no deadline: the dial timed out,
		// as it does when the server waits for a command while the
		// client waits for the server's half of the handshake.
		return fmt.Errorf("no TLS handshake with %s within the dial timeout; if it does not serve TLS, use a redis:// URL", who)
	case !overTLS && (errors.Is(err, io.EOF) || strings.Contains(msg, "connection reset by peer")):
		return fmt.Errorf("%s closed the connection (%w); if it serves TLS, use a rediss:// URL", who, err)
	case errors.As(err, &nerr), errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "dial "), strings.Contains(msg, "connection refused"):
		return fmt.Errorf("cannot reach %s: %w", who, err)
	case strings.Contains(msg, "can't parse"):
		return fmt.Errorf("%s does not answer as a Redis server does: %w", who, err)
	}
	return fmt.Errorf("%s: %s: %w", who, cmd, err)
}
