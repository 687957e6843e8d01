package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

// errRefused is what a dial to a stopped server returns.
var errRefused = &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}

// timeoutErr is a socket read that hit its deadline.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancelExpired()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		err     error
		want    string
		failure bool
	}{
		{"a reply", t.Context(), nil, "ok", false},
		{"a missing key", t.Context(), redis.Nil, "ok", false},
		{"a missing key, wrapped", t.Context(), fmt.Errorf("get: %w", redis.Nil), "ok", false},
		{"a watched key changed", t.Context(), redis.TxFailedErr, "tx_failed", false},
		{"a wrong type", t.Context(), redisError("WRONGTYPE Operation against a key holding the wrong kind of value"), "error_reply", false},
		{"a script error", t.Context(), redisError("ERR Error running script"), "error_reply", false},
		{"a MOVED that ran out of redirects", t.Context(), redisError("MOVED 3999 127.0.0.1:6381"), "error_reply", false},
		{"the caller canceled", t.Context(), context.Canceled, "canceled", false},
		{"the caller canceled, and the read failed", canceled, io.ErrUnexpectedEOF, "canceled", false},
		{"the client was closed", t.Context(), redis.ErrClosed, "client_closed", false},
		{"the breaker refused", t.Context(), rediskit.ErrCircuitOpen, "circuit_open", false},
		{"a deadline passed, not the caller's", t.Context(), context.DeadlineExceeded, "timeout", true},
		{"the caller's deadline passed", expired, context.DeadlineExceeded, "deadline", false},
		{"the caller's deadline ended a read", expired, &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, "deadline", false},
		{"the caller's deadline passed, and the key is missing", expired, redis.Nil, "ok", false},
		{"the caller's deadline passed, and a wrong type", expired, redisError("WRONGTYPE Operation against a key holding the wrong kind of value"), "error_reply", false},
		{"a read timed out", t.Context(), &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, "timeout", true},
		{"no free connection", t.Context(), redis.ErrPoolTimeout, "pool_timeout", true},
		{"too many connections", t.Context(), redis.ErrPoolExhausted, "pool_timeout", true},
		{"a dial refused", t.Context(), errRefused, "network", true},
		{"a connection reset", t.Context(), &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "network", true},
		{"the server hung up", t.Context(), io.EOF, "network", true},
		{"LOADING", t.Context(), redisError("LOADING Redis is loading the dataset in memory"), "unavailable", true},
		{"CLUSTERDOWN", t.Context(), redisError("CLUSTERDOWN The cluster is down"), "unavailable", true},
		{"TRYAGAIN", t.Context(), redisError("TRYAGAIN Multiple keys request during rehashing of slot"), "unavailable", true},
		{"MASTERDOWN", t.Context(), redisError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), "unavailable", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, failure := rediskit.Classify(tc.ctx, tc.err)
			if got != tc.want || failure != tc.failure {
				t.Errorf("Classify(%v) = %s, failure %t; want %s, failure %t", tc.err, got, failure, tc.want, tc.failure)
			}
		})
	}
}

// redisError is an error reply as go-redis returns it.
type redisError string

func (e redisError) Error() string { return string(e) }
func (redisError) RedisError()     {}

func TestBreakerOpensAfterTripAfterConsecutiveFailures(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{TripAfter: 3})
	faults := addFaults(c)
	rdb := c.Redis()
	ctx := t.Context()

	faults.fail(errRefused)
	for i := range 2 {
		if err := rdb.Get(ctx, "k").Err(); !errors.Is(err, errRefused) {
			t.Fatalf("failure %d: got %v, want the network error", i+1, err)
		}
	}
	if rediskit.Healthy(c) {
		t.Fatal("after two failures the breaker still skips gobreaker")
	}
	faults.fail(nil)
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		t.Fatal(err) // a success: the count starts again
	}
	if !rediskit.Healthy(c) {
		t.Fatal("a success after the failures did not bring back the fast path")
	}
	faults.fail(errRefused)
	for i := range 2 {
		_ = rdb.Get(ctx, "k").Err()
		if s := c.BreakerState(); s != rediskit.BreakerClosed {
			t.Fatalf("after %d consecutive failures: state %s, want closed", i+1, s)
		}
	}
	_ = rdb.Get(ctx, "k").Err()
	if s := c.BreakerState(); s != rediskit.BreakerOpen {
		t.Fatalf("after 3 consecutive failures: state %s, want open", s)
	}

	reached := faults.reached.Load()
	if err := rdb.Get(ctx, "k").Err(); !errors.Is(err, rediskit.ErrCircuitOpen) {
		t.Fatalf("open breaker: got %v, want ErrCircuitOpen", err)
	}
	if faults.reached.Load() != reached {
		t.Error("the open breaker sent the command on")
	}
}

