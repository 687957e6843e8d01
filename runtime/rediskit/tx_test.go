package rediskit_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// incrTx adds one to key with a WATCH transaction, the read-modify-write that
// INCR would do in one command.
func incrTx(ctx context.Context, key string) func(tx *redis.Tx) error {
	return func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, key).Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, key, n+1, time.Hour)
			return nil
		})
		return err
	}
}

func TestTransactionRetriesWhenAWatchedKeyChanges(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	rdb := c.Redis()
	ctx := t.Context()
	var attempts atomic.Int32
	err := rediskit.Transaction(ctx, rdb, []string{"n"}, rediskit.TxOptions{MinBackoff: time.Microsecond}, func(tx *redis.Tx) error {
		if attempts.Add(1) <= 2 {
			// Another client writes between our read and our EXEC.
			if err := m.Set("n", "10"); err != nil {
				return err
			}
		}
		return incrTx(ctx, "n")(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if attempts.Load() != 3 {
		t.Errorf("fn ran %d times, want 3", attempts.Load())
	}
	if got, _ := m.Get("n"); got != "11" {
		t.Errorf("n = %s, want 11", got)
	}
}

func TestTransactionGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	ctx := t.Context()
	var attempts int
	err := rediskit.Transaction(ctx, c.Redis(), []string{"n"}, rediskit.TxOptions{MaxAttempts: 3, MinBackoff: time.Microsecond}, func(tx *redis.Tx) error {
		attempts++
		_ = m.Set("n", strconv.Itoa(attempts)) // always a conflict
		return incrTx(ctx, "n")(tx)
	})
	if !errors.Is(err, redis.TxFailedErr) {
		t.Fatalf("got %v, want an error wrapping redis.TxFailedErr", err)
	}
	if attempts != 3 || !strings.Contains(err.Error(), "3 attempts") {
		t.Errorf("%d attempts, error %q; want 3", attempts, err)
	}
}

func TestTransactionReturnsFnsError(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	errBalance := errors.New("balance too low")
	attempts := 0
	err := rediskit.Transaction(t.Context(), c.Redis(), []string{"balance"}, rediskit.TxOptions{}, func(*redis.Tx) error {
		attempts++
		return errBalance
	})
	if !errors.Is(err, errBalance) || attempts != 1 {
		t.Errorf("got %v after %d attempts, want errBalance after 1", err, attempts)
	}
}

func TestTransactionStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	err := rediskit.Transaction(ctx, c.Redis(), []string{"n"}, rediskit.TxOptions{MinBackoff: time.Hour}, func(tx *redis.Tx) error {
		_ = m.Set("n", "1")
		cancel() // during the hour-long backoff that follows
		return incrTx(t.Context(), "n")(tx)
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestTransactionArguments(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	noop := func(*redis.Tx) error { return nil }
	if err := rediskit.Transaction(t.Context(), c.Redis(), nil, rediskit.TxOptions{}, noop); err == nil {
		t.Error("no keys: no error")
	}
	if err := rediskit.Transaction(t.Context(), c.Redis(), []string{"k"}, rediskit.TxOptions{MaxAttempts: -1}, noop); err == nil {
		t.Error("negative MaxAttempts: no error")
	}
}

func TestBackoffGrowsWithJitterUpToTheCap(t *testing.T) {
	t.Parallel()
	o := rediskit.TxOptions{MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
	for _, tc := range []struct {
		n        int
		min, max time.Duration
	}{
		{1, 5 * time.Millisecond, 10 * time.Millisecond},
		{2, 10 * time.Millisecond, 20 * time.Millisecond},
		{4, 40 * time.Millisecond, 80 * time.Millisecond},
		{5, 50 * time.Millisecond, 100 * time.Millisecond},
		{100, 50 * time.Millisecond, 100 * time.Millisecond},
	} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := rediskit.Backoff(o, tc.n)
			if d < tc.min || d > tc.max {
				t.Fatalf("backoff after conflict %d: %v, want within [%v, %v]", tc.n, d, tc.min, tc.max)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("backoff after conflict %d: %d distinct waits in 200; no jitter", tc.n, len(seen))
		}
	}
}
