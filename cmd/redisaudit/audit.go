package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// ttlBounds are the upper bounds of the TTL distribution's buckets; a last
// bucket holds the TTLs at or above the largest bound.
var ttlBounds = [...]time.Duration{time.Minute, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour}

// ttlLabels name the buckets for JSON and CSV (ttlHeads for the table).
var (
	ttlLabels = [len(ttlBounds) + 1]string{"lt_1m", "lt_1h", "lt_1d", "lt_7d", "lt_30d", "ge_30d"}
	ttlHeads  = [len(ttlBounds) + 1]string{"<1m", "<1h", "<1d", "<7d", "<30d", ">=30d"}
)

func ttlBucket(d time.Duration) int {
	for i, b := range ttlBounds {
		if d < b {
			return i
		}
	}
	return len(ttlBounds)
}

// groupStats are the figures of one group.
type groupStats struct {
	keys, noTTL int64
	types       map[string]int64
	ttl         [len(ttlBounds) + 1]int64
	memKeys     int64 // keys whose MEMORY USAGE was read
	memBytes    int64
	examples    []string // the smallest keys, sorted, at most cfg.examples
	seq         int64    // keys seen, vanished ones included, to pick MEMORY USAGE samples
}

// An applyRule is one -apply-ttl GROUP=DURATION with what it found.
type applyRule struct {
	group string
	ttl   time.Duration

	inGroup    int64 // keys of the group examined
	withoutTTL int64 // of those, keys without a TTL when read
	set        int64 // EXPIRE NX answered 1
	skipped    int64 // EXPIRE NX answered 0: the key gained a TTL or went away meanwhile
}

// An auditor walks the target's keyspace and tallies it by group.
type auditor struct {
	cfg   *config
	t     *target
	grp   grouper
	rules map[string]*applyRule // by group name as displayed

	lim    limiter
	budget *budget

	examined atomic.Int64 // for the progress line
	changed  atomic.Int64 // TTLs set so far, for the message of an error

	mu       sync.Mutex // guards everything below
	groups   map[string]*groupStats
	other    groupStats // keys of the groups beyond cfg.maxGroups
	vanished int64      // keys SCAN returned that were gone when examined
}

func newAuditor(cfg *config, t *target) *auditor {
	a := &auditor{
		cfg:    cfg,
		t:      t,
		grp:    grouper{sep: cfg.sep, depth: cfg.depth},
		rules:  make(map[string]*applyRule),
		lim:    limiter{rate: float64(cfg.rate)},
		budget: newBudget(cfg.maxKeys),
		groups: make(map[string]*groupStats),
	}
	for i := range cfg.apply {
		r := cfg.apply[i]
		a.rules[r.group] = &r
	}
	return a
}

