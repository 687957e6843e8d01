package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// A limiter paces the walk to about rate keys per second over all nodes
// together. It counts the keys SCAN walks, not the keys it returns: a step
// with COUNT n makes the server visit about n entries even when MATCH
// filters most of them out, and that work is what the limit protects.
type limiter struct {
	rate float64 // keys per second; 0 means no limit

	mu   sync.Mutex
	next time.Time // when the walk may next take a step
}

// reserve books n keys of walking and returns how long to wait before
// taking the step.
func (l *limiter) reserve(now time.Time, n int) time.Duration {
	if l.rate <= 0 || n <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	start := l.next
	if start.Before(now) {
		start = now
	}
	l.next = start.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	return start.Sub(now)
}

// wait reserves n keys and sleeps until their turn, or until ctx ends.
func (l *limiter) wait(ctx context.Context, n int) error {
	d := l.reserve(time.Now(), n)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-timer.C:
		return nil
	}
}

// A budget counts down -max-keys over all nodes together.
type budget struct {
	limited bool
	left    atomic.Int64
	spent   atomic.Bool // a page was cut short or refused
}

func newBudget(max int64) *budget {
	b := &budget{limited: max > 0}
	b.left.Store(max)
	return b
}

// take returns how many of n keys may still be examined.
func (b *budget) take(n int) int {
	if !b.limited {
		return n
	}
	for {
		left := b.left.Load()
		got := min(int64(n), max(left, 0))
		if b.left.CompareAndSwap(left, left-got) {
			if got < int64(n) {
				b.spent.Store(true)
			}
			return int(got)
		}
	}
}

// exhausted reports whether no key may be examined any more.
func (b *budget) exhausted() bool { return b.limited && b.left.Load() <= 0 }

// walkNode SCANs one node's keyspace and sends each page of keys to pages
// until the cursor comes back to 0, the budget is spent, or ctx ends.
//
// It is rediskit's per-node walk with two additions the audit needs: the
// rate limit between steps and the key budget.
func walkNode(ctx context.Context, n node, pattern string, count int64, lim *limiter, b *budget, pages chan<- []string) error {
	var cursor uint64
	for {
		if b.exhausted() {
			b.spent.Store(true)
			return nil
		}
		if err := lim.wait(ctx, int(count)); err != nil {
			return err
		}
		// Built by hand, as rediskit does, because rdb.Scan drops an empty
		// MATCH, which would turn the pattern "" into "every key".
		cmd := redis.NewScanCmd(ctx, n.rdb.Process, "scan", cursor, "match", pattern, "count", count)
		_ = n.rdb.Process(ctx, cmd)
		keys, next, err := cmd.Result()
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return fmt.Errorf("%s: SCAN: %w", n.addr, err)
		}
		// A step may return more keys than COUNT (a bucket's whole chain);
		// book the surplus so the limit holds.
		if extra := len(keys) - int(count); extra > 0 {
			lim.reserve(time.Now(), extra)
		}
		if got := b.take(len(keys)); got > 0 {
			select {
			case pages <- keys[:got]:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		if next == 0 {
			return nil
		}
		cursor = next
	}
}
