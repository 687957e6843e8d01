package rediskit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// hook is the go-redis hook through which a Client's breakers and metrics
// see every command and pipeline.
//
// On a single server (or a Sentinel master) one hook sits on the client: it
// asks the Client's breaker, records the metrics and runs the retries. On a
// cluster, the hook on the ClusterClient records the metrics of what the
// caller sent, and each node client has a hook of its own with the node's
// own breaker, so that a node that fails opens only its breaker; the
// ClusterClient's redirect loop runs the retries there.
//
// The handshake of a new connection must go straight through: when a
// command needs a new connection, go-redis sends HELLO, CLIENT SETINFO and
// the like on it, through the same hooks and with the command's context.
// Were the breaker to judge them, the one probe a half-open breaker lets
// through would have its own handshake refused, fail, and open the breaker
// again. A single server's hook knows them by name (handshake), which costs
// nothing per command. On a cluster a command meets several hooks, which
// must tell the commands of the ClusterClient from those sent to a node
// directly, so each hook there marks the context it passes on: a node hook
// with itself, which also covers the handshake and the CLUSTER MYID of the
// node's connections, the ClusterClient's with a *call shared by the
// attempts the redirect loop makes.
type hook struct {
	c *Client

	breaker *breaker     // nil: this hook judges nothing (the ClusterClient's, or Options.NoBreaker)
	node    *clusterNode // the cluster node this hook sits on; nil on the ClusterClient and a single server
	top     bool         // the ClusterClient's hook
	marks   bool         // on a cluster: marks contexts rather than knowing handshakes by name
	retries int          // the attempts after the first that this hook runs (a single server's)
}

// nestedKey marks a context that already went through a hook; its value is
// the *hook or the *call, so that two Clients never mistake each other's
// marks.
type nestedKey struct{}

// A call is one command or pipeline sent through a ClusterClient, across
// the attempts of its redirect loop.
type call struct {
	top *hook
	// poolTimedOut is set when an attempt found a node's pool exhausted for
	// PoolTimeout. go-redis retries that; the node hook then fails the
	// retries at once, so that the caller waits PoolTimeout, not once per
	// attempt.
	poolTimedOut atomic.Bool
}

func (h *hook) DialHook(next redis.DialHook) redis.DialHook { return next }

// enter reports whether ctx has been through h already (a nested pass), and
// the cluster call it belongs to, if any.
func (h *hook) enter(ctx context.Context) (nested bool, cl *call) {
	if !h.marks {
		return false, nil
	}
	return h.entered(ctx)
}

// entered is enter for a hook that marks contexts.
func (h *hook) entered(ctx context.Context) (nested bool, cl *call) {
	switch v := ctx.Value(nestedKey{}).(type) {
	case *hook:
		return v == h, nil
	case *call:
		if v.top.c == h.c {
			return h.top, v
		}
	}
	return false, nil
}

// outer reports whether h is the first of the Client's hooks that a command
// under call cl meets, which records its metrics and fixes its error for the
// caller: the ClusterClient's hook, a single server's, and a node's for a
// command sent to the node directly (ScanKeys's SCANs).
func (h *hook) outer(cl *call) bool { return h.node == nil || cl == nil }

// mark returns ctx marked as having been through h, and the call to mark
// a ClusterClient's command with.
func (h *hook) mark(ctx context.Context) (context.Context, *call) {
	if !h.marks {
		return ctx, nil
	}
	return h.marked(ctx)
}

// marked is mark for a hook that marks contexts.
func (h *hook) marked(ctx context.Context) (context.Context, *call) {
	if h.top {
		cc := &callCtx{Context: ctx, call: call{top: h}}
		return cc, &cc.call
	}
	return context.WithValue(ctx, nestedKey{}, h), nil
}

// A callCtx is context.WithValue(ctx, nestedKey{}, &call), and the call, in
// one allocation: a ClusterClient's hook makes one for every command.
type callCtx struct {
	context.Context
	call call
}

func (c *callCtx) Value(key any) any {
	if _, ok := key.(nestedKey); ok {
		return &c.call
	}
	return c.Context.Value(key)
}

