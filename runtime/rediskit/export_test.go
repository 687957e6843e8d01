package rediskit

import (
	"context"
	"time"
)

// SetNow replaces c's clock, which times the breaker's open period and the
// caches' in-process tier, so that tests move time instead of sleeping. Call
// it before c is used.
func SetNow(c *Client, now func() time.Time) { c.now = now }

// Classify returns the name of the outcome the breaker and the metrics see
// for a command that returned err under ctx, and whether the breaker counts
// it as a failure.
func Classify(ctx context.Context, err error) (string, bool) {
	o := classify(ctx, err)
	return o.String(), o.failure()
}

// Backoff is the wait after the n-th conflict of a Transaction.
func Backoff(o TxOptions, n int) time.Duration {
	o, err := o.withDefaults()
	if err != nil {
		panic(err)
	}
	return backoff(o, n)
}

// LocalLen returns how many keys k's in-process tier holds and how long
// its queue is.
func LocalLen[T any](k *Cache[T]) (keys, queue int) {
	if k.local == nil {
		return 0, 0
	}
	k.local.mu.Lock()
	defer k.local.mu.Unlock()
	return len(k.local.entries), len(k.local.queue) - k.local.head
}

// Healthy reports whether c's breaker lets commands through without asking
// gobreaker: closed, with no failure counted.
func Healthy(c *Client) bool { return c.breaker.healthy.Load() }

// ProcessCPU is processCPU, for the benchmarks outside the package.
var ProcessCPU = processCPU
