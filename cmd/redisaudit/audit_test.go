package main

import (
	"context"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
)

func TestMain(m *testing.M) {
	// TestExitStatus runs this test binary as the command itself.
	if os.Getenv("REDISAUDIT_TEST_MAIN") == "1" {
		main()
		return
	}
	redis.SetLogger(silentLogger{})
	os.Exit(m.Run())
}

func TestAuditStandalone(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	rdb := srv.Client(t)
	populate(t, rdb)
	r := testAudit(t, "redis://"+srv.Addr, rdb, writeWatch{nodes: []*redis.Client{rdb}})
	if r == nil {
		return // the scenario that reads the report failed
	}
	if r.Mode != "standalone" || len(r.Nodes) != 1 || r.Nodes[0].Addr != srv.Addr {
		t.Errorf("mode %s, nodes %+v; want standalone, %s", r.Mode, r.Nodes, srv.Addr)
	}
}

func TestAuditCluster(t *testing.T) {
	t.Parallel()
	c := redistest.Cluster(t)
	rdb := c.Client(t)
	populate(t, rdb)
	var masters []*redis.Client
	for _, m := range c.Masters {
		masters = append(masters, m.Client(t))
	}
	r := testAudit(t, "redis://"+c.Addrs[0], rdb, writeWatch{nodes: masters})
	if r == nil {
		return // the scenario that reads the report failed
	}
	if r.Mode != "cluster" || len(r.Nodes) != 3 {
		t.Fatalf("mode %s, nodes %+v; want cluster with 3 masters", r.Mode, r.Nodes)
	}
	for _, n := range r.Nodes {
		// Every master must hold part of the keyspace, or the exact
		// counts would not show that every master was walked.
		if !slices.Contains(c.Addrs, n.Addr) || n.DBSize == 0 {
			t.Errorf("node %+v, want one of %v holding keys", n, c.Addrs)
		}
	}
}