func (h *hook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		name := cmd.Name()
		nested, cl := h.enter(ctx)
		if nested || (!h.marks && handshake(name, cmd)) {
			return next(ctx, cmd)
		}
		if cl != nil && cl.poolTimedOut.Load() {
			// A retry of a command that already waited PoolTimeout.
			cmd.SetErr(redis.ErrPoolTimeout)
			return redis.ErrPoolTimeout
		}
		var done func(error)
		// A healthy breaker lets every command through unasked (see breaker).
		if b := h.breaker; b != nil && !b.healthy.Load() {
			var err error
			if done, err = h.admit(ctx, next, func() bool { return blocking(cmd) }); err != nil {
				h.c.metrics.reject()
				cmd.SetErr(err)
				return err
			}
		}
		outer := h.outer(cl)
		var start time.Duration
		if outer {
			start = h.c.metrics.start()
		}
		mctx, _ := h.mark(ctx)
		err := next(mctx, cmd)
		for attempt := 1; err != nil && attempt <= h.retries && h.retry(ctx, attempt, err, blocking(cmd)); attempt++ {
			err = next(mctx, cmd)
		}
		o := outcomeOK
		if err != nil {
			o = classify(ctx, err)
		}
		if o == outcomePoolTimeout && cl != nil {
			cl.poolTimedOut.Store(true)
		}
		if outer {
			h.c.metrics.observe(name, start, o)
		}
		// A healthy breaker learns nothing from a success.
		if b := h.breaker; b != nil && (done != nil || o != outcomeOK || !b.healthy.Load()) {
			b.report(done, o)
		}
		if err != nil && outer {
			if e := callerErr(ctx, err); e != err {
				err = e
				cmd.SetErr(err)
			}
		}
		return err
	}
}

func (h *hook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		nested, cl := h.enter(ctx)
		if nested || (!h.marks && handshakes(cmds)) {
			return next(ctx, cmds)
		}
		if cl != nil && cl.poolTimedOut.Load() {
			// Returned without calling next: go-redis's cluster pipeline then
			// does not queue the commands for another attempt.
			for _, cmd := range cmds {
				cmd.SetErr(redis.ErrPoolTimeout)
			}
			return redis.ErrPoolTimeout
		}
		var done func(error)
		if b := h.breaker; b != nil && !b.healthy.Load() {
			var err error
			if done, err = h.admit(ctx, pipelineNext(next), func() bool { return anyBlocking(cmds) }); err != nil {
				h.c.metrics.reject()
				// Nothing was sent: every queued command must say so, or a
				// caller reading only its own command's Err would take a
				// write as done.
				for _, cmd := range cmds {
					cmd.SetErr(err)
				}
				return err
			}
		}
		outer := h.outer(cl)
		var start time.Duration
		if outer {
			start = h.c.metrics.start()
		}
		mctx, _ := h.mark(ctx)
		err := next(mctx, cmds)
		// A pipeline is sent again only when none of it reached the server:
		// a retry after some commands ran would run them twice.
		for attempt := 1; err != nil && attempt <= h.retries && unsent(cmds) && h.retry(ctx, attempt, err, anyBlocking(cmds)); attempt++ {
			err = next(mctx, cmds)
		}
		o := classify(ctx, err)
		if err != nil && !o.failure() {
			// The pipeline reports its first command's error; a later one
			// may be the failure, such as LOADING.
			for _, cmd := range cmds {
				if co := classify(ctx, cmd.Err()); co.failure() {
					o = co
					break
				}
			}
		}
		if o == outcomePoolTimeout && cl != nil {
			cl.poolTimedOut.Store(true)
		}
		if outer {
			name := "pipeline"
			if len(cmds) > 0 && cmds[0].Name() == "multi" {
				name = "multi"
			}
			h.c.metrics.observe(name, start, o)
		}
		if b := h.breaker; b != nil {
			b.report(done, o)
		}
		if err != nil && outer && ctxErr(ctx) != nil {
			for _, cmd := range cmds {
				if ce := cmd.Err(); ce != nil {
					if e := callerErr(ctx, ce); e != ce {
						cmd.SetErr(e)
					}
				}
			}
			err = callerErr(ctx, err)
		}
		return err
	}
}

