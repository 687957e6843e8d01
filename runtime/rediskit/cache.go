package rediskit

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// A Codec turns cached values into bytes and back.
type Codec interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(data []byte, v any) error
}

// JSONCodec is the Codec of encoding/json, the default.
type JSONCodec struct{}

// Marshal returns v as JSON.
func (JSONCodec) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal parses the JSON in data into v.
func (JSONCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// CacheOptions configures a Cache. The zero value works; each field
// documents its default.
type CacheOptions struct {
	// Prefix is put before every key, so that Get(ctx, "42") on a cache with
	// Prefix "user:" reads the Redis key "user:42". Default: none.
	Prefix string

	// TTL is how long a loaded value stays in Redis. Default TTLCacheShort
	// (5 minutes).
	TTL time.Duration

	// Codec turns values into the bytes stored in Redis and back. Default
	// JSONCodec.
	Codec Codec

	// LoadTimeout bounds one load and the Redis commands around it. A load
	// runs once for all the callers that want the key, so it does not end
	// when one of them gives up; this bound keeps a hung load from holding
	// the key forever. Default 10s.
	LoadTimeout time.Duration

	// LocalTTL turns on an in-process tier in front of Redis: values read or
	// loaded are kept in this process for LocalTTL, and Get answers from
	// there without a round trip. Keep it short: Delete clears only this
	// process's tier, so other processes may serve the old value until
	// their LocalTTL ends. Default: no in-process tier.
	LocalTTL time.Duration

	// LocalMaxEntries bounds the in-process tier; when it is full the oldest
	// entry goes. Default 10,000.
	LocalMaxEntries int

	// Name tells caches apart in metrics and logs. Default: Prefix without
	// its trailing colon, or "default".
	Name string
}

// A Cache is a read-through cache in Redis: Get returns the cached value of
// a key, or loads it, stores it for CacheOptions.TTL and returns it. When
// several goroutines of the process ask for a key that is not cached, it is
// loaded once and they all get that value (single flight).
//
// Callers that ask for one key at the same moment share the value of one
// load: treat values as read-only. Values from the in-process tier are
// decoded afresh for each caller.
type Cache[T any] struct {
	c       *Client
	load    func(ctx context.Context, key string) (T, error)
	o       CacheOptions
	flights flightGroup[T]
	local   *localTier // nil without LocalTTL

	hitsLocal, hitsRedis, misses prometheus.Counter // nil without metrics
}

// NewCache returns a Cache of values of type T kept in c's Redis, loaded by
// load, which gets the key without the prefix. It does not dial.
func NewCache[T any](c *Client, load func(ctx context.Context, key string) (T, error), opts CacheOptions) (*Cache[T], error) {
	if c == nil || load == nil {
		return nil, errors.New("rediskit: new cache: nil client or load function")
	}
	if opts.TTL < 0 || opts.LoadTimeout < 0 || opts.LocalTTL < 0 || opts.LocalMaxEntries < 0 {
		return nil, fmt.Errorf("rediskit: new cache %q: negative duration or size", opts.Prefix)
	}
	setDefault(&opts.TTL, TTLCacheShort)
	setDefault(&opts.LoadTimeout, 10*time.Second)
	setDefault(&opts.LocalMaxEntries, 10_000)
	if opts.Codec == nil {
		opts.Codec = JSONCodec{}
	}
	if opts.Name == "" {
		opts.Name = cmp.Or(strings.TrimSuffix(opts.Prefix, ":"), "default")
	}
	k := &Cache[T]{c: c, load: load, o: opts}
	if opts.LocalTTL > 0 {
		k.local = &localTier{
			ttl:     opts.LocalTTL,
			max:     opts.LocalMaxEntries,
			now:     func() time.Time { return c.now() },
			entries: make(map[string]*localEntry),
		}
	}
	if m := c.metrics; m != nil {
		k.hitsLocal = m.cacheHits.WithLabelValues(opts.Name, "local")
		k.hitsRedis = m.cacheHits.WithLabelValues(opts.Name, "redis")
		k.misses = m.cacheMisses.WithLabelValues(opts.Name)
	}
	return k, nil
}

// Get returns the value of key: from the in-process tier, from Redis, or
// from load, in that order. A key missing from Redis (redis.Nil) is loaded;
// any other Redis error, ErrCircuitOpen included, is returned and nothing
// is loaded, so that a Redis outage does not turn into a stampede on the
// source behind the cache. A caller that would rather load can test for
// ErrCircuitOpen with errors.Is and call its loader itself.
//
// The value stored in Redis after a load is what later hits decode, so Get
// returns that decoded copy. If storing it fails, Get fails: a value that
// was not cached is not reported as cached. A value in Redis that no longer
// decodes, say after T changed, is loaded and stored again, with a warning
// in the log.
//
// When ctx ends, Get returns ctx's error; a load already running goes on,
// for the other callers and the next Get.
func (k *Cache[T]) Get(ctx context.Context, key string) (T, error) {
	var zero T
	if err := k.check(ctx, "get"); err != nil {
		return zero, err
	}
	full := k.o.Prefix + key
	if data, ok := k.local.get(full); ok {
		if v, err := k.decode(data); err == nil {
			inc(k.hitsLocal)
			return v, nil
		}
		k.local.remove(full) // cannot happen: the tier holds bytes that decoded
	}
	f := k.flights.do(full, func() (T, error) { return k.fetch(ctx, key, full) })
	select {
	case <-f.done:
		if f.err != nil {
			return zero, f.err
		}
		return f.val, nil
	case <-ctx.Done():
		return zero, fmt.Errorf("rediskit: cache get %s: %w", full, ctx.Err())
	}
}

// Delete removes key from Redis and from this process's tier, so that the
// next Get loads it afresh: call it after changing what load reads. A load
// that started before Delete may still store the old value; the TTL bounds
// how long it lives.
func (k *Cache[T]) Delete(ctx context.Context, key string) error {
	if err := k.check(ctx, "delete"); err != nil {
		return err
	}
	full := k.o.Prefix + key
	k.flights.forget(full) // later Gets start a new load rather than join the old one
	k.local.remove(full)
	if err := k.c.Redis().Del(ctx, full).Err(); err != nil {
		return fmt.Errorf("rediskit: cache delete %s: %w", full, err)
	}
	return nil
}

// check refuses a nil Cache or context, which would panic further in.
func (k *Cache[T]) check(ctx context.Context, op string) error {
	switch {
	case k == nil:
		return fmt.Errorf("rediskit: cache %s: nil cache", op)
	case ctx == nil:
		return fmt.Errorf("rediskit: cache %s: nil context", op)
	}
	return nil
}

// fetch reads full from Redis, or loads key and stores it: the work one
// flight does for every caller that wants the key.
func (k *Cache[T]) fetch(ctx context.Context, key, full string) (T, error) {
	var zero T
	// The flight serves other callers too, so the first caller's
	// cancellation must not end it; its values (trace ids) stay.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.o.LoadTimeout)
	defer cancel()
	rdb := k.c.Redis()

	data, err := rdb.Get(ctx, full).Bytes()
	switch {
	case err == nil:
		v, derr := k.decode(data)
		if derr == nil {
			inc(k.hitsRedis)
			k.local.put(full, data)
			return v, nil
		}
		k.c.log.Warn("rediskit: cached value does not decode; loading it again",
			"cache", k.o.Name, "error", derr)
	case !errors.Is(err, redis.Nil):
		return zero, fmt.Errorf("rediskit: cache get %s: %w", full, err)
	}

	inc(k.misses)
	v, err := k.load(ctx, key)
	if err != nil {
		return zero, fmt.Errorf("rediskit: cache load %s: %w", full, err)
	}
	if data, err = k.o.Codec.Marshal(v); err != nil {
		return zero, fmt.Errorf("rediskit: cache encode %s: %w", full, err)
	}
	if v, err = k.decode(data); err != nil {
		return zero, fmt.Errorf("rediskit: cache %s: the codec cannot decode what it encoded: %w", full, err)
	}
	if err := rdb.Set(ctx, full, data, k.o.TTL).Err(); err != nil {
		return zero, fmt.Errorf("rediskit: cache set %s: %w", full, err)
	}
	k.local.put(full, data)
	return v, nil
}

func (k *Cache[T]) decode(data []byte) (T, error) {
	var v T
	err := k.o.Codec.Unmarshal(data, &v)
	return v, err
}

func inc(c prometheus.Counter) {
	if c != nil {
		c.Inc()
	}
}

// A localTier keeps encoded values in the process for a fixed time. Every
// entry lives equally long, so the order of insertion is the order of
// expiry: queue holds the entries oldest first, and each call drops the
// expired ones from its front. No goroutine is needed, and an unused cache
// holds at most max entries.
type localTier struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*localEntry
	queue   []*localEntry // oldest first from head; may hold replaced entries
	head    int
}

