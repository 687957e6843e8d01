// Package rueidis: Do sends one command and waits for its reply, so a loop
// of them is one round trip per item; DoMulti sends them all at once.
package rueidis

import (
	"context"

	"github.com/redis/rueidis"
)

func warm(ctx context.Context, c rueidis.Client, ids []string) error {
	for _, id := range ids {
		if err := c.Do(ctx, c.B().Set().Key("product:"+id).Value("{}").Build()).Error(); err != nil { // want `c.Do\(SET\) runs once per element of ids: one round trip each; build the commands into one c.DoMulti\(ctx, cmds...\)`
			return err
		}
	}
	return nil
}

func readAll(ctx context.Context, c rueidis.Client, keys []string) ([]string, error) {
	var out []string
	for _, k := range keys {
		v, err := c.Do(ctx, c.B().Get().Key(k).Build()).ToString() // want `c.Do\(GET\) runs once per element of keys`
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func dedicated(ctx context.Context, c rueidis.Client, keys []string) {
	d, cancel := c.Dedicate()
	defer cancel()
	for _, k := range keys {
		d.Do(ctx, d.B().Del().Key(k).Build()) // want `d.Do\(DEL\) runs once per element of keys`
	}
}

// Silent: the batched form, the client-side cache, a blocking command, a
// command built elsewhere, a reply that decides the loop.

func batched(ctx context.Context, c rueidis.Client, ids []string) error {
	cmds := make(rueidis.Commands, 0, len(ids))
	for _, id := range ids {
		cmds = append(cmds, c.B().Set().Key("product:"+id).Value("{}").Build())
	}
	for _, r := range c.DoMulti(ctx, cmds...) {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}

func cached(ctx context.Context, c rueidis.Client, keys []string) {
	for _, k := range keys {
		c.DoCache(ctx, c.B().Get().Key(k).Cache(), 60)
	}
}

func blocking(ctx context.Context, c rueidis.Client, queues []string) {
	for _, q := range queues {
		c.Do(ctx, c.B().Blpop().Key(q).Timeout(1).Build())
	}
}

func builtElsewhere(ctx context.Context, c rueidis.Client, cmds []rueidis.Completed) {
	for _, cmd := range cmds {
		c.Do(ctx, cmd)
	}
}

func untilFound(ctx context.Context, c rueidis.Client, keys []string) string {
	for _, k := range keys {
		if v, err := c.Do(ctx, c.B().Get().Key(k).Build()).ToString(); err == nil {
			return v
		}
	}
	return ""
}

// A helper that sends one round trip on every call, called per item.
type store struct{ c rueidis.Client }

func (s *store) get(ctx context.Context, k string) (string, error) { // want get:"roundTrip"
	return s.c.Do(ctx, s.c.B().Get().Key(k).Build()).ToString()
}

func viaHelper(ctx context.Context, s *store, keys []string) {
	for _, k := range keys {
		s.get(ctx, k) // want `s.get sends a round trip on every call and runs once per element of keys`
	}
}

// A helper that reads through the client-side cache may not send at all.
func (s *store) cachedGet(ctx context.Context, k string) (string, error) {
	return s.c.DoCache(ctx, s.c.B().Get().Key(k).Cache(), 60).ToString()
}

func viaCache(ctx context.Context, s *store, keys []string) {
	for _, k := range keys {
		s.cachedGet(ctx, k)
	}
}

// A missing key ends the loop: the reply decides it.
func firstMissing(ctx context.Context, c rueidis.Client, keys []string) string {
	for _, k := range keys {
		err := c.Do(ctx, c.B().Get().Key(k).Build()).Error()
		if rueidis.IsRedisNil(err) {
			return k
		}
	}
	return ""
}

func firstMissingNil(ctx context.Context, c rueidis.Client, keys []string) string {
	for _, k := range keys {
		if err := c.Do(ctx, c.B().Get().Key(k).Build()).Error(); err == rueidis.Nil {
			return k
		}
	}
	return ""
}
