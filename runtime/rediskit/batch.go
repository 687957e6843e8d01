package rediskit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultBatchSize is the number of keys the batch helpers queue on one
// pipeline unless BatchSize says otherwise. A thousand commands cost one
// round trip instead of a thousand, while the pipeline's own memory (one
// command object per key) and the server's reply buffer stay small; a
// larger batch saves little more.
const DefaultBatchSize = 1000

// ErrInvalidTTL is returned, wrapped, for a TTL below Redis's resolution of
// one millisecond. Zero is not "no expiry": the batch helpers never write a
// key without one.
var ErrInvalidTTL = errors.New("rediskit: ttl must be at least 1ms")

// A Value is what SetMany writes: text or bytes, or a named type of either
// such as json.RawMessage. Encode other values (JSON, strconv) before the
// call, so that a value that cannot be encoded fails there, not one batch
// later on the wire.
type Value interface{ ~string | ~[]byte }

// A BatchOption changes how a batch helper sends its commands.
type BatchOption func(*batchConfig)

type batchConfig struct {
	size int
}

// BatchSize sets the number of keys queued on one pipeline, n > 0; the
// default is DefaultBatchSize. Smaller batches suit very large values.
func BatchSize(n int) BatchOption {
	return func(c *batchConfig) { c.size = n }
}

// A BatchError reports the keys whose command failed in a batch helper,
// each with its cause. The other keys succeeded. errors.Is and errors.As
// see every cause: errors.Is(err, context.DeadlineExceeded) holds when the
// deadline stopped some keys, and errors.As(err, new(*BatchError)) recovers
// the list.
type BatchError struct {
	Op     string      // "set", "get" or "expire"
	Keys   int         // the number of keys in the call
	Failed []*KeyError // the failed keys, sorted by key
}

// A KeyError is one key's failure in a batch.
type KeyError struct {
	Key string
	Err error
}

func (e *KeyError) Error() string { return fmt.Sprintf("%q: %v", e.Key, e.Err) }

func (e *KeyError) Unwrap() error { return e.Err }

// maxListed bounds the keys named in a BatchError's message; Failed holds
// them all.
const maxListed = 3

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rediskit: %s: %d of %d keys failed: ", e.Op, len(e.Failed), e.Keys)
	for i, f := range e.Failed[:min(len(e.Failed), maxListed)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Error())
	}
	if more := len(e.Failed) - maxListed; more > 0 {
		fmt.Fprintf(&b, "; and %d more", more)
	}
	return b.String()
}

// Unwrap returns the per-key errors, for errors.Is and errors.As.
func (e *BatchError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		errs[i] = f
	}
	return errs
}

// SetMany writes every key of items with its value and the expiry ttl (SET
// key value PX ttl), queued on pipelines of DefaultBatchSize keys: one round
// trip per batch instead of one per key. ttl must be at least a millisecond;
// zero is an error, not "no expiry".
//
// On a *redis.ClusterClient, go-redis splits each pipeline by node, so keys
// in different slots are fine; on a *redis.Ring, by shard. Memory beyond
// items is bounded by one batch.
//
// Every key is attempted, even after others fail. The error, if any, is a
// *BatchError listing each key that failed and why; when ctx ends, the keys
// not yet sent fail with ctx's error without being sent.
func SetMany[V Value](ctx context.Context, rdb redis.UniversalClient, items map[string]V, ttl time.Duration, opts ...BatchOption) error {
	const op = "set"
	cfg, err := configure(ctx, op, rdb, opts)
	if err != nil {
		return err
	}
	if err := checkTTL("SetMany", ttl, "it never writes a key without an expiry"); err != nil {
		return err
	}
	return pipelineEach(ctx, rdb, op, len(items), maps.All(items), cfg.size,
		func(pipe redis.Pipeliner, key string, v V) redis.Cmder {
			return pipe.Set(ctx, key, arg(v), ttl)
		},
		func(_ string, cmd redis.Cmder) error { return cmd.Err() })
}

// GetMany reads keys (GET, pipelined in batches of DefaultBatchSize, split
// by node on a cluster) and returns the values of those that exist: a key
// missing from the map does not exist (or is not a string key: WRONGTYPE is
// an error). A missing key is never an error.
//
// Every key is attempted. The error, if any, is a *BatchError listing each
// key that failed and why; the map still holds every key that was read.
func GetMany(ctx context.Context, rdb redis.UniversalClient, keys []string, opts ...BatchOption) (map[string]string, error) {
	const op = "get"
	cfg, err := configure(ctx, op, rdb, opts)
	if err != nil {
		return nil, err
	}
	values := make(map[string]string, len(keys))
	err = pipelineEach(ctx, rdb, op, len(keys), indexed(keys), cfg.size,
		func(pipe redis.Pipeliner, key string, _ struct{}) redis.Cmder {
			return pipe.Get(ctx, key)
		},
		func(key string, cmd redis.Cmder) error {
			v, err := cmd.(*redis.StringCmd).Result()
			switch {
			case errors.Is(err, redis.Nil):
				return nil // the key does not exist
			case err != nil:
				return err
			}
			values[key] = v
			return nil
		})
	return values, err
}

