package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// newMini returns a client for a fresh miniredis holding keys.
func newMini(t *testing.T, keys ...string) *redis.Client {
	t.Helper()
	m := miniredis.RunT(t)
	for _, k := range keys {
		if err := m.Set(k, "v"); err != nil {
			t.Fatalf("set %q: %v", k, err)
		}
	}
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// scanHook watches and disturbs the SCANs a client sends, the way a real
// server can: repeated keys, failures.
type scanHook struct {
	failOn int   // fail the n-th SCAN (1-based); 0: never
	err    error // the failure
	repeat bool  // return every page twice, as SCAN may during a rehash

	mu     sync.Mutex
	calls  int
	counts []string // the COUNT argument of each SCAN
}

func (h *scanHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *scanHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func (h *scanHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() != "scan" {
			return next(ctx, cmd)
		}
		h.mu.Lock()
		h.calls++
		call := h.calls
		args := cmd.Args()
		for i, a := range args {
			if s, _ := a.(string); strings.EqualFold(s, "count") && i+1 < len(args) {
				h.counts = append(h.counts, fmt.Sprint(args[i+1]))
			}
		}
		h.mu.Unlock()
		if call == h.failOn {
			cmd.SetErr(h.err)
			return h.err
		}
		err := next(ctx, cmd)
		if sc, ok := cmd.(*redis.ScanCmd); ok && h.repeat && err == nil {
			page, cursor := sc.Val()
			sc.SetVal(append(page, page...), cursor)
		}
		return err
	}
}

func (h *scanHook) scans() (int, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls, slices.Clone(h.counts)
}

// collect drains an IterKeys sequence, stopping at the first error.
func collect(seq func(func(string, error) bool)) ([]string, error) {
	var keys []string
	for k, err := range seq {
		if err != nil {
			return keys, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func sorted(keys []string) []string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return keys
}

var fixture = []string{
	"user:1:name", "user:1:email", "user:2:name", "user:10:name",
	"order:7", "user:*:name", "",
}

func TestScanKeysMatchesWhatKeysWouldMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		want    []string
	}{
		{"star matches every key", "*", fixture},
		{"prefix", "user:1:*", []string{"user:1:email", "user:1:name"}},
		{"question mark is one character", "user:?:name", []string{"user:*:name", "user:1:name", "user:2:name"}},
		{"character class", "user:[12]:name", []string{"user:1:name", "user:2:name"}},
		{"escaped star is literal", `user:\*:name`, []string{"user:*:name"}},
		{"no match is an empty list, not nil", "session:*", []string{}},
		{"empty pattern matches only the empty key, as with KEYS", "", []string{""}},
	}
	rdb := newMini(t, fixture...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := rediskit.ScanKeys(t.Context(), rdb, tt.pattern)
			if err != nil {
				t.Fatalf("ScanKeys(%q): %v", tt.pattern, err)
			}
			if got == nil {
				t.Errorf("ScanKeys(%q) = nil, want a non-nil slice like KEYS returns", tt.pattern)
			}
			if !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("ScanKeys(%q) = %q, want %q", tt.pattern, sorted(got), sorted(tt.want))
			}

			iterated, err := collect(rediskit.IterKeys(t.Context(), rdb, tt.pattern, 0))
			if err != nil {
				t.Fatalf("IterKeys(%q): %v", tt.pattern, err)
			}
			if !slices.Equal(sorted(iterated), sorted(tt.want)) {
				t.Errorf("IterKeys(%q) = %q, want %q", tt.pattern, sorted(iterated), sorted(tt.want))
			}
		})
	}
}

