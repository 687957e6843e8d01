package rediskit

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// hook is the go-redis hook through which a Client's breaker and metrics see
// every command and pipeline.
//
// A command can reach the hook again while it runs, and such a nested pass
// must go straight through:
//
//   - When a command needs a new connection, go-redis sends HELLO, CLIENT
//     SETINFO and the like on it, through the same hooks and with the
//     command's context. Were the breaker to judge them, the one probe a
//     half-open breaker lets through would have its own handshake refused,
//     fail, and open the breaker again: it would never close.
//   - On a cluster the hook sits on the ClusterClient and on every node
//     client, so that commands sent to nodes directly (ScanKeys walks the
//     masters) are seen too; a command sent through the ClusterClient then
//     reaches a node's hook as well, and must count once.
//
// So the hook marks the context it passes on, and lets marked contexts by.
type hook struct {
	c *Client
}

// nestedKey marks a context that already went through a hook; its value is
// the *hook, so that two Clients never mistake each other's marks.
type nestedKey struct{}

func (h *hook) nested(ctx context.Context) bool {
	return ctx.Value(nestedKey{}) == h
}

func (h *hook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *hook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if h.nested(ctx) {
			return next(ctx, cmd)
		}
		var done func(error)
		if b := h.c.breaker; b != nil {
			var err error
			if done, err = b.allow(); err != nil {
				h.c.metrics.reject()
				cmd.SetErr(err)
				return err
			}
		}
		start := h.c.metrics.start()
		err := next(context.WithValue(ctx, nestedKey{}, h), cmd)
		o := classify(ctx, err)
		h.c.metrics.observe(cmd.Name(), start, o)
		if b := h.c.breaker; b != nil {
			b.report(done, o)
		}
		return err
	}
}

func (h *hook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if h.nested(ctx) {
			return next(ctx, cmds)
		}
		var done func(error)
		if b := h.c.breaker; b != nil {
			var err error
			if done, err = b.allow(); err != nil {
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
		start := h.c.metrics.start()
		err := next(context.WithValue(ctx, nestedKey{}, h), cmds)
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
		name := "pipeline"
		if len(cmds) > 0 && cmds[0].Name() == "multi" {
			name = "multi"
		}
		h.c.metrics.observe(name, start, o)
		if b := h.c.breaker; b != nil {
			b.report(done, o)
		}
		return err
	}
}
