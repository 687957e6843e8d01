package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// A family is a set of keys of one shape, all in one group.
type family struct {
	group string // as the report names it with the default -sep and -depth
	n     int
	key   func(i int) string
	typ   string
	ttl   func(i int) time.Duration // 0: no TTL
}

// Every TTL in the keyspace is at least 5 minutes, so that no key expires or
// changes bucket while a test runs, even a slow one under the race detector.
var keyspace = []family{
	{"user:*:profile", 300, func(i int) string { return fmt.Sprintf("user:%d:profile", i) }, "hash", noTTL},
	{"user:*:cart", 200, func(i int) string { return fmt.Sprintf("user:%d:cart", i) }, "hash", func(i int) time.Duration {
		switch {
		case i < 120:
			return 0
		case i < 160:
			return 30 * time.Minute
		default:
			return 10 * 24 * time.Hour
		}
	}},
	{"session:*", 250, func(i int) string {
		return fmt.Sprintf("session:%08x-%04x-4%03x-8%03x-%012x", i*7919, i, i%4096, i%4096, i*104729)
	}, "string", func(int) time.Duration { return 50 * time.Minute }},
	{"cache:v2:*", 150, func(i int) string {
		sum := sha1.Sum([]byte(strconv.Itoa(i)))
		return "cache:v2:" + hex.EncodeToString(sum[:])
	}, "string", func(i int) time.Duration {
		if i < 100 {
			return 0
		}
		return 5 * time.Minute
	}},
	{"job:*:result:**", 40, func(i int) string { return fmt.Sprintf("job:%d:result:01ARZ3NDEKTSV4RRFFQ69G5F%02d", i, i) }, "list", noTTL},
	{"events", 1, func(int) string { return "events" }, "stream", noTTL},
	{"rank:daily:*", 7, func(i int) string { return fmt.Sprintf("rank:daily:2024-01-%02d", i+1) }, "zset", noTTL},
	{"item-*", 30, func(i int) string { return fmt.Sprintf("item-%d", i) }, "set", func(int) time.Duration { return 45 * 24 * time.Hour }},
	{"we*ird:*", 5, func(i int) string { return fmt.Sprintf("we*ird:%d", i) }, "string", noTTL},
	{"weXird:*", 4, func(i int) string { return fmt.Sprintf("weXird:%d", i) }, "string", noTTL},
	{`"bin\x00:*"`, 3, func(i int) string { return fmt.Sprintf("bin\x00:%d", i) }, "string", noTTL},
	{"a:b:c:**", 6, func(i int) string { return fmt.Sprintf("a:b:c:d:%d", i) }, "string", noTTL},
}

func noTTL(int) time.Duration { return 0 }

// expected returns the figures an audit of the whole keyspace must report
// for each group.
func expected() map[string]groupReport {
	want := make(map[string]groupReport)
	for _, f := range keyspace {
		g := groupReport{Group: f.group, Keys: int64(f.n), Types: map[string]int64{f.typ: int64(f.n)}}
		var b [len(ttlBounds) + 1]int64
		for i := range f.n {
			if d := f.ttl(i); d == 0 {
				g.NoTTL++
			} else {
				b[ttlBucket(d)]++
			}
		}
		g.TTL = ttlReport{b[0], b[1], b[2], b[3], b[4], b[5]}
		g.NoTTLShare = float64(g.NoTTL) / float64(g.Keys)
		want[f.group] = g
	}
	return want
}

func totals() (keys, noTTL int64) {
	for _, g := range expected() {
		keys += g.Keys
		noTTL += g.NoTTL
	}
	return keys, noTTL
}

// populate writes the keyspace through rdb in one pipeline, which a cluster
// client splits by node.
func populate(t testing.TB, rdb redis.UniversalClient) {
	t.Helper()
	ctx := context.Background()
	pipe := rdb.Pipeline()
	for _, f := range keyspace {
		for i := range f.n {
			k := f.key(i)
			switch f.typ {
			case "string":
				pipe.Set(ctx, k, "v", 0)
			case "hash":
				pipe.HSet(ctx, k, "f", "v")
			case "list":
				pipe.RPush(ctx, k, "v")
			case "set":
				pipe.SAdd(ctx, k, "v")
			case "zset":
				pipe.ZAdd(ctx, k, redis.Z{Score: 1, Member: "v"})
			case "stream":
				pipe.XAdd(ctx, &redis.XAddArgs{Stream: k, Values: []string{"f", "v"}})
			default:
				t.Fatalf("populate: no writer for type %q", f.typ)
			}
			if d := f.ttl(i); d > 0 {
				pipe.Expire(ctx, k, d)
			}
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatalf("populate: %v", err)
	}
}

// audit runs the command in-process and returns its output and status.
func audit(t testing.TB, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, environment{
		getenv: func(k string) string { return env[k] },
		stdout: &out,
		stderr: &errOut,
	})
	return out.String(), errOut.String(), code
}

// auditJSON runs the command with -json, which must succeed, and decodes
// the report.
func auditJSON(t testing.TB, args ...string) *report {
	t.Helper()
	out, errOut, code := audit(t, nil, append([]string{"-json"}, args...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("redisaudit -json %q: exit %d, stderr %q", args, code, errOut)
	}
	var r report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decode the report: %v\n%s", err, out)
	}
	return &r
}

// requireGroups fails unless the report holds exactly want's groups with
// want's figures (examples and memory aside).
func requireGroups(t testing.TB, r *report, want map[string]groupReport) {
	t.Helper()
	got := make(map[string]groupReport)
	for _, g := range r.Groups {
		g.Examples, g.Memory = nil, nil
		got[g.Group] = g
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("group %s missing from the report", name)
		case g.Keys != w.Keys || g.NoTTL != w.NoTTL || g.NoTTLShare != w.NoTTLShare || g.TTL != w.TTL || fmt.Sprint(g.Types) != fmt.Sprint(w.Types):
			t.Errorf("group %s:\n got %+v\nwant %+v", name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected group %s: %+v", name, got[name])
		}
	}
}

// writeWatch tells whether anything wrote to a set of servers: it reads
// each server's count of changes to its data (rdb_changes_since_last_save,
// which never resets here because the test servers do not save) and its
// count of EXPIRE calls, including those that changed nothing.
type writeWatch struct {
	nodes []*redis.Client
}

type writeCounts struct{ dirty, expires int64 }

func (w writeWatch) read(t testing.TB) writeCounts {
	t.Helper()
	var (
		mu  sync.Mutex
		sum writeCounts
		wg  sync.WaitGroup
	)
	for _, n := range w.nodes {
		wg.Go(func() {
			info, err := n.Info(context.Background(), "persistence", "commandstats").Result()
			if err != nil {
				t.Errorf("INFO on %s: %v", n.Options().Addr, err)
				return
			}
			var c writeCounts
			for line := range strings.Lines(info) {
				line = strings.TrimSpace(line)
				if v, ok := strings.CutPrefix(line, "rdb_changes_since_last_save:"); ok {
					c.dirty, _ = strconv.ParseInt(v, 10, 64)
				}
				if v, ok := strings.CutPrefix(line, "cmdstat_expire:calls="); ok {
					v, _, _ = strings.Cut(v, ",")
					c.expires, _ = strconv.ParseInt(v, 10, 64)
				}
			}
			mu.Lock()
			sum.dirty += c.dirty
			sum.expires += c.expires
			mu.Unlock()
		})
	}
	wg.Wait()
	return sum
}
