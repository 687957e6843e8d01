package rueidis

import (
	"context"
	"log"

	"github.com/redis/rueidis"
)

func deferred(ctx context.Context, client rueidis.Client, key string) (string, error) {
	c, cancel := client.Dedicate()
	defer cancel()
	return c.Do(ctx, c.B().Get().Key(key).Build()).ToString()
}

func deferredClosure(ctx context.Context, client rueidis.Client, key string) error {
	c, release := client.Dedicate()
	defer func() {
		release()
		log.Print("released")
	}()
	return c.Do(ctx, c.B().Del().Key(key).Build()).Error()
}

func everyPath(ctx context.Context, client rueidis.Client, key string) error {
	c, cancel := client.Dedicate()
	if err := c.Do(ctx, c.B().Watch().Key(key).Build()).Error(); err != nil {
		cancel()
		return err
	}
	cancel()
	return nil
}

// Dedicated puts the connection back by itself.
func dedicated(ctx context.Context, client rueidis.Client) error {
	return client.Dedicated(func(c rueidis.DedicatedClient) error {
		return c.Do(ctx, c.B().Ping().Build()).Error()
	})
}

// Returned, stored or handed on: the caller or the callee owns it now.
func returned(client rueidis.Client) (rueidis.DedicatedClient, func()) {
	c, cancel := client.Dedicate()
	return c, cancel
}

type session struct {
	c      rueidis.DedicatedClient
	cancel func()
}

func stored(client rueidis.Client, s *session) {
	c, cancel := client.Dedicate()
	s.c, s.cancel = c, cancel
}

func handedOn(ctx context.Context, client rueidis.Client, onDone func(func())) error {
	c, cancel := client.Dedicate()
	onDone(cancel)
	return c.Do(ctx, c.B().Ping().Build()).Error()
}

// Close on the dedicated client puts the connection back too.
func closed(ctx context.Context, client rueidis.Client) error {
	c, cancel := client.Dedicate()
	_ = cancel
	defer c.Close()
	return c.Do(ctx, c.B().Ping().Build()).Error()
}

// The dedicated client leaves the function: whoever gets it may close it.
func clientHandedOn(ctx context.Context, client rueidis.Client, use func(rueidis.DedicatedClient) error) error {
	c, cancel := client.Dedicate()
	if err := use(c); err != nil {
		return err
	}
	cancel()
	return nil
}

// init runs once: what it holds lives as long as the program.
func init() {
	c, _ := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{":6379"}})
	dc, _ := c.Dedicate()
	_ = dc
}

// A condition whose one branch releases is trusted, as for go-redis: the
// other branch is taken to have nothing to release.
func conditional(ctx context.Context, client rueidis.Client, ok bool) {
	c, cancel := client.Dedicate()
	c.Do(ctx, c.B().Ping().Build())
	if ok {
		cancel()
	}
}