func TestScanKeysReturnsRepeatedKeysOnce(t *testing.T) {
	t.Parallel()
	rdb := newMini(t, "a", "b", "c")
	rdb.AddHook(&scanHook{repeat: true})

	got, err := rediskit.ScanKeys(t.Context(), rdb, "*")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(sorted(got), want) {
		t.Errorf("ScanKeys with repeating SCAN = %q, want %q", sorted(got), want)
	}

	// IterKeys keeps no memory of past keys, so repeats pass through; its doc
	// says so and points to ScanKeys.
	iterated, err := collect(rediskit.IterKeys(t.Context(), rdb, "*", 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(iterated) != 6 {
		t.Errorf("IterKeys with repeating SCAN yielded %d keys, want the 6 SCAN returned", len(iterated))
	}
}

func TestIterKeysSendsTheCountHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		count int64
		want  string
	}{
		{"zero means the default of 1000", 0, "1000"},
		{"explicit count is sent as is", 25, "25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rdb := newMini(t, "a")
			h := &scanHook{}
			rdb.AddHook(h)
			if _, err := collect(rediskit.IterKeys(t.Context(), rdb, "*", tt.count)); err != nil {
				t.Fatal(err)
			}
			if _, counts := h.scans(); !slices.Equal(counts, []string{tt.want}) {
				t.Errorf("SCAN COUNT arguments = %q, want [%s]", counts, tt.want)
			}
		})
	}
}

func TestScanErrorsReachTheCallerWrapped(t *testing.T) {
	t.Parallel()
	errDown := errors.New("server down")
	tests := []struct {
		name string
		run  func(context.Context, redis.UniversalClient) error
	}{
		{"ScanKeys", func(ctx context.Context, rdb redis.UniversalClient) error {
			_, err := rediskit.ScanKeys(ctx, rdb, "user:*")
			return err
		}},
		{"IterKeys", func(ctx context.Context, rdb redis.UniversalClient) error {
			_, err := collect(rediskit.IterKeys(ctx, rdb, "user:*", 0))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rdb := newMini(t, "user:1")
			rdb.AddHook(&scanHook{failOn: 1, err: errDown})
			err := tt.run(t.Context(), rdb)
			if !errors.Is(err, errDown) {
				t.Fatalf("error = %v, want one wrapping %v", err, errDown)
			}
			if want := `rediskit: scan keys matching "user:*"`; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q, want it to start with %q", err, want)
			}
		})
	}
}

func TestScanStopsWhenTheContextIsDone(t *testing.T) {
	t.Parallel()
	t.Run("ScanKeys with a cancelled context sends no SCAN", func(t *testing.T) {
		t.Parallel()
		rdb := newMini(t, "a")
		h := &scanHook{}
		rdb.AddHook(h)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := rediskit.ScanKeys(ctx, rdb, "*"); !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
		if calls, _ := h.scans(); calls != 0 {
			t.Errorf("sent %d SCANs after cancellation, want 0", calls)
		}
	})
	t.Run("IterKeys yields the context's error after a cancel in the loop", func(t *testing.T) {
		t.Parallel()
		rdb := newMini(t, "a", "b", "c")
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var keys int
		var gotErr error
		for _, err := range rediskit.IterKeys(ctx, rdb, "*", 0) {
			if err != nil {
				gotErr = err
				break
			}
			keys++
			cancel()
		}
		if keys != 1 || !errors.Is(gotErr, context.Canceled) {
			t.Errorf("got %d keys then %v, want 1 key then context.Canceled", keys, gotErr)
		}
	})
}

func TestInvalidArgumentsAreReportedNotPanicked(t *testing.T) {
	t.Parallel()
	rdb := newMini(t)
	ap, err := rdb.AutoPipeline()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ap.Close() })

	tests := []struct {
		name  string
		rdb   redis.UniversalClient
		count int64
		want  string
	}{
		{"nil client", nil, 0, "rediskit: scan keys: nil client"},
		{"nil *redis.Client", (*redis.Client)(nil), 0, "rediskit: scan keys: nil client"},
		{"nil *redis.ClusterClient", (*redis.ClusterClient)(nil), 0, "rediskit: scan keys: nil client"},
		{"autopipeliner that may hide a cluster", ap, 0, "pass the client it was made from"},
		{"negative count", rdb, -1, "rediskit: iterate keys: negative count -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.count == 0 {
				if _, err := rediskit.ScanKeys(t.Context(), tt.rdb, "*"); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("ScanKeys error = %v, want it to contain %q", err, tt.want)
				}
			}
			var n int
			var gotErr error
			for k, err := range rediskit.IterKeys(t.Context(), tt.rdb, "*", tt.count) {
				n++
				if err == nil {
					t.Fatalf("IterKeys yielded key %q, want an error", k)
				}
				gotErr = err
			}
			if n != 1 || gotErr == nil || !strings.Contains(gotErr.Error(), tt.want) {
				t.Errorf("IterKeys yielded %d values ending in %v, want one error containing %q", n, gotErr, tt.want)
			}
		})
	}
}

