// Command redisaudit audits a live Redis keyspace for keys without a TTL,
// grouped by key prefix. It is read-only unless asked, with -apply-ttl and
// -yes, to give the keys of a group a TTL.
//
//	redisaudit redis://localhost:6379                  # table of groups, most keys without TTL first
//	redisaudit -json rediss://prod-redis:6380 > audit.json
//	redisaudit -prefix 'session:' -max-keys 100000     # one prefix, stop early with a sample
//	redisaudit -rate 50000 -memory-sample 100          # gentle on a busy server; estimate memory
//	redisaudit -apply-ttl 'cart:*=30d'                 # dry run: what would change
//	redisaudit -apply-ttl 'cart:*=30d' -yes            # set the TTLs
//	redisaudit -fail-group 0 -fail-total 1000          # in CI: exit status 3 when crossed
//	redisaudit -cacert ca.pem rediss://redis.internal:6380
//	redisaudit -sentinel 10.0.0.1,10.0.0.2 -sentinel-master cache rediss://
//
// # Connecting
//
// The one argument is a redis://, rediss:// (TLS) or unix:// URL, with
// go-redis's query parameters (dial_timeout, read_timeout, ...); without it,
// $REDIS_URL, then redis://localhost:6379. A user and password the URL leaves
// out come from REDIS_USERNAME and REDIS_PASSWORD, which keeps them out of
// the process list. Credentials are never printed, error messages included.
//
// A rediss:// URL verifies the server's certificate against the system's
// CAs, or against the PEM certificates in -cacert FILE; -cert FILE and -key
// FILE present a client certificate, as a Redis with tls-auth-clients yes
// (its default) demands. The URL parameter skip_verify=true turns
// verification off. The errors say when the certificate is not trusted, is
// for other names, or a client certificate is missing, and when one side
// speaks TLS and the other does not.
//
// -sentinel host:port,... -sentinel-master NAME asks each Sentinel in turn
// for the address of the master it monitors as NAME, and audits that
// master. The URL still gives the scheme (rediss:// reaches the Sentinels
// and the master over TLS, with the same -cacert, -cert and -key), the
// master's user, password and database, and the options; its host and port
// are replaced, so rediss:// or redis://:password@/2 is enough. The
// Sentinels' own user and password, often not the master's, come from
// REDIS_SENTINEL_USERNAME and REDIS_SENTINEL_PASSWORD. When no Sentinel
// gives an address, the error says what each one answered, or that none
// answered. A failover during the audit is not followed: the walk fails.
//
// A cluster is recognised from the node the URL names, and every master is
// scanned. The audit refuses a replica, a Sentinel (-sentinel asks it for
// the master instead), and a cluster in which
// some slot has no master or a master reports cluster_state other than ok:
// each would give an incomplete audit that looks complete.
//
// # Walking the keyspace
//
// Each master is walked with SCAN (COUNT -count, 1000 by default), the
// masters concurrently. Each page of keys is examined in one pipeline: PTTL
// and TYPE for every key, and MEMORY USAGE for sampled keys when
// -memory-sample is set. -rate N keeps the walk to about N keys per second
// over all masters, counting the keys SCAN visits, not those it returns, so
// with -match it limits the server's work rather than the matches.
// -max-keys stops after that many keys, and the report says it is a sample
// of the keys SCAN returned first (not a uniform one). SCAN may return a key
// twice when the server resizes its tables during the walk; such a key is
// counted twice.
//
// -match takes a glob as KEYS and SCAN do (* ? [abc], \ escapes the next
// character); -prefix takes a literal string and audits the keys that start
// with it, escaping glob characters in it.
//
// # Groups
//
// A key is cut at -sep (":" by default) into segments. A segment that is an
// id becomes "*", and only the first -depth segments (3 by default; 0 keeps
// all) are kept, the rest of a longer key shown as "**". So
// user:123:profile is in group user:*:profile, and user:123:profile:v2 in
// user:*:profile:**. A segment is an id when it is
//
//   - a number, date, time, version or IPv4 address: digits with '-', '.',
//     '_' or '+' between them (42, -1, 3.14, 2024-01-02, 10.0.0.1);
//   - a UUID (8-4-4-4-12 hex digits);
//   - a hex hash or object id: 8 or more hex digits, one at least a decimal
//     digit (so that words such as "deadbeef" or "facade" stay);
//   - a ULID (26 Crockford base-32 characters, the first 0-7);
//   - a random token: 20 or more characters of the base64 or base64url
//     alphabet mixing upper case, lower case and digits;
//   - an e-mail address (something@domain.tld).
//
// A segment that ends in an id after a '-', '_' or '.' keeps its name:
// item-42 becomes item-*, and celery-task-meta-<uuid> celery-task-meta-*.
// The braces of a cluster hash tag stay: {user:42}:cart is in {user:*}:cart.
// The group depends on the key alone, never on the other keys, so runs over
// the same data agree and a dry run picks the keys the real run changes. A
// key or group that is not printable UTF-8 is shown Go-quoted ("\x00..."),
// so that keys cannot write escape sequences to the terminal.
//
// For each group the report gives the keys, the keys without TTL and their
// share, the types, the TTL distribution of the keys that have one, the
// smallest key as an example (-examples), and, with -memory-sample, an
// estimate of its memory: the mean MEMORY USAGE of the sampled keys times
// the group's keys. At most -max-groups groups are tallied one by one; keys
// of further groups are counted together.
//
// # Output
//
// A table for people (the first -top rows), -json for the whole report and
// -csv for one row per group. A progress line with the keys examined, the
// rate and the ETA from DBSIZE is drawn on stderr while the walk runs, when
// stderr is a terminal and -no-progress is not given.
//
// # Setting TTLs
//
// -apply-ttl GROUP=DURATION (repeatable) names a group exactly as the report
// prints it, such as 'cart:*=30d' or 'job:*:result=24h'; DURATION is a Go
// duration, whole seconds, with days allowed (30d, 1d12h). Without -yes it
// is a dry run that writes nothing and reports how many keys would get the
// TTL. With -yes, every key of the group that had no TTL when the audit read
// it gets EXPIRE key seconds NX, pipelined with the other keys of its page.
// NX sets a TTL only where there is none, so a key that gained a TTL in the
// meantime keeps it, shorter or longer. EXPIRE NX came in Redis 7.0:
// -apply-ttl, dry run included, refuses an older server rather than fall back
// to a plain EXPIRE that could shorten a TTL. The report ends with what
// changed; an error or an interrupt part-way says how many TTLs were set.
//
// # In CI
//
// -fail-group N makes the exit status 3 when some group has more than N
// keys without TTL (0: any key without one), and -fail-total N when more
// than N keys have none in all. The report is written as usual, to stdout;
// then each crossing is one line on stderr, such as
//
//	redisaudit: user:*:profile has 300 keys without TTL, more than -fail-group 100
//	redisaudit: 586 keys without TTL in all, more than -fail-total 500
//
// So a CI step tells a crossed threshold (3) from an audit that could not be
// done (1: no server, a certificate not trusted, no Sentinel answering). The
// groups are listed most keys without TTL first, at most -top of them. The keys of the groups beyond -max-groups
// are tallied together: when together they cross -fail-group, that counts
// as crossed, since one of them may. The figures are those the walk read:
// of the keys -match or -prefix selects, of a sample with -max-keys (a
// threshold crossed in the sample is crossed, one not crossed says nothing
// about the rest), and before -apply-ttl -yes set any TTL.
//
// # Exit status and permissions
//
// 0 after a report; 3 after a report that crosses -fail-group or
// -fail-total; 1 when the audit failed or was interrupted, with no report;
// 2 for a mistake on the command line. Errors are one line on stderr. The
// user needs INFO, DBSIZE, SCAN, PTTL, TYPE and, on a cluster, CLUSTER
// SLOTS and CLUSTER INFO; MEMORY USAGE for -memory-sample and EXPIRE for
// -apply-ttl -yes; on the Sentinels, SENTINEL GET-MASTER-ADDR-BY-NAME. (The
// URL parameter client_name=redisaudit names the connections in CLIENT
// LIST, and needs CLIENT SETNAME.) Reading a key that has just expired lets
// the server delete it, as any read does; the audit writes nothing else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

