package rediskit

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// TxOptions configures Transaction. The zero value works; each field
// documents its default.
type TxOptions struct {
	// MaxAttempts bounds how many times fn runs when watched keys keep
	// changing. Default 10, enough for a few writers of one key; for many,
	// raise it, or replace the transaction with one command (INCRBY, ...)
	// or a script, which never conflict.
	MaxAttempts int

	// MinBackoff is the wait after the first conflict; it doubles with each
	// conflict up to MaxBackoff. Each wait is drawn at random between half
	// and all of it, so that clients that collided once do not collide
	// again. Defaults 5ms and 500ms.
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

func (o TxOptions) withDefaults() (TxOptions, error) {
	if o.MaxAttempts < 0 || o.MinBackoff < 0 || o.MaxBackoff < 0 {
		return o, fmt.Errorf("rediskit: transaction: negative option in %+v", o)
	}
	setDefault(&o.MaxAttempts, 10)
	setDefault(&o.MinBackoff, 5*time.Millisecond)
	setDefault(&o.MaxBackoff, 500*time.Millisecond)
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	return o, nil
}

// Transaction runs fn as an optimistic transaction on keys: it WATCHes
// them, and fn reads what it needs through tx and queues its writes with
// tx.TxPipelined, which sends them as MULTI/EXEC. When another client
// changed a watched key in between, EXEC does nothing and Transaction runs
// fn again, after a backoff with jitter, up to opts.MaxAttempts times.
//
// fn may run several times, so it must read the watched keys afresh each
// time and have no effect outside Redis. Its own error ends the
// transaction and comes back wrapped. After the last attempt the error
// wraps redis.TxFailedErr; when ctx ends during a backoff it wraps ctx's
// error. On a cluster every key must be in one slot: give them a common
// hash tag, such as "{user:42}:balance" and "{user:42}:history".
func Transaction(ctx context.Context, rdb redis.UniversalClient, keys []string, opts TxOptions, fn func(tx *redis.Tx) error) error {
	switch {
	case ctx == nil:
		return errors.New("rediskit: transaction: nil context")
	case isNil(rdb):
		return errors.New("rediskit: transaction: nil client")
	case fn == nil:
		return errors.New("rediskit: transaction: nil function")
	}
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return errors.New("rediskit: transaction: no keys to watch")
	}
	for attempt := 1; ; attempt++ {
		err := rdb.Watch(ctx, fn, keys...)
		if err == nil {
			return nil
		}
		if !errors.Is(err, redis.TxFailedErr) {
			return fmt.Errorf("rediskit: transaction on %q: %w", keys, err)
		}
		if attempt == o.MaxAttempts {
			return fmt.Errorf("rediskit: transaction on %q: watched keys changed in each of %d attempts: %w", keys, attempt, err)
		}
		t := time.NewTimer(backoff(o, attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("rediskit: transaction on %q: after %d attempts: %w", keys, attempt, ctx.Err())
		case <-t.C:
		}
	}
}

// backoff returns the wait after the n-th conflict: MinBackoff doubled n-1
// times, capped at MaxBackoff, then drawn between half and all of that.
func backoff(o TxOptions, n int) time.Duration {
	d := o.MaxBackoff
	if n-1 < 32 {
		d = min(o.MinBackoff<<(n-1), o.MaxBackoff)
		if d <= 0 { // the shift overflowed
			d = o.MaxBackoff
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