func TestOpenBreakerFailsEveryQueuedCommandOfAPipeline(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{TripAfter: 1})
	faults := addFaults(c)
	ctx := t.Context()
	faults.fail(errRefused)
	_ = c.Redis().Ping(ctx)
	faults.fail(nil)

	for _, tx := range []bool{false, true} {
		t.Run(fmt.Sprintf("transaction %t", tx), func(t *testing.T) {
			pipe := c.Redis().Pipeline()
			if tx {
				pipe = c.Redis().TxPipeline()
			}
			set := pipe.Set(ctx, "a", "1", time.Minute)
			incr := pipe.Incr(ctx, "b")
			pipe.Expire(ctx, "b", time.Minute)
			cmds, err := pipe.Exec(ctx)
			if !errors.Is(err, rediskit.ErrCircuitOpen) {
				t.Fatalf("Exec: got %v, want ErrCircuitOpen", err)
			}
			for _, cmd := range []redis.Cmder{set, incr} {
				if !errors.Is(cmd.Err(), rediskit.ErrCircuitOpen) {
					t.Errorf("%v: Err() = %v; a caller checking only its command would take the write as done", cmd.Args(), cmd.Err())
				}
			}
			for _, cmd := range cmds {
				if cmd.Err() == nil {
					t.Errorf("%v in the returned commands has no error", cmd.Args())
				}
			}
		})
	}
	if m.Exists("a") || m.Exists("b") {
		t.Error("a refused pipeline wrote keys")
	}
}

func TestBreakerRecoversThroughHalfOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		probeFail bool
		want      rediskit.BreakerState
	}{
		{"a successful probe closes it", false, rediskit.BreakerClosed},
		{"a failed probe opens it again", true, rediskit.BreakerOpen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _, clock := newKit(t, rediskit.Options{TripAfter: 2, OpenFor: 30 * time.Second})
			faults := addFaults(c)
			rdb := c.Redis()
			ctx := t.Context()
			faults.fail(errRefused)
			for range 2 {
				_ = rdb.Get(ctx, "k").Err()
			}
			clock.Advance(29 * time.Second)
			if s := c.BreakerState(); s != rediskit.BreakerOpen {
				t.Fatalf("before OpenFor: state %s, want open", s)
			}
			clock.Advance(time.Second)
			if s := c.BreakerState(); s != rediskit.BreakerHalfOpen {
				t.Fatalf("after OpenFor: state %s, want half-open", s)
			}
			if !tc.probeFail {
				faults.fail(nil)
			}
			_ = rdb.Get(ctx, "k").Err() // the probe
			if s := c.BreakerState(); s != tc.want {
				t.Fatalf("after the probe: state %s, want %s", s, tc.want)
			}
			if healthy := rediskit.Healthy(c); healthy != (tc.want == rediskit.BreakerClosed) {
				t.Errorf("after the probe: fast path %t, want it only when closed", healthy)
			}
			if tc.probeFail {
				clock.Advance(29 * time.Second)
				if err := rdb.Get(ctx, "k").Err(); !errors.Is(err, rediskit.ErrCircuitOpen) {
					t.Fatalf("reopened breaker: got %v, want ErrCircuitOpen for another OpenFor", err)
				}
			}
		})
	}
}

func TestHalfOpenBreakerLetsProbesThroughAndNoMore(t *testing.T) {
	t.Parallel()
	c, _, clock := newKit(t, rediskit.Options{TripAfter: 1, Probes: 2})
	faults := addFaults(c)
	rdb := c.Redis()
	ctx := t.Context()
	faults.fail(errRefused)
	_ = rdb.Get(ctx, "k").Err()
	clock.Advance(time.Minute)
	faults.fail(nil)

	// Two probes in flight at once: hold them inside the hook.
	release := make(chan struct{})
	entered := make(chan struct{}, 2)
	c.Redis().AddHook(holdHook{entered: entered, release: release})
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- rdb.Get(ctx, "k").Err() }()
	}
	<-entered
	<-entered
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); !errors.Is(err, rediskit.ErrCircuitOpen) {
		t.Errorf("third command while two probes run: got %v, want ErrCircuitOpen", err)
	}
	close(release)
	for range 2 {
		if err := <-errs; err != nil && !errors.Is(err, redis.Nil) {
			t.Errorf("probe: %v", err)
		}
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("after two good probes: state %s, want closed", s)
	}
}

// holdHook holds every GET until release is closed.
type holdHook struct {
	entered chan<- struct{}
	release <-chan struct{}
}

func (h holdHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h holdHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h holdHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() == "get" {
			h.entered <- struct{}{}
			<-h.release
		}
		return next(ctx, cmd)
	}
}