func main() {
	// go-redis logs some connection trouble itself; the error that reaches
	// run already says it, once and on one line.
	redis.SetLogger(silentLogger{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], environment{
		getenv: os.Getenv,
		stdout: os.Stdout,
		stderr: os.Stderr,
		tty:    isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// environment is what run needs from the process, so tests can run it in
// parallel without touching the real one.
type environment struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	tty            bool // stderr is a terminal: draw the progress line
}

// run is the command; it returns the exit status.
func run(ctx context.Context, args []string, env environment) int {
	red := &redactor{}
	fail := func(code int, err error) int {
		msg := strings.ReplaceAll(red.redact(err.Error()), "\n", " ")
		fmt.Fprintf(env.stderr, "redisaudit: %s\n", msg)
		return code
	}

	cfg, err := parseArgs(args, env.getenv)
	if errors.Is(err, flag.ErrHelp) {
		usage(env.stdout)
		return 0
	}
	if err != nil {
		return fail(2, err)
	}
	opt, err := parseURL(cfg.url, env.getenv, red)
	if err != nil {
		return fail(2, err)
	}
	if err := setupTLS(cfg, opt); err != nil {
		return fail(2, err)
	}
	var via *sentinelReport
	if len(cfg.sentinels) > 0 {
		if opt.Network == "unix" {
			return fail(2, errors.New("-sentinel needs a redis:// or rediss:// URL, whose host the master's address from the Sentinels replaces"))
		}
		opt.Addr, via, err = askSentinels(ctx, cfg.sentinels, cfg.sentinelMaster, opt, env.getenv, red)
		if err != nil {
			return fail(1, interrupted(ctx, err))
		}
		if opt.TLSConfig != nil {
			opt.TLSConfig.ServerName, _, _ = net.SplitHostPort(opt.Addr)
		}
	}

	t, err := connect(ctx, opt, len(cfg.apply) > 0)
	if err != nil {
		if via != nil {
			err = fmt.Errorf("master %q at %s (from Sentinel %s): %w", via.MasterName, opt.Addr, via.Addr, err)
		}
		return fail(1, interrupted(ctx, err))
	}
	defer t.close()
	t.sentinel = via

	a := newAuditor(cfg, t)
	stopProgress := func() {}
	if cfg.progress && env.tty {
		var total int64
		if cfg.pattern == "*" {
			for _, n := range t.nodes {
				total += n.dbsize
			}
			if cfg.maxKeys > 0 {
				total = min(total, cfg.maxKeys)
			}
		}
		stopProgress = startProgress(env.stderr, &a.examined, total)
	}
	start := time.Now()
	err = a.run(ctx)
	stopProgress()
	if err != nil {
		err = interrupted(ctx, err)
		if n := a.changed.Load(); n > 0 {
			// At least: a pipeline cut short may have set some it never
			// heard back about.
			err = fmt.Errorf("%w (TTLs set before it stopped: at least %d)", err, n)
		}
		return fail(1, err)
	}

	rep := a.buildReport(time.Since(start))
	switch cfg.format {
	case "json":
		err = rep.writeJSON(env.stdout)
	case "csv":
		err = rep.writeCSV(env.stdout)
	default:
		err = rep.writeTable(env.stdout)
	}
	if err != nil {
		return fail(1, fmt.Errorf("write the report: %w", err))
	}
	if lines := rep.crossed(cfg.failGroup, cfg.failTotal); len(lines) > 0 {
		for _, l := range lines {
			fmt.Fprintf(env.stderr, "redisaudit: %s\n", l)
		}
		return exitCrossed
	}
	return 0
}

// exitCrossed is the exit status of an audit that crossed -fail-group or
// -fail-total: distinct from 1, an audit that could not be done.
const exitCrossed = 3

// interrupted replaces the error of a walk that ctx ended, which names
// whichever command was in flight, with the reason.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.New("interrupted")
	}
	return err
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: redisaudit [flags] [URL]

Audits a Redis keyspace for keys without TTL, grouped by key prefix, with
SCAN on every master. Read-only unless -apply-ttl ... -yes.

URL is redis://[user:password@]host:port[/db], rediss://... or unix://...;
default $REDIS_URL, then redis://localhost:6379. REDIS_USERNAME and
REDIS_PASSWORD supply what the URL leaves out. With -sentinel, the master's
address from the Sentinels replaces the URL's host and port; the Sentinels'
own user and password come from REDIS_SENTINEL_USERNAME and
REDIS_SENTINEL_PASSWORD.

Exit status: 0 after a report; 3 after a report that crosses -fail-group or
-fail-total, with one line on stderr per crossing; 1 when the audit failed
(no report); 2 for a mistake on the command line.

flags:
`)
	fs := newFlagSet(defaultConfig())
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type silentLogger struct{}

func (silentLogger) Printf(context.Context, string, ...any) {}