// pipelineNext turns a pipeline's next into what a probe PING needs.
func pipelineNext(next redis.ProcessPipelineHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		return next(ctx, []redis.Cmder{cmd})
	}
}

// admit asks the breaker to let a command through. A blocking command (BLPOP
// and the like) may wait on the server for as long as it asks, so it never
// serves as a half-open breaker's probe, which would hold the probe's place
// the whole time and have every other command refused: when it meets a
// half-open breaker, admit sends a PING as the probe first, bounded by
// Options.ProbeTimeout, and lets the blocking command through once the
// breaker has closed.
func (h *hook) admit(ctx context.Context, next redis.ProcessHook, isBlocking func() bool) (func(error), error) {
	b := h.breaker
	for range b.probes + 1 {
		if !b.halfOpen() || !isBlocking() {
			return b.allow()
		}
		if err := h.probe(ctx, next); err != nil {
			return nil, err
		}
	}
	return nil, ErrCircuitOpen
}

// probe sends one PING as the half-open breaker's probe and reports it.
func (h *hook) probe(ctx context.Context, next redis.ProcessHook) error {
	done, err := h.breaker.allow()
	if err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, h.breaker.probeFor)
	defer cancel()
	mctx, _ := h.mark(pctx)
	ping := redis.NewStatusCmd(mctx, "ping")
	err = next(mctx, ping)
	o := classify(ctx, err) // the caller's context: the probe's own deadline is a failure
	h.breaker.report(done, o)
	switch {
	case o.excluded():
		return callerErr(ctx, err)
	case err != nil:
		return ErrCircuitOpen
	}
	return nil
}

// retry reports whether a command that failed with err on attempt
// (counting from 1) should be sent again, after waiting the backoff, as
// go-redis would retry it, except that an exhausted pool is never retried:
// the command has waited PoolTimeout already.
func (h *hook) retry(ctx context.Context, attempt int, err error, blocks bool) bool {
	if ctxErr(ctx) != nil || !retryable(err, blocks) {
		return false
	}
	t := time.NewTimer(retryBackoff(attempt, h.c.opts.MinRetryBackoff, h.c.opts.MaxRetryBackoff))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// unsent reports whether no command of a failed pipeline got a reply, so
// that sending it again cannot run a command twice: all of them failed with
// the same error, one from before the server was reached, such as a refused
// dial, or one the server gives instead of running the command (LOADING).
func unsent(cmds []redis.Cmder) bool {
	if len(cmds) == 0 {
		return false
	}
	first := cmds[0].Err()
	if first == nil {
		return false
	}
	for _, cmd := range cmds {
		if err := cmd.Err(); err == nil || err.Error() != first.Error() {
			return false
		}
	}
	if op, ok := errors.AsType[*net.OpError](first); ok && op.Op == "dial" {
		return true
	}
	return classify(context.Background(), first) == outcomeUnavailable
}

// callerErr returns err so that errors.Is sees the caller's context error
// when ctx is done and err is what that did to the command (an i/o timeout
// at the deadline, a connection closed at cancellation) rather than a reply.
func callerErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	cerr := ctxErr(ctx)
	if cerr == nil || errors.Is(err, cerr) || isReply(err) {
		return err
	}
	return fmt.Errorf("%w: %w", cerr, err)
}

// handshake reports whether cmd is one that go-redis sends to set up a new
// connection: HELLO, AUTH, SELECT, READONLY, CLIENT SETNAME, SETINFO,
// TRACKING and MAINT_NOTIFICATIONS. A caller who sends one itself has it go
// past the breaker and the metrics, which can do no harm.
func handshake(name string, cmd redis.Cmder) bool {
	switch name {
	case "hello", "auth", "select", "readonly":
		return true
	case "client":
		if args := cmd.Args(); len(args) > 1 {
			if sub, ok := args[1].(string); ok {
				switch strings.ToLower(sub) {
				case "setname", "setinfo", "tracking", "maint_notifications":
					return true
				}
			}
		}
	}
	return false
}

// handshakes reports whether a pipeline is a new connection's handshake:
// every command in it is.
func handshakes(cmds []redis.Cmder) bool {
	for _, cmd := range cmds {
		if !handshake(cmd.Name(), cmd) {
			return false
		}
	}
	return len(cmds) > 0
}