// testAudit runs the audit's scenarios against a server holding the
// keyspace and returns the report of a plain audit.
func testAudit(t *testing.T, url string, rdb redis.UniversalClient, watch writeWatch) *report {
	wantKeys, wantNoTTL := totals()
	var full *report

	t.Run("read-only", func(t *testing.T) {
		before := watch.read(t)
		t.Run("scenarios", func(t *testing.T) {
			t.Run("counts every group exactly", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url)
				requireGroups(t, r, expected())
				if r.Keys != wantKeys || r.NoTTL != wantNoTTL || r.DBSize != wantKeys || r.Vanished != 0 || !r.Complete {
					t.Errorf("keys %d, no TTL %d, dbsize %d, vanished %d, complete %v; want %d, %d, %d, 0, true",
						r.Keys, r.NoTTL, r.DBSize, r.Vanished, r.Complete, wantKeys, wantNoTTL, wantKeys)
				}
				if r.Groups[0].Group != "user:*:profile" {
					t.Errorf("first group %s, want user:*:profile, which has the most keys without TTL", r.Groups[0].Group)
				}
				full = r
			})

			t.Run("small SCAN steps under a rate limit count the same", func(t *testing.T) {
				t.Parallel()
				requireGroups(t, auditJSON(t, url, "-count", "7", "-rate", "200000"), expected())
			})

			t.Run("table", func(t *testing.T) {
				t.Parallel()
				out, errOut, code := audit(t, nil, url)
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				lines := strings.Split(out, "\n")
				if !strings.Contains(lines[0], "996 keys") || !strings.HasPrefix(lines[1], "examined every key in ") {
					t.Errorf("summary:\n%s", strings.Join(lines[:3], "\n"))
				}
				rows := map[string][]string{}
				for _, l := range lines[3:] {
					if f := strings.Fields(l); len(f) > 0 {
						rows[f[0]] = f
					}
				}
				for group, want := range map[string]string{
					"GROUP":          "GROUP KEYS NO TTL SHARE TYPES TTL EXAMPLE",
					"user:*:profile": "user:*:profile 300 300 100% hash - user:0:profile",
					"user:*:cart":    "user:*:cart 200 120 60.0% hash <1h 40, <30d 40 user:0:cart",
					"session:*":      "session:* 250 0 0% string <1h 250 session:00000000-0000-4000-8000-000000000000",
					`"bin\x00:*"`:    `"bin\x00:*" 3 3 100% string - "bin\x00:0"`,
					"TOTAL":          "TOTAL 996 586 58.8%",
				} {
					if got := strings.Join(rows[group], " "); got != want {
						t.Errorf("row %s:\n got %q\nwant %q", group, got, want)
					}
				}
			})

			t.Run("csv", func(t *testing.T) {
				t.Parallel()
				out, _, code := audit(t, nil, "-csv", url)
				recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if code != 0 || err != nil {
					t.Fatalf("exit %d, %v", code, err)
				}
				if len(recs) != len(keyspace)+1 || strings.Join(recs[0], ",") != strings.Join(csvHeader, ",") {
					t.Fatalf("%d records, header %q", len(recs), recs[0])
				}
				if got := strings.Join(recs[1], ","); got != "user:*:profile,300,300,1.0000,hash=300,0,0,0,0,0,0,,,user:0:profile" {
					t.Errorf("first row %s", got)
				}
			})

			t.Run("-match takes a glob", func(t *testing.T) {
				t.Parallel()
				want := expected()
				requireGroups(t, auditJSON(t, url, "-match", "user:*"), map[string]groupReport{
					"user:*:profile": want["user:*:profile"],
					"user:*:cart":    want["user:*:cart"],
				})
				requireGroups(t, auditJSON(t, url, "-match", "we*ird:*"), map[string]groupReport{
					"we*ird:*": want["we*ird:*"],
					"weXird:*": want["weXird:*"],
				})
			})

			t.Run("-prefix takes a literal string", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url, "-prefix", "we*ird:")
				requireGroups(t, r, map[string]groupReport{"we*ird:*": expected()["we*ird:*"]})
				if r.Match != `we\*ird:*` {
					t.Errorf("match %q, want the escaped prefix", r.Match)
				}
			})

			t.Run("-max-keys stops with a sample", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url, "-max-keys", "100", "-count", "30")
				if r.Keys != 100 || r.Complete {
					t.Errorf("keys %d, complete %v; want 100, false", r.Keys, r.Complete)
				}
				r = auditJSON(t, url, "-max-keys", "996")
				if r.Keys != 996 || !r.Complete {
					t.Errorf("a limit the keyspace fits: keys %d, complete %v; want 996, true", r.Keys, r.Complete)
				}
			})

			t.Run("-memory-sample reads the first key of each group and every Nth", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url, "-memory-sample", "100")
				samples := map[string]int64{}
				for _, g := range r.Groups {
					if g.Memory == nil || g.Memory.EstimatedBytes < g.Keys {
						t.Errorf("group %s: memory %+v", g.Group, g.Memory)
						continue
					}
					samples[g.Group] = g.Memory.SampledKeys
				}
				for group, want := range map[string]int64{"user:*:profile": 3, "session:*": 3, "user:*:cart": 2, "events": 1, "rank:daily:*": 1} {
					if samples[group] != want {
						t.Errorf("group %s: %d samples, want %d", group, samples[group], want)
					}
				}
			})

			t.Run("-depth and -sep shape the groups", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url, "-depth", "1")
				got := map[string]int64{}
				for _, g := range r.Groups {
					got[g.Group] = g.Keys
				}
				want := map[string]int64{"user:**": 500, "session:**": 250, "cache:**": 150, "job:**": 40, "events": 1, "rank:**": 7,
					"item-*": 30, "we*ird:**": 5, "weXird:**": 4, `"bin\x00:**"`: 3, "a:**": 6}
				if len(got) != len(want) {
					t.Errorf("groups %v, want %v", got, want)
				}
				for g, n := range want {
					if got[g] != n {
						t.Errorf("group %s: %d keys, want %d", g, got[g], n)
					}
				}
				r = auditJSON(t, url, "-sep", "-", "-match", "item-*")
				if len(r.Groups) != 1 || r.Groups[0].Group != "item-*" || r.Groups[0].Keys != 30 {
					t.Errorf("-sep -: groups %+v", r.Groups)
				}
			})

			t.Run("-apply-ttl without -yes is a dry run", func(t *testing.T) {
				t.Parallel()
				r := auditJSON(t, url, "-apply-ttl", "user:*:cart=2h")
				want := []applyReport{{Group: "user:*:cart", TTLSeconds: 7200, DryRun: true, Keys: 200, WithoutTTL: 120}}
				if len(r.ApplyTTL) != 1 || r.ApplyTTL[0] != want[0] {
					t.Errorf("apply %+v, want %+v", r.ApplyTTL, want)
				}
				out, _, _ := audit(t, nil, url, "-apply-ttl", "user:*:cart=2h")
				if !strings.Contains(out, "dry run (nothing was written") || !strings.Contains(out, "user:*:cart=2h0m0s: would set a TTL on 120 of its 200 keys") {
					t.Errorf("table does not describe the dry run:\n%s", out)
				}
			})
		})
		if after := watch.read(t); after != before {
			t.Errorf("the read-only audits wrote: changes and EXPIRE calls went from %+v to %+v", before, after)
		}
	})
	if t.Failed() {
		return full
	}

	t.Run("apply-ttl -yes sets TTLs only where there were none", func(t *testing.T) {
		ctx := context.Background()
		before := expireTimes(t, rdb)
		watched := watch.read(t)
		start := time.Now()
		r := auditJSON(t, url, "-apply-ttl", "user:*:cart=2h", "-apply-ttl", "cache:v2:*=1d", "-apply-ttl", "nosuch:*=1h", "-yes")
		want := []applyReport{
			{Group: "user:*:cart", TTLSeconds: 7200, Keys: 200, WithoutTTL: 120, Set: 120},
			{Group: "cache:v2:*", TTLSeconds: 86400, Keys: 150, WithoutTTL: 100, Set: 100},
			{Group: "nosuch:*", TTLSeconds: 3600},
		}
		if len(r.ApplyTTL) != len(want) {
			t.Fatalf("apply %+v, want %+v", r.ApplyTTL, want)
		}
		for i := range want {
			if r.ApplyTTL[i] != want[i] {
				t.Errorf("apply %d: %+v, want %+v", i, r.ApplyTTL[i], want[i])
			}
		}
		// One EXPIRE per key without a TTL, and none for the others: a key
		// that had a TTL was not even asked.
		if got := watch.read(t); got.expires-watched.expires != 220 || got.dirty-watched.dirty != 220 {
			t.Errorf("EXPIRE calls and changes went from %+v to %+v, want 220 more of each", watched, got)
		}

		after := expireTimes(t, rdb)
		for key, was := range before {
			now := after[key]
			switch {
			case was >= 0:
				if now != was {
					t.Errorf("%q had its expiry at %d ms, now %d ms; a TTL that existed must stay", key, was, now)
				}
			case strings.HasPrefix(key, "user:") && strings.HasSuffix(key, ":cart"):
				requireExpiry(t, key, now, start, 2*time.Hour)
			case strings.HasPrefix(key, "cache:v2:"):
				requireExpiry(t, key, now, start, 24*time.Hour)
			default:
				if now != -1 {
					t.Errorf("%q had no TTL and is in no -apply-ttl group, but now expires at %d ms", key, now)
				}
			}
		}

		// Once applied, a second run finds nothing to do.
		out, errOut, code := audit(t, nil, url, "-apply-ttl", "user:*:cart=2h", "-yes")
		if code != 0 || !strings.Contains(out, "user:*:cart=2h0m0s: set a TTL on 0 of its 200 keys") {
			t.Errorf("second run: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
		}
		if n, err := rdb.Exists(ctx, "user:0:profile").Result(); n != 1 || err != nil {
			t.Errorf("user:0:profile: exists %d, %v", n, err)
		}
	})
	return full
}

