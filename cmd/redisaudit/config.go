package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/redislint/redislint/runtime/rediskit"
)

const defaultURL = "redis://localhost:6379"

// config is the parsed command line.
type config struct {
	url          string
	pattern      string // the SCAN MATCH pattern, from -match or -prefix
	count        int64
	rate         int64
	maxKeys      int64
	sep          string
	depth        int
	memorySample int
	examples     int
	top          int
	maxGroups    int
	format       string // "table", "json" or "csv"
	progress     bool
	apply        []applyRule
	yes          bool
	failGroup    int64 // -1: off
	failTotal    int64 // -1: off

	cacert, cert, key string // PEM files for TLS

	sentinels      []string // host:port of each Sentinel to ask
	sentinelMaster string

	// Flags resolved into the fields above.
	match, prefix string
	asJSON, asCSV bool
	noProgress    bool
}

func defaultConfig() *config {
	return &config{
		pattern:   "*",
		count:     1000,
		sep:       ":",
		depth:     3,
		examples:  1,
		top:       50,
		maxGroups: 10000,
		format:    "table",
		failGroup: -1,
		failTotal: -1,
	}
}

// A usageError is a mistake on the command line: exit status 2.
type usageError struct{ error }

// parseArgs reads the command line. The URL may come before, between or
// after the flags.
func parseArgs(args []string, getenv func(string) string) (*config, error) {
	cfg := defaultConfig()
	fs := newFlagSet(cfg)

	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}

	switch len(positional) {
	case 0:
		cfg.url = orDefault(getenv("REDIS_URL"), defaultURL)
	case 1:
		cfg.url = positional[0]
	default:
		return nil, usageError{fmt.Errorf("want at most one URL, got %d arguments", len(positional))}
	}

	bad := func(format string, a ...any) (*config, error) {
		return nil, usageError{fmt.Errorf(format, a...)}
	}
	switch {
	case cfg.match != "" && cfg.prefix != "":
		return bad("-match and -prefix exclude each other: -prefix p is -match with p's glob characters escaped and * appended")
	case cfg.match != "":
		cfg.pattern = cfg.match
	case cfg.prefix != "":
		cfg.pattern = rediskit.EscapePattern(cfg.prefix) + "*"
	}
	switch {
	case cfg.asJSON && cfg.asCSV:
		return bad("-json and -csv exclude each other")
	case cfg.asJSON:
		cfg.format = "json"
	case cfg.asCSV:
		cfg.format = "csv"
	}
	cfg.progress = !cfg.noProgress
	if cfg.sep == "" {
		return bad("-sep must not be empty")
	}
	if cfg.yes && len(cfg.apply) == 0 {
		return bad("-yes confirms -apply-ttl, and there is none")
	}
	if (cfg.cert == "") != (cfg.key == "") {
		return bad("-cert and -key go together: the client certificate and its private key")
	}
	switch {
	case len(cfg.sentinels) > 0 && cfg.sentinelMaster == "":
		return bad("-sentinel needs -sentinel-master NAME, the name the Sentinels monitor the master by")
	case len(cfg.sentinels) == 0 && cfg.sentinelMaster != "":
		return bad("-sentinel-master names a master for -sentinel, and there is none")
	}
	return cfg, nil
}

func orDefault(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

func newFlagSet(cfg *config) *flag.FlagSet {
	fs := flag.NewFlagSet("redisaudit", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors become one line in run; -help prints usage itself
	fs.StringVar(&cfg.match, "match", "", "audit the keys matching this SCAN `glob` (* ? [abc] and \\ escapes, as in KEYS)")
	fs.StringVar(&cfg.prefix, "prefix", "", "audit the keys starting with this `string`, taken literally (glob characters are escaped)")
	fs.Var(positive{&cfg.count}, "count", "SCAN COUNT: `N` keys walked per step, and looked up per pipeline")
	fs.Var(nonNegative{&cfg.rate}, "rate", "walk at most about `N` keys per second over all masters, counting what SCAN visits (0: no limit)")
	fs.Var(nonNegative{&cfg.maxKeys}, "max-keys", "stop after examining `N` keys and report them as a sample (0: no limit)")
	fs.StringVar(&cfg.sep, "sep", cfg.sep, "the `separator` between the segments of a key")
	fs.Var(nonNegativeInt{&cfg.depth}, "depth", "`N` segments kept in a group name; the rest shows as ** (0: all)")
	fs.Var(nonNegativeInt{&cfg.memorySample}, "memory-sample", "read MEMORY USAGE for the first key of each group and every `N`th after it (0: off)")
	fs.Var(nonNegativeInt{&cfg.examples}, "examples", "`N` example keys per group: the smallest ones")
	fs.Var(nonNegativeInt{&cfg.top}, "top", "`N` rows in the table, and groups listed by -fail-group, most keys without TTL first (0: all); JSON and CSV hold every group")
	fs.Var(nonNegativeInt{&cfg.maxGroups}, "max-groups", "`N` groups tallied one by one; keys of further groups are counted together (0: no limit)")
	fs.Var((*applyFlag)(&cfg.apply), "apply-ttl", "`GROUP=DURATION`: give the keys of GROUP (a name from the report) that have no TTL this TTL, with EXPIRE NX; a dry run without -yes; repeatable")
	fs.BoolVar(&cfg.yes, "yes", false, "really set the TTLs of -apply-ttl")
	fs.Var(threshold{&cfg.failGroup}, "fail-group", "exit with status 3 after the report when some group has more than `N` keys without TTL, listing those groups on stderr (0: any key without TTL)")
	fs.Var(threshold{&cfg.failTotal}, "fail-total", "exit with status 3 after the report when more than `N` keys in all have no TTL")
	fs.StringVar(&cfg.cacert, "cacert", "", "verify the server's TLS certificate with the CA certificates in this PEM `file`, instead of the system's (rediss:// URLs)")
	fs.StringVar(&cfg.cert, "cert", "", "present the client certificate in this PEM `file` over TLS, with -key")
	fs.StringVar(&cfg.key, "key", "", "the PEM `file` holding the private key of -cert")
	fs.Var((*sentinelFlag)(&cfg.sentinels), "sentinel", "ask these Sentinels in turn for the address of the master -sentinel-master, and audit it: one or more `host:port`, comma-separated or repeated (port 26379 when left out)")
	fs.StringVar(&cfg.sentinelMaster, "sentinel-master", "", "the `name` the Sentinels of -sentinel monitor the master by")
	fs.BoolVar(&cfg.asJSON, "json", false, "print the report as JSON")
	fs.BoolVar(&cfg.asCSV, "csv", false, "print the groups as CSV")
	fs.BoolVar(&cfg.noProgress, "no-progress", false, "never draw the progress line (it is drawn only when stderr is a terminal)")
	return fs
}

// positive is an int64 flag that must be at least 1.
type positive struct{ p *int64 }

func (v positive) String() string {
	if v.p == nil {
		return "0" // the zero value, which flag's usage leaves out
	}
	return strconv.FormatInt(*v.p, 10)
}

func (v positive) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return errors.New("want a whole number of 1 or more")
	}
	*v.p = n
	return nil
}

