// Package rueidis: the cancel func of rueidis's Dedicate must be called on
// every path, or the dedicated connection never goes back to the pool.
package rueidis

import (
	"context"

	"github.com/redis/rueidis"
)

// The classic leak: an early return before cancel.
func watchThenSet(ctx context.Context, client rueidis.Client, key string) error {
	c, cancel := client.Dedicate() // want `cancel from Dedicate is not called on the path through the return at line 15; until it is, c holds one of the client's dedicated connections, and Dedicate blocks once BlockingPoolSize are out: defer cancel\(\) after Dedicate, or use Dedicated\(fn\)`
	if err := c.Do(ctx, c.B().Watch().Key(key).Build()).Error(); err != nil {
		return err
	}
	c.DoMulti(ctx, c.B().Multi().Build(), c.B().Set().Key(key).Value("v").Build(), c.B().Exec().Build())
	cancel()
	return nil
}

// The cancel func thrown away: nothing can put the connection back.
func discarded(ctx context.Context, client rueidis.Client) error {
	c, _ := client.Dedicate() // want `the cancel func from Dedicate is discarded, so its connection never goes back to the pool; keep it and defer cancel\(\), or use Dedicated\(fn\)`
	return c.Do(ctx, c.B().Ping().Build()).Error()
}

// Never called at all.
func never(ctx context.Context, client rueidis.Client) error {
	c, cancel := client.Dedicate() // want `cancel from Dedicate is never called; until it is, c holds one of the client's dedicated connections`
	_ = cancel
	return c.Do(ctx, c.B().Ping().Build()).Error()
}

// One dedicated connection per item, released only at the end.
func perItem(ctx context.Context, client rueidis.Client, keys []string) {
	var cancel func()
	for _, k := range keys {
		var c rueidis.DedicatedClient
		c, cancel = client.Dedicate() // want `cancel from Dedicate is not called before the loop at line 38 acquires the next one`
		c.Do(ctx, c.B().Del().Key(k).Build())
	}
	if cancel != nil {
		cancel()
	}
}

// Called for nothing: the connection stays dedicated to no one.
func unused(client rueidis.Client) {
	client.Dedicate() // want `the cancel func from Dedicate is discarded`
}

// A var declaration, and a return before cancel.
func declared(ctx context.Context, client rueidis.Client) error {
	var c, cancel = client.Dedicate() // want `cancel from Dedicate is not called on the path through the return at line 57`
	if err := c.Do(ctx, c.B().Ping().Build()).Error(); err != nil {
		return err
	}
	cancel()
	return nil
}
