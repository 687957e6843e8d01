package rediskit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// defaultScanCount is the SCAN COUNT hint when the caller has none: one step
// reads about a thousand slots of the keyspace, well under a millisecond of
// server time, and a million keys take about a thousand round trips.
const defaultScanCount = 1000

// ScanKeys returns every key matching pattern, like KEYS, but walks the
// keyspace with SCAN in small steps so the server keeps serving other
// clients. On a *redis.ClusterClient it visits every master (a plain SCAN on
// a ClusterClient reaches only one node); on a *redis.Ring every shard. Keys
// are returned once each (SCAN may repeat keys). Escape user input in pattern
// with EscapePattern.
//
// As with KEYS, the order is unspecified, the pattern is a glob, and the
// empty pattern matches only the empty key; "*" matches every key. ScanKeys
// holds every matching key in memory; IterKeys streams them.
//
// On a cluster whose hash slots are not all served by a master (slots
// unassigned, or cluster_state not ok), ScanKeys returns an error wrapping
// ErrClusterIncomplete rather than a partial answer.
//
// The masters of a cluster are scanned concurrently. The first error cancels
// the other scans and is returned wrapped, so errors.Is sees the cause, such
// as context.Canceled when ctx ends.
//
// Any client with a ForEachMaster method, such as a struct embedding
// *redis.ClusterClient, is scanned master by master, and any other with
// ForEachShard shard by shard. A Ring skips shards it considers down, as it
// routes no keys to them. A *redis.AutoPipeliner is refused because it may
// hide a cluster: pass the client it was made from.
//
// The per-node SCANs go through the node clients, so hooks added to a
// ClusterClient or Ring do not see them; hooks added to the node clients
// (OnNewNode) do.
func ScanKeys(ctx context.Context, rdb redis.UniversalClient, pattern string) ([]string, error) {
	nodes, err := scanNodes(ctx, rdb)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex // the scans run concurrently on a cluster
		seen     = make(map[string]struct{})
		keys     = []string{} // KEYS returns an empty list, not nil, when nothing matches
		firstErr error
		wg       sync.WaitGroup
	)
	for _, n := range nodes {
		wg.Go(func() {
			err := scan(ctx, n, pattern, defaultScanCount, func(page []string) bool {
				mu.Lock()
				defer mu.Unlock()
				for _, k := range page {
					if _, dup := seen[k]; !dup {
						seen[k] = struct{}{}
						keys = append(keys, k)
					}
				}
				return true
			})
			if err != nil {
				mu.Lock()
				defer mu.Unlock()
				// Record before cancelling, so the other scans' context errors
				// never take the place of the error that caused them.
				if firstErr == nil {
					firstErr = err
					cancel()
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return keys, nil
}

// IterKeys yields the keys matching pattern one at a time with bounded
// memory: it holds one SCAN page, never the whole result. On a
// *redis.ClusterClient it scans the masters one after another, on a
// *redis.Ring the shards, so keys stream from the first node before the next
// is asked. count is the SCAN COUNT hint, the work per round trip; 0 means
// the default, 1000.
//
// Because nothing is remembered, a key may be yielded more than once when the
// server resizes its keyspace or a cluster slot moves during the walk; use
// ScanKeys when each key must come once. The pattern, the nodes visited and
// the error wrapping are those of ScanKeys.
//
// An error, including an invalid argument or the end of ctx, is yielded once
// with an empty key, and the sequence ends. Breaking out of the loop stops the
// walk without another SCAN.
func IterKeys(ctx context.Context, rdb redis.UniversalClient, pattern string, count int64) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if count < 0 {
			yield("", fmt.Errorf("rediskit: iterate keys: negative count %d", count))
			return
		}
		if ctx == nil {
			yield("", errors.New("rediskit: iterate keys: nil context"))
			return
		}
		step := count // count stays untouched: the sequence may be ranged again, even concurrently
		if step == 0 {
			step = defaultScanCount
		}
		nodes, err := scanNodes(ctx, rdb)
		if err != nil {
			yield("", err)
			return
		}
		for _, n := range nodes {
			stopped := false
			err := scan(ctx, n, pattern, step, func(page []string) bool {
				for _, k := range page {
					// The consumer may work long on each key; check between
					// keys so a cancelled ctx is noticed within one key.
					if ctx.Err() != nil {
						return true // scan reports the context's error
					}
					if !yield(k, nil) {
						stopped = true
						return false
					}
				}
				return true
			})
			if stopped {
				return
			}
			if err != nil {
				yield("", err)
				return
			}
		}
	}
}

// EscapePattern escapes the glob characters * ? [ ] \ in s so that s matches
// only itself inside a SCAN/KEYS MATCH pattern: "user:" + EscapePattern(id) +
// ":*" never matches another user's keys, even when id contains '*'.
func EscapePattern(s string) string {
	if !strings.ContainsAny(s, `*?[]\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	// Byte by byte is right for any UTF-8: Redis matches bytes, and the
	// escaped characters are ASCII, which never occurs inside a multi-byte
	// sequence.
	for i := range len(s) {
		switch c := s[i]; c {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// A node is one server to SCAN, and its address for error messages.
type node struct {
	rdb   processor
	addr  string // empty when the client does not say where it points
	multi bool   // one of several masters or shards: its failure leaves the walk incomplete
}

// processor is the part of a client that SCAN needs; both redis.UniversalClient
// and the per-node *redis.Client satisfy it.
type processor interface {
	Process(ctx context.Context, cmd redis.Cmder) error
}

// masterWalker is a cluster, or anything that embeds one.
type masterWalker interface {
	ForEachMaster(ctx context.Context, fn func(ctx context.Context, client *redis.Client) error) error
}

// shardWalker is a ring, or anything that embeds one. A cluster has
// ForEachShard too, but it includes replicas, so masterWalker is tried first.
type shardWalker interface {
	ForEachShard(ctx context.Context, fn func(ctx context.Context, client *redis.Client) error) error
}

// scanNodes validates rdb and returns the servers a full walk must visit,
// sorted by address so that IterKeys visits them in a stable order.
func scanNodes(ctx context.Context, rdb redis.UniversalClient) ([]node, error) {
	if ctx == nil {
		return nil, errors.New("rediskit: scan keys: nil context")
	}
	if isNil(rdb) {
		return nil, errors.New("rediskit: scan keys: nil client")
	}
	var (
		each func(context.Context, func(context.Context, *redis.Client) error) error
		what string
	)
	switch c := rdb.(type) {
	case *redis.AutoPipeliner:
		return nil, errors.New("rediskit: scan keys: a *redis.AutoPipeliner may hide a cluster, of which SCAN would reach one node; pass the client it was made from")
	case masterWalker:
		each, what = c.ForEachMaster, "masters"
	case shardWalker:
		each, what = c.ForEachShard, "shards"
	default:
		return []node{{rdb: rdb}}, nil
	}

	var (
		mu    sync.Mutex // ForEachMaster and ForEachShard call fn concurrently
		nodes []node
	)
	err := each(ctx, func(_ context.Context, c *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		nodes = append(nodes, node{rdb: c, addr: c.Options().Addr, multi: true})
		return nil
	})
	if err != nil {
		return nil, incomplete(ctx, fmt.Errorf("rediskit: scan keys: list %s: %w", what, err))
	}
	if len(nodes) == 0 {
		// Returning no keys would claim the keyspace is empty.
		return nil, fmt.Errorf("rediskit: scan keys: no %s to scan", what)
	}
	slices.SortFunc(nodes, func(a, b node) int { return cmp.Compare(a.addr, b.addr) })
	if what == "masters" {
		// Each master's own view: one that lost slots knows it first.
		for _, n := range nodes {
			if err := checkCoverage(ctx, n); err != nil {
				return nil, err
			}
		}
	}
	return nodes, nil
}

// clusterSlots is the number of hash slots of a Redis cluster.
const clusterSlots = 16384

// checkCoverage fails when some hash slot has no master: its keys would be
// silently missing from the walk, and an answer that looks complete but is
// not is worse than an error. It asks the master n for CLUSTER INFO.
func checkCoverage(ctx context.Context, n node) error {
	cmd := redis.NewStringCmd(ctx, "cluster", "info")
	_ = n.rdb.Process(ctx, cmd)
	info, err := cmd.Result()
	if err != nil {
		return incomplete(ctx, fmt.Errorf("rediskit: scan keys: cluster info on %s: %w", n.addr, err))
	}
	fields := make(map[string]string)
	for _, line := range strings.Split(info, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			fields[k] = v
		}
	}
	assigned, err := strconv.Atoi(fields["cluster_slots_assigned"])
	if err != nil {
		return fmt.Errorf("rediskit: scan keys: cluster info has no cluster_slots_assigned: %q", info)
	}
	if assigned < clusterSlots {
		return fmt.Errorf("rediskit: scan keys: %s sees %d of %d slots assigned to a master; keys of the others cannot be scanned: %w", n.addr, assigned, clusterSlots, ErrClusterIncomplete)
	}
	if state := fields["cluster_state"]; state != "ok" {
		return fmt.Errorf("rediskit: scan keys: %s reports cluster state %q, not ok; some slots are not served: %w", n.addr, state, ErrClusterIncomplete)
	}
	return nil
}

// ErrClusterIncomplete is returned, wrapped, by ScanKeys and IterKeys when
// they cannot see every master of a cluster (or shard of a ring): some hash
// slots are not assigned to a master or the cluster state is not ok, a
// master does not answer (refused, timed out, or refused by its open
// breaker; errors.Is also sees that cause), or the layout of the cluster
// cannot be loaded. The walk would miss keys. The end of the caller's ctx
// is not ErrClusterIncomplete but ctx's error.
var ErrClusterIncomplete = errors.New("rediskit: cluster does not serve every hash slot")

// incomplete wraps err, a failure to see one of a cluster's masters, with
// ErrClusterIncomplete too, unless the caller's ctx ended.
func incomplete(ctx context.Context, err error) error {
	if ctxErr(ctx) != nil || errors.Is(err, ErrClusterIncomplete) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrClusterIncomplete, err)
}

// isNil reports whether rdb is nil or a nil pointer in an interface, which
// would otherwise panic deep inside go-redis.
func isNil(rdb redis.UniversalClient) bool {
	if rdb == nil {
		return true
	}
	v := reflect.ValueOf(rdb)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// scan walks one node's keyspace, passing each SCAN page to page until the
// cursor returns to 0 or page returns false.
func scan(ctx context.Context, n node, pattern string, count int64, page func([]string) bool) error {
	var cursor uint64
	for {
		if err := ctx.Err(); err != nil {
			return scanError(ctx, n, pattern, err)
		}
		// Built by hand because rdb.Scan drops an empty MATCH, which would
		// turn the pattern "" into "every key" where KEYS matches only "".
		cmd := redis.NewScanCmd(ctx, n.rdb.Process, "scan", cursor, "match", pattern, "count", count)
		_ = n.rdb.Process(ctx, cmd)
		keys, next, err := cmd.Result()
		if err != nil {
			return scanError(ctx, n, pattern, err)
		}
		if !page(keys) {
			return nil
		}
		if next == 0 {
			// One more check: a cancellation that arrived during the last
			// page must not look like a complete walk to IterKeys.
			if err := ctx.Err(); err != nil {
				return scanError(ctx, n, pattern, err)
			}
			return nil
		}
		cursor = next
	}
}

func scanError(ctx context.Context, n node, pattern string, err error) error {
	if n.addr == "" {
		return fmt.Errorf("rediskit: scan keys matching %q: %w", pattern, err)
	}
	err = fmt.Errorf("rediskit: scan keys matching %q on %s: %w", pattern, n.addr, err)
	if n.multi && (!isReply(err) || classify(ctx, err) == outcomeUnavailable) {
		return incomplete(ctx, err)
	}
	return err
}