func TestACanceledProbeFreesItsPlace(t *testing.T) {
	t.Parallel()
	c, _, clock := newKit(t, rediskit.Options{TripAfter: 1})
	faults := addFaults(c)
	rdb := c.Redis()
	faults.fail(errRefused)
	_ = rdb.Get(t.Context(), "k").Err()
	clock.Advance(time.Minute)

	// The probe's caller gives up: says nothing about Redis.
	ctx, cancel := context.WithCancel(t.Context())
	faults.fail(context.Canceled)
	cancel()
	_ = rdb.Get(ctx, "k").Err()
	if s := c.BreakerState(); s != rediskit.BreakerHalfOpen {
		t.Fatalf("after a canceled probe: state %s, want half-open", s)
	}
	faults.fail(nil)
	if err := rdb.Set(t.Context(), "k", "v", time.Minute).Err(); err != nil {
		t.Fatalf("next probe: %v", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("after a good probe: state %s, want closed", s)
	}
}

func TestWhatIsNotAFailureNeverOpensTheBreaker(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{TripAfter: 2})
	rdb := c.Redis()
	ctx := t.Context()
	if err := m.Set("str", "v"); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if err := rdb.Get(ctx, "missing").Err(); !errors.Is(err, redis.Nil) {
			t.Fatalf("GET missing: %v", err)
		}
		if err := rdb.LPush(ctx, "str", "x").Err(); err == nil {
			t.Fatal("LPUSH on a string: no WRONGTYPE")
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		_ = rdb.Get(canceled, "str").Err()
	}
	// A transaction whose watched key changed.
	err := rdb.Watch(ctx, func(tx *redis.Tx) error {
		if err := rdb.Set(ctx, "str", "changed", time.Minute).Err(); err != nil {
			return err
		}
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "str", "mine", time.Minute)
			return nil
		})
		return err
	}, "str")
	if !errors.Is(err, redis.TxFailedErr) {
		t.Fatalf("conflicting transaction: got %v, want TxFailedErr", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Errorf("state %s, want closed", s)
	}
}

func TestEveryKindOfFailureCounts(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		errRefused,
		&net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}},
		context.DeadlineExceeded,
		redis.ErrPoolTimeout,
		redisError("LOADING Redis is loading the dataset in memory"),
		redisError("CLUSTERDOWN The cluster is down"),
		redisError("TRYAGAIN Multiple keys request during rehashing of slot"),
		redisError("MASTERDOWN Link with MASTER is down"),
	} {
		t.Run(err.Error(), func(t *testing.T) {
			t.Parallel()
			c, _, _ := newKit(t, rediskit.Options{TripAfter: 2})
			faults := addFaults(c)
			faults.fail(err)
			for range 2 {
				_ = c.Redis().Get(t.Context(), "k").Err()
			}
			if s := c.BreakerState(); s != rediskit.BreakerOpen {
				t.Errorf("state %s, want open", s)
			}
		})
	}
}

func TestAFailureLaterInAPipelineCounts(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{TripAfter: 1})
	c.Redis().AddHook(laterLoadingHook{})
	_, _ = c.Redis().Pipelined(t.Context(), func(p redis.Pipeliner) error {
		p.Get(t.Context(), "missing") // redis.Nil: the pipeline's first error
		p.Get(t.Context(), "also-missing")
		return nil
	})
	if s := c.BreakerState(); s != rediskit.BreakerOpen {
		t.Errorf("state %s, want open: the second command's LOADING is a failure", s)
	}
}

// laterLoadingHook turns the last command of each pipeline into LOADING.
type laterLoadingHook struct{}

func (laterLoadingHook) DialHook(next redis.DialHook) redis.DialHook          { return next }
func (laterLoadingHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }
func (laterLoadingHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		if len(cmds) > 1 && cmds[0].Name() == "get" {
			cmds[len(cmds)-1].SetErr(redisError("LOADING Redis is loading the dataset in memory"))
		}
		return err
	}
}

func TestNoBreaker(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{NoBreaker: true, TripAfter: 1})
	faults := addFaults(c)
	faults.fail(errRefused)
	for range 3 {
		if err := c.Redis().Get(t.Context(), "k").Err(); !errors.Is(err, errRefused) {
			t.Fatalf("got %v, want the network error every time", err)
		}
	}
	if s := c.BreakerState(); s != rediskit.BreakerOff {
		t.Errorf("state %s, want off", s)
	}
}

// TestHalfOpenProbeOnANewConnectionCloses is the trap of breakers as hooks:
// the probe needs a new connection, go-redis sends HELLO and CLIENT SETINFO
// on it through the same hooks, and a breaker that judged them would refuse
// them and never close.
func TestHalfOpenProbeOnANewConnectionCloses(t *testing.T) {
	t.Parallel()
	c, m, clock := newKit(t, rediskit.Options{TripAfter: 2})
	rdb := c.Redis()
	ctx := t.Context()
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	m.Close() // the pooled connection breaks; new ones are refused
	for range 2 {
		if err := rdb.Get(ctx, "k").Err(); err == nil {
			t.Fatal("GET on a stopped server succeeded")
		}
	}
	if s := c.BreakerState(); s != rediskit.BreakerOpen {
		t.Fatalf("state %s, want open", s)
	}
	if err := m.Restart(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if err := rdb.Set(ctx, "k", "v", time.Minute).Err(); err != nil {
		t.Fatalf("probe on a restarted server: %v", err)
	}
	if s := c.BreakerState(); s != rediskit.BreakerClosed {
		t.Fatalf("after the probe: state %s, want closed", s)
	}
	if got := c.Stats().TotalConns; got == 0 {
		t.Error("no connection in the pool: the probe did not reconnect")
	}
}
