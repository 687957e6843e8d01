package rediskit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// A fakeClock moves only when told, so breaker and cache tests never sleep.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// newKit returns a Client with opts on a fresh miniredis, on a fake clock.
// Unless opts says otherwise, commands are sent once (NoRetries), so that
// failures reach the breaker without go-redis's retry backoff.
func newKit(t testing.TB, opts rediskit.Options) (*rediskit.Client, *miniredis.Miniredis, *fakeClock) {
	t.Helper()
	m := miniredis.RunT(t)
	opts.Addrs = []string{m.Addr()}
	if opts.MaxRetries == 0 {
		opts.NoRetries = true
	}
	c, err := rediskit.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	rediskit.SetNow(c, clock.Now)
	t.Cleanup(func() { _ = c.Close() })
	return c, m, clock
}

// A faultHook sits inside a Client's own hook and fails the commands it is
// told to fail, as a broken network or a struggling server would, without
// either.
type faultHook struct {
	mu   sync.Mutex
	err  error  // the failure; nil lets commands through
	only string // fail only the command of this name; "" fails all

	reached atomic.Int64 // commands and pipelines that got this far
}

func addFaults(c *rediskit.Client) *faultHook {
	h := &faultHook{}
	c.Redis().AddHook(h)
	return h
}

func (h *faultHook) fail(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.err = err
}

func (h *faultHook) failure(name string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.only != "" && h.only != name {
		return nil
	}
	return h.err
}

func (h *faultHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *faultHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.reached.Add(1)
		if err := h.failure(cmd.Name()); err != nil {
			cmd.SetErr(err)
			return err
		}
		return next(ctx, cmd)
	}
}

func (h *faultHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.reached.Add(1)
		if err := h.failure("pipeline"); err != nil {
			for _, cmd := range cmds {
				cmd.SetErr(err)
			}
			return err
		}
		return next(ctx, cmds)
	}
}