// run walks every node concurrently and examines the pages on a few workers,
// so the next SCAN step overlaps the lookups of the previous page. The first
// error stops everything and is returned.
func (a *auditor) run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	workers := min(2*len(a.t.nodes), 16)
	pages := make(chan []string, workers)
	var walkers, examiners sync.WaitGroup
	for _, n := range a.t.nodes {
		walkers.Go(func() {
			if err := walkNode(ctx, n, a.cfg.pattern, a.cfg.count, &a.lim, a.budget, pages); err != nil {
				cancel(err)
			}
		})
	}
	for range workers {
		examiners.Go(func() {
			for keys := range pages {
				if ctx.Err() != nil {
					continue // drain, so no walker blocks on a full channel
				}
				if err := a.examine(ctx, keys); err != nil {
					cancel(err)
				}
			}
		})
	}
	walkers.Wait()
	close(pages)
	examiners.Wait()
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// examine reads the TTL and type of one page of keys (and the memory of the
// sampled ones) in one pipeline, sets TTLs where a rule asks, and adds the
// page to the tallies.
func (a *auditor) examine(ctx context.Context, keys []string) error {
	groups := make([]string, len(keys))
	for i, k := range keys {
		groups[i] = display(a.grp.group(k))
	}
	sampled := a.pickSamples(groups)

	pipe := a.t.rdb.Pipeline()
	pttls := make([]*redis.DurationCmd, len(keys))
	types := make([]*redis.StatusCmd, len(keys))
	mems := make([]*redis.IntCmd, len(keys))
	for i, k := range keys {
		pttls[i] = pipe.PTTL(ctx, k)
		types[i] = pipe.Type(ctx, k)
		if sampled != nil && sampled[i] {
			mems[i] = pipe.MemoryUsage(ctx, k)
		}
	}
	// Exec's error is that of the first failed command; each command is
	// checked below, where a missing key (redis.Nil) is not a failure.
	_, _ = pipe.Exec(ctx)

	type seen struct {
		ttl  time.Duration // -1: none
		typ  string
		mem  int64 // -1: not sampled
		gone bool
	}
	res := make([]seen, len(keys))
	var toExpire []int
	for i, k := range keys {
		ttl, err := pttls[i].Result()
		if err != nil {
			return a.cmdError(ctx, "PTTL", k, err)
		}
		typ, err := types[i].Result()
		if err != nil {
			return a.cmdError(ctx, "TYPE", k, err)
		}
		// go-redis keeps PTTL's -1 (no TTL) and -2 (no key) as nanoseconds.
		r := seen{ttl: ttl, typ: typ, mem: -1, gone: ttl == -2 || typ == "none"}
		if mems[i] != nil {
			m, err := mems[i].Result()
			switch {
			case errors.Is(err, redis.Nil):
				r.gone = true
			case err != nil:
				return a.cmdError(ctx, "MEMORY USAGE", k, err)
			default:
				r.mem = m
			}
		}
		res[i] = r
		if rule := a.rules[groups[i]]; rule != nil && !r.gone && r.ttl == -1 && a.cfg.yes {
			toExpire = append(toExpire, i)
		}
	}

	set := make(map[int]bool, len(toExpire))
	if len(toExpire) > 0 {
		pipe := a.t.rdb.Pipeline()
		cmds := make([]*redis.BoolCmd, len(toExpire))
		for j, i := range toExpire {
			// NX: set a TTL only where there is none, so a key that gained
			// one since PTTL read it keeps it, longer or shorter.
			cmds[j] = pipe.ExpireNX(ctx, keys[i], a.rules[groups[i]].ttl)
		}
		_, _ = pipe.Exec(ctx)
		// Every success is counted before a failure is returned, so that
		// the error can say how many TTLs were set.
		var firstErr error
		for j, i := range toExpire {
			ok, err := cmds[j].Result()
			if err != nil {
				if firstErr == nil {
					firstErr = a.cmdError(ctx, "EXPIRE NX", keys[i], err)
				}
				continue
			}
			set[i] = ok
			if ok {
				a.changed.Add(1)
			}
		}
		if firstErr != nil {
			return firstErr
		}
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	for i, k := range keys {
		r := res[i]
		if r.gone {
			a.vanished++
			continue
		}
		gs := a.statsFor(groups[i])
		gs.keys++
		if r.ttl == -1 {
			gs.noTTL++
		} else {
			gs.ttl[ttlBucket(r.ttl)]++
		}
		if gs.types == nil {
			gs.types = make(map[string]int64, 1)
		}
		gs.types[r.typ]++
		if r.mem >= 0 {
			gs.memKeys++
			gs.memBytes += r.mem
		}
		if gs != &a.other {
			a.addExample(gs, k)
		}
		if rule := a.rules[groups[i]]; rule != nil {
			rule.inGroup++
			if r.ttl == -1 {
				rule.withoutTTL++
				if ok, tried := set[i]; tried {
					if ok {
						rule.set++
					} else {
						rule.skipped++
					}
				}
			}
		}
	}
	a.examined.Add(int64(len(keys)))
	return nil
}

// statsFor returns the tally of group, or the shared one of the groups
// beyond cfg.maxGroups. a.mu is held.
func (a *auditor) statsFor(group string) *groupStats {
	if gs := a.groups[group]; gs != nil {
		return gs
	}
	if a.cfg.maxGroups > 0 && len(a.groups) >= a.cfg.maxGroups {
		return &a.other
	}
	gs := &groupStats{}
	a.groups[group] = gs
	return gs
}

// addExample keeps the cfg.examples smallest keys of a group: the same keys
// whatever order SCAN returns them in. a.mu is held.
func (a *auditor) addExample(gs *groupStats, key string) {
	n := a.cfg.examples
	if n == 0 || (len(gs.examples) == n && key >= gs.examples[n-1]) {
		return
	}
	i, found := slices.BinarySearch(gs.examples, key)
	if found {
		return // SCAN may return a key twice
	}
	if len(gs.examples) == n {
		gs.examples = gs.examples[:n-1]
	}
	gs.examples = slices.Insert(gs.examples, i, key)
}

// pickSamples decides which keys get MEMORY USAGE: the first key of each
// group and every memorySample-th after it, so that small groups get an
// estimate too. It returns nil when sampling is off.
func (a *auditor) pickSamples(groups []string) []bool {
	every := int64(a.cfg.memorySample)
	if every == 0 {
		return nil
	}
	picked := make([]bool, len(groups))
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, g := range groups {
		// The group is created here if new, and may end up without keys
		// when they all vanish; the report leaves such groups out.
		gs := a.statsFor(g)
		picked[i] = gs.seq%every == 0
		gs.seq++
	}
	return picked
}

func (a *auditor) cmdError(ctx context.Context, cmd, key string, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return fmt.Errorf("%s %s: %w", cmd, display(key), err)
}