func TestScanKeysVisitsEveryRingShard(t *testing.T) {
	t.Parallel()
	shards := map[string]string{}
	minis := map[string]*miniredis.Miniredis{}
	for _, name := range []string{"a", "b", "c"} {
		m := miniredis.RunT(t)
		shards[name] = m.Addr()
		minis[m.Addr()] = m
	}
	ring := redis.NewRing(&redis.RingOptions{Addrs: shards})
	t.Cleanup(func() { _ = ring.Close() })

	var want []string
	for i := range 60 {
		k := "key:" + string(rune('A'+i%26)) + strings.Repeat("x", i)
		if err := ring.Set(t.Context(), k, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
		want = append(want, k)
	}
	for addr, m := range minis {
		if len(m.Keys()) == 0 {
			t.Fatalf("ring put no keys on shard %s; the test would not show that every shard is visited", addr)
		}
	}

	got, err := rediskit.ScanKeys(t.Context(), ring, "key:*")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("ScanKeys on a ring returned %d keys, want all %d", len(got), len(want))
	}
	// A wrapper that embeds the ring keeps ForEachShard, so it is walked the
	// same way.
	wrapped := struct{ *redis.Ring }{ring}
	got, err = rediskit.ScanKeys(t.Context(), wrapped, "key:*")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("ScanKeys on a wrapped ring returned %d keys, want all %d", len(got), len(want))
	}
	iterated, err := collect(rediskit.IterKeys(t.Context(), ring, "key:*", 0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sorted(iterated), sorted(want)) {
		t.Errorf("IterKeys on a ring yielded %d keys, want all %d", len(iterated), len(want))
	}
}

func TestEscapePattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"nothing to escape", "alice-42", "alice-42"},
		{"star", "*", `\*`},
		{"question mark", "a?", `a\?`},
		{"brackets", "[ab]", `\[ab\]`},
		{"backslash", `x\y`, `x\\y`},
		{"every glob character", `a*b?c[d]e\f`, `a\*b\?c\[d\]e\\f`},
		{"caret and dash only matter inside brackets", "^a-b", "^a-b"},
		{"multi-byte characters are kept", "ü*日", `ü\*日`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := rediskit.EscapePattern(tt.in); got != tt.want {
				t.Errorf("EscapePattern(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// userIDs are ids that, unescaped in "user:<id>:*", would match other users.
var userIDs = []string{"*", "?", "[ab]", `x\y`, "a", "b", "ab", "xy", `x\\y`, "a*"}

func TestEscapedUserIDMatchesOnlyThatUsersKeys(t *testing.T) {
	t.Parallel()
	var keys []string
	for _, id := range userIDs {
		keys = append(keys, "user:"+id+":name", "user:"+id+":email")
	}
	rdb := newMini(t, keys...)
	for _, id := range userIDs {
		t.Run("id "+id, func(t *testing.T) {
			t.Parallel()
			got, err := rediskit.ScanKeys(t.Context(), rdb, "user:"+rediskit.EscapePattern(id)+":*")
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"user:" + id + ":email", "user:" + id + ":name"}
			if !slices.Equal(sorted(got), want) {
				t.Errorf("keys of user %q = %q, want %q", id, sorted(got), want)
			}
		})
	}
}