// ExpireMany sets the expiry ttl on each of keys that exists (PEXPIRE,
// pipelined in batches of DefaultBatchSize, split by node on a cluster) and
// returns, in the order given, the keys that do not exist. ttl must be at
// least a millisecond: PEXPIRE with zero or less would delete the keys.
//
// Every key is attempted. The error, if any, is a *BatchError listing each
// key that failed and why.
func ExpireMany(ctx context.Context, rdb redis.UniversalClient, keys []string, ttl time.Duration, opts ...BatchOption) (missing []string, err error) {
	const op = "expire"
	cfg, err := configure(ctx, op, rdb, opts)
	if err != nil {
		return nil, err
	}
	if err := checkTTL("ExpireMany", ttl, "PEXPIRE would delete the keys"); err != nil {
		return nil, err
	}
	err = pipelineEach(ctx, rdb, op, len(keys), indexed(keys), cfg.size,
		func(pipe redis.Pipeliner, key string, _ struct{}) redis.Cmder {
			return pipe.PExpire(ctx, key, ttl)
		},
		func(key string, cmd redis.Cmder) error {
			set, err := cmd.(*redis.BoolCmd).Result()
			if err != nil {
				return err
			}
			if !set {
				missing = append(missing, key)
			}
			return nil
		})
	return missing, err
}

// configure validates the context and the client, and applies opts.
func configure(ctx context.Context, op string, rdb redis.UniversalClient, opts []BatchOption) (batchConfig, error) {
	cfg := batchConfig{size: DefaultBatchSize}
	if ctx == nil {
		return cfg, fmt.Errorf("rediskit: %s: nil context", op)
	}
	if isNil(rdb) {
		return cfg, fmt.Errorf("rediskit: %s: nil client", op)
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.size <= 0 {
		return cfg, fmt.Errorf("rediskit: %s: batch size must be positive, got %d", op, cfg.size)
	}
	return cfg, nil
}

// checkTTL rejects a TTL that Redis cannot keep; why says what the call
// would have done with it.
func checkTTL(fn string, ttl time.Duration, why string) error {
	if ttl < time.Millisecond {
		return fmt.Errorf("%w: %s got %v; %s", ErrInvalidTTL, fn, ttl, why)
	}
	return nil
}

// arg returns v as go-redis writes it: a string or a []byte. A named type
// (json.RawMessage, type Token string) would otherwise fail to encode.
func arg[V Value](v V) any {
	switch x := any(v).(type) {
	case string:
		return x
	case []byte:
		return x
	}
	if reflect.TypeOf(v).Kind() == reflect.String {
		return string(v)
	}
	return []byte(v) // a named []byte: a conversion, not a copy
}

// indexed yields each key with no payload.
func indexed(keys []string) iter.Seq2[string, struct{}] {
	return func(yield func(string, struct{}) bool) {
		for _, k := range keys {
			if !yield(k, struct{}{}) {
				return
			}
		}
	}
}

// pipelineEach queues one command per item on a pipeline, size items at a
// time, and passes each command to result once its batch has run. It
// returns a *BatchError with every key whose command (or result) failed.
func pipelineEach[T any](ctx context.Context, rdb redis.UniversalClient, op string, total int, items iter.Seq2[string, T], size int,
	queue func(pipe redis.Pipeliner, key string, item T) redis.Cmder,
	result func(key string, cmd redis.Cmder) error,
) error {
	var (
		failed []*KeyError
		keys   = make([]string, 0, min(size, total))
		cmds   = make([]redis.Cmder, 0, min(size, total))
		pipe   redis.Pipeliner
	)
	flush := func() {
		defer func() { keys, cmds, pipe = keys[:0], cmds[:0], nil }()
		if len(keys) == 0 {
			return
		}
		if err := ctx.Err(); err != nil {
			pipe.Discard()
			for _, k := range keys {
				failed = append(failed, &KeyError{Key: k, Err: err})
			}
			return
		}
		_, execErr := pipe.Exec(ctx)
		// A hook that refuses the whole pipeline (a circuit breaker) returns
		// its error without setting any command's: every key failed with it.
		blanket := execErr != nil && !errors.Is(execErr, redis.Nil) && !slices.ContainsFunc(cmds, func(c redis.Cmder) bool { return c.Err() != nil })
		for i, cmd := range cmds {
			err := execErr
			if !blanket {
				err = result(keys[i], cmd)
			}
			if err != nil {
				// On a plain go-redis client the caller's deadline shows as
				// an i/o timeout; the caller must still be able to test for it.
				failed = append(failed, &KeyError{Key: keys[i], Err: callerErr(ctx, err)})
			}
		}
	}
	for key, item := range items {
		if pipe == nil {
			pipe = rdb.Pipeline()
		}
		keys = append(keys, key)
		cmds = append(cmds, queue(pipe, key, item))
		if len(keys) == size {
			flush()
		}
	}
	flush()
	if len(failed) == 0 {
		return nil
	}
	slices.SortStableFunc(failed, func(a, b *KeyError) int { return cmp.Compare(a.Key, b.Key) })
	return &BatchError{Op: op, Keys: total, Failed: failed}
}