type localEntry struct {
	key     string
	data    []byte
	expires int64 // Unix nanoseconds by now
}

// get returns the unexpired data of key. It does nothing on nil l.
func (l *localTier) get(key string) ([]byte, bool) {
	if l == nil {
		return nil, false
	}
	now := l.now().UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	e, ok := l.entries[key]
	if !ok || now >= e.expires {
		return nil, false
	}
	return e.data, true
}

// put keeps data for key, replacing what was there. It does nothing on nil l.
func (l *localTier) put(key string, data []byte) {
	if l == nil {
		return
	}
	now := l.now().UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	delete(l.entries, key) // its queue entry becomes a leftover
	for len(l.entries) >= l.max && l.head < len(l.queue) {
		l.pop()
	}
	e := &localEntry{key: key, data: data, expires: now + int64(l.ttl)}
	l.entries[key] = e
	l.queue = append(l.queue, e)
}

// remove forgets key; its queue entry stays until it reaches the front. It
// does nothing on nil l.
func (l *localTier) remove(key string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}

// sweep drops the expired entries.
func (l *localTier) sweep(now int64) {
	for l.head < len(l.queue) && l.queue[l.head].expires <= now {
		l.pop()
	}
}

// pop drops the oldest queue entry, and its key unless the key was put again
// since, then compacts the queue once its front half is spent.
func (l *localTier) pop() {
	e := l.queue[l.head]
	if l.entries[e.key] == e {
		delete(l.entries, e.key)
	}
	l.queue[l.head] = nil
	l.head++
	if l.head >= 64 && l.head*2 >= len(l.queue) {
		n := copy(l.queue, l.queue[l.head:])
		clear(l.queue[n:])
		l.queue, l.head = l.queue[:n], 0
	}
}