// expireTimes returns every key's absolute expiry in Unix milliseconds, -1
// for none, read with PEXPIRETIME so that a comparison is exact.
func expireTimes(t *testing.T, rdb redis.UniversalClient) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	pipe := rdb.Pipeline()
	cmds := map[string]*redis.IntCmd{}
	for _, f := range keyspace {
		for i := range f.n {
			k := f.key(i)
			cmds[k] = redis.NewIntCmd(ctx, "pexpiretime", k)
			_ = pipe.Process(ctx, cmds[k])
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatalf("PEXPIRETIME: %v", err)
	}
	times := make(map[string]int64, len(cmds))
	for k, c := range cmds {
		times[k] = c.Val()
	}
	return times
}

// requireExpiry fails unless the key expires ttl after the audit began,
// give or take the time the audit took.
func requireExpiry(t *testing.T, key string, at int64, start time.Time, ttl time.Duration) {
	t.Helper()
	lo := start.Add(ttl).Add(-time.Second).UnixMilli()
	hi := time.Now().Add(ttl).Add(time.Second).UnixMilli()
	if at < lo || at > hi {
		t.Errorf("%q expires at %d ms, want %v after the audit, between %d and %d", key, at, ttl, lo, hi)
	}
}

func TestAuditReadsTheURLsDatabase(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	ctx := context.Background()
	db2 := redis.NewClient(&redis.Options{Addr: srv.Addr, DB: 2})
	t.Cleanup(func() { _ = db2.Close() })
	if err := db2.Set(ctx, "only:1:here", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Client(t).Set(ctx, "db0:1", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	r := auditJSON(t, "redis://"+srv.Addr+"/2")
	if r.Keys != 1 || r.DBSize != 1 || len(r.Groups) != 1 || r.Groups[0].Group != "only:*:here" {
		t.Errorf("database 2: %d keys of %d, groups %+v; want only:*:here alone", r.Keys, r.DBSize, r.Groups)
	}
}
