package rediskit

import (
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"
)

// ErrCircuitOpen is the error of every command the circuit breaker refuses
// while it is open: the command was not sent. Reads may fall back (see
// GetOr); a write that gets it was not done.
var ErrCircuitOpen = errors.New("rediskit: circuit open")

// A BreakerState is the state of a Client's circuit breaker.
type BreakerState string

const (
	// BreakerClosed lets every command through.
	BreakerClosed BreakerState = "closed"
	// BreakerOpen fails every command with ErrCircuitOpen until
	// Options.OpenFor has passed since it opened.
	BreakerOpen BreakerState = "open"
	// BreakerHalfOpen lets Options.Probes commands through: when they all
	// succeed the breaker closes, when one fails it opens again.
	BreakerHalfOpen BreakerState = "half-open"
	// BreakerOff is the state of a Client made with Options.NoBreaker.
	BreakerOff BreakerState = "off"
	// BreakerDegraded is the state of a cluster Client whose nodes' breakers
	// are not all in one state: some closed, others open or half-open.
	// Commands for the nodes whose breaker is closed go through.
	BreakerDegraded BreakerState = "degraded"
)

// Verdicts handed to gobreaker's done function.
var (
	errFailed   = errors.New("failed")
	errExcluded = errors.New("excluded")
)

// A breaker is a circuit breaker for one Client.
//
// gobreaker counts the outcomes and runs the closed, open and half-open
// states, but it reads time.Now itself. So gobreaker's own open period is a
// nanosecond, and the breaker holds the real one, measured by its now
// function, which tests replace: while openUntil lies ahead, commands are
// refused before gobreaker is asked; after that, gobreaker finds its open
// period long over and goes half-open.
//
// Asking gobreaker costs a lock and two readings of the clock per command,
// a good part of what the hook costs. While it is closed and has counted no
// failure (healthy), a success would teach it nothing, so commands go
// without asking; a failure is reported as it happens, and until a success
// has brought gobreaker back to no failures, every command asks.
type breaker struct {
	cb       *gobreaker.TwoStepCircuitBreaker[struct{}]
	openFor  time.Duration
	probeFor time.Duration // the longest a half-open probe holds its place
	probes   int
	now      func() time.Time
	log      *slog.Logger

	openUntil   atomic.Int64  // by now, in Unix nanoseconds; 0 when the breaker has not opened since it last closed
	lastFailure atomic.Uint32 // the outcome of the latest failure, for the log

	// healthy implies that gobreaker is closed and counts no failure. mu
	// orders the reports that change that, so that a success cannot mark
	// the breaker healthy past a failure reported at the same time.
	healthy atomic.Bool
	mu      sync.Mutex
}

// newBreaker returns a breaker configured by o that logs to log.
func newBreaker(o Options, now func() time.Time, log *slog.Logger) *breaker {
	b := &breaker{openFor: o.OpenFor, probeFor: o.ProbeTimeout, probes: o.Probes, now: now, log: log}
	b.healthy.Store(true)
	tripAfter := uint32(o.TripAfter)
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        "redis",
		MaxRequests: uint32(o.Probes),
		Timeout:     time.Nanosecond, // the open period is b's; see breaker
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= tripAfter
		},
		IsSuccessful:  func(err error) bool { return err == nil },
		IsExcluded:    func(err error) bool { return err == errExcluded },
		OnStateChange: b.changed,
	})
	return b
}

// allow asks to send one command. It returns what report needs (nil when
// the breaker is healthy and gobreaker was not asked), or ErrCircuitOpen.
func (b *breaker) allow() (done func(error), err error) {
	if b.healthy.Load() {
		return nil, nil
	}
	if b.isOpen() {
		return nil, ErrCircuitOpen
	}
	done, err = b.cb.Allow()
	if err != nil {
		return nil, ErrCircuitOpen // half-open, and its probes are out
	}
	// The breaker may have opened between isOpen and Allow; gobreaker would
	// then already count this command as a half-open probe.
	if b.isOpen() {
		done(errExcluded)
		return nil, ErrCircuitOpen
	}
	if b.cb.State() == gobreaker.StateHalfOpen {
		return b.bound(done), nil
	}
	return done, nil
}

// bound returns done for a half-open probe, made to count the probe as a
// failure once it has held its place for probeFor: a probe that hangs on a
// stalled server, or retries for long, must not keep every other command
// refused. Whichever comes first, the timer or the outcome, is reported.
func (b *breaker) bound(done func(error)) func(error) {
	var reported atomic.Bool // no lock: report calls the returned func under b.mu
	t := time.AfterFunc(b.probeFor, func() {
		if !reported.CompareAndSwap(false, true) {
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		b.lastFailure.Store(uint32(outcomeTimeout))
		done(errFailed)
	})
	return func(err error) {
		t.Stop()
		if reported.CompareAndSwap(false, true) {
			done(err)
		}
	}
}

// halfOpen reports whether the breaker lets only probes through.
func (b *breaker) halfOpen() bool {
	return !b.healthy.Load() && !b.isOpen() && b.cb.State() == gobreaker.StateHalfOpen
}

// report tells the breaker the outcome of a command that allow let through
// with done.
func (b *breaker) report(done func(error), o outcome) {
	if o.excluded() {
		if done != nil {
			done(errExcluded)
		}
		return
	}
	if done == nil && !o.failure() && b.healthy.Load() {
		return // the common case: nothing for gobreaker to learn
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if done == nil {
		// Sent while healthy, unseen by gobreaker. If the breaker opened
		// since, gobreaker would drop the outcome as one of an older
		// generation; so does the breaker.
		if b.cb.State() != gobreaker.StateClosed {
			return
		}
		var err error
		if done, err = b.cb.Allow(); err != nil {
			return
		}
	}
	if o.failure() {
		b.lastFailure.Store(uint32(o))
		b.healthy.Store(false)
		done(errFailed)
		return
	}
	done(nil)
	if !b.healthy.Load() && b.cb.State() == gobreaker.StateClosed && b.cb.Counts().ConsecutiveFailures == 0 {
		b.healthy.Store(true)
	}
}

// isOpen reports whether the open period is running.
func (b *breaker) isOpen() bool {
	until := b.openUntil.Load()
	return until != 0 && b.now().UnixNano() < until
}

func (b *breaker) state() BreakerState {
	if b.isOpen() {
		return BreakerOpen
	}
	switch b.cb.State() {
	case gobreaker.StateHalfOpen:
		return BreakerHalfOpen
	case gobreaker.StateOpen: // for gobreaker's nanosecond
		return BreakerOpen
	}
	return BreakerClosed
}

// consecutiveFailures is how many failures in a row the closed breaker has
// counted.
func (b *breaker) consecutiveFailures() uint32 {
	return b.cb.Counts().ConsecutiveFailures
}

// changed runs inside gobreaker, under its lock, on every state change.
func (b *breaker) changed(_ string, from, to gobreaker.State) {
	switch to {
	case gobreaker.StateOpen:
		b.openUntil.Store(b.now().Add(b.openFor).UnixNano())
		b.log.Warn("rediskit: circuit breaker open: Redis commands fail fast",
			"from", from.String(), "open_for", b.openFor,
			"last_failure", outcome(b.lastFailure.Load()).String())
	case gobreaker.StateHalfOpen:
		b.log.Info("rediskit: circuit breaker half-open: probing Redis")
	case gobreaker.StateClosed:
		b.openUntil.Store(0)
		b.log.Info("rediskit: circuit breaker closed: Redis answers again")
	}
}
