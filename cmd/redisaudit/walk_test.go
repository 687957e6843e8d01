package main

import (
	"sync"
	"testing"
	"time"
)

func TestLimiterPacesSteps(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_000_000, 0)
	l := &limiter{rate: 10_000} // keys per second
	// Ten steps of 1000 keys at 10,000 keys/s: the first goes at once, each
	// following one 100 ms after the one before.
	for i := range 10 {
		want := time.Duration(i) * 100 * time.Millisecond
		if got := l.reserve(now, 1000); got != want {
			t.Fatalf("step %d waits %v, want %v", i, got, want)
		}
	}
	// Idle time is not saved up: after a pause the next step goes at
	// once, and the one after is paced again.
	later := now.Add(10 * time.Second)
	if got := l.reserve(later, 1000); got != 0 {
		t.Errorf("after a pause, wait %v, want 0", got)
	}
	if got := l.reserve(later, 500); got != 100*time.Millisecond {
		t.Errorf("next step waits %v, want 100ms", got)
	}
}

func TestLimiterOffNeverWaits(t *testing.T) {
	t.Parallel()
	l := &limiter{}
	for range 100 {
		if got := l.reserve(time.Now(), 1_000_000); got != 0 {
			t.Fatalf("no rate: wait %v, want 0", got)
		}
	}
}

func TestBudgetSharesMaxKeys(t *testing.T) {
	t.Parallel()
	b := newBudget(2500)
	var (
		mu    sync.Mutex
		taken int
		wg    sync.WaitGroup
	)
	for range 8 {
		wg.Go(func() {
			for range 10 {
				n := b.take(100)
				mu.Lock()
				taken += n
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if taken != 2500 || !b.exhausted() || !b.spent.Load() {
		t.Errorf("taken %d, exhausted %v, spent %v; want 2500, true, true", taken, b.exhausted(), b.spent.Load())
	}

	unlimited := newBudget(0)
	if got := unlimited.take(1 << 20); got != 1<<20 || unlimited.exhausted() {
		t.Errorf("no budget: take = %d, exhausted = %v", got, unlimited.exhausted())
	}

	exact := newBudget(100)
	if got := exact.take(100); got != 100 || exact.spent.Load() {
		t.Errorf("a page that fits the budget exactly: take = %d, spent = %v; want 100, false", got, exact.spent.Load())
	}
}