// nonNegative is an int64 flag that must be at least 0.
type nonNegative struct{ p *int64 }

func (v nonNegative) String() string {
	if v.p == nil {
		return "0" // the zero value, which flag's usage leaves out
	}
	return strconv.FormatInt(*v.p, 10)
}

func (v nonNegative) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a whole number of 0 or more")
	}
	*v.p = n
	return nil
}

// nonNegativeInt is an int flag that must be at least 0.
type nonNegativeInt struct{ p *int }

func (v nonNegativeInt) String() string {
	if v.p == nil {
		return "0" // the zero value, which flag's usage leaves out
	}
	return strconv.Itoa(*v.p)
}

func (v nonNegativeInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a whole number of 0 or more")
	}
	*v.p = n
	return nil
}

// threshold is an int64 flag that must be at least 0, and is -1 when not
// given.
type threshold struct{ p *int64 }

func (v threshold) String() string {
	if v.p == nil || *v.p < 0 {
		return "" // off, which flag's usage leaves out
	}
	return strconv.FormatInt(*v.p, 10)
}

func (v threshold) Set(s string) error { return nonNegative(v).Set(s) }

// sentinelFlag collects -sentinel addresses.
type sentinelFlag []string

func (f *sentinelFlag) String() string {
	if f == nil {
		return ""
	}
	return strings.Join(*f, ",")
}

func (f *sentinelFlag) Set(s string) error {
	for a := range strings.SplitSeq(s, ",") {
		a = strings.TrimSpace(a)
		host, port := a, "26379"
		if strings.HasPrefix(a, "[") && strings.HasSuffix(a, "]") {
			host = a[1 : len(a)-1]
		} else if strings.Contains(a, ":") {
			var err error
			host, port, err = net.SplitHostPort(a)
			if err != nil {
				return fmt.Errorf("bad address %q: want host:port", a)
			}
		}
		if n, err := strconv.Atoi(port); host == "" || err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("bad address %q: want host:port", a)
		}
		*f = append(*f, net.JoinHostPort(host, port))
	}
	return nil
}

// applyFlag collects -apply-ttl GROUP=DURATION rules.
type applyFlag []applyRule

func (f *applyFlag) String() string {
	if f == nil {
		return ""
	}
	var parts []string
	for _, r := range *f {
		parts = append(parts, r.group+"="+formatTTL(r.ttl))
	}
	return strings.Join(parts, ",")
}

func (f *applyFlag) Set(s string) error {
	// The last '=': a duration never holds one, a group name may.
	i := strings.LastIndexByte(s, '=')
	if i <= 0 {
		return errors.New("want GROUP=DURATION, such as 'session:*=24h'")
	}
	group, dur := s[:i], s[i+1:]
	ttl, err := parseTTL(dur)
	if err != nil {
		return err
	}
	for _, r := range *f {
		if r.group == group {
			return fmt.Errorf("group %s has two TTLs", group)
		}
	}
	*f = append(*f, applyRule{group: group, ttl: ttl})
	return nil
}

// parseTTL reads a Go duration with days allowed in front ("30d", "1d12h").
// EXPIRE counts whole seconds, so the TTL must be a whole number of them.
func parseTTL(s string) (time.Duration, error) {
	var d time.Duration
	rest := s
	if days, after, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad duration %q: want a Go duration such as 90m or 24h, or days such as 30d", s)
		}
		d = time.Duration(n) * 24 * time.Hour
		rest = after
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("bad duration %q: want a Go duration such as 90m or 24h, or days such as 30d", s)
		}
		d += r
	}
	switch {
	case d < time.Second:
		return 0, fmt.Errorf("bad duration %q: a TTL must be at least 1s", s)
	case d%time.Second != 0:
		return 0, fmt.Errorf("bad duration %q: EXPIRE takes whole seconds", s)
	}
	return d, nil
}

// formatTTL prints a TTL in days when it is whole days, as Go otherwise.
func formatTTL(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= day && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}
