// Package valkey: valkey-go's Dedicate follows rueidis's rules.
package valkey

import (
	"context"

	"github.com/valkey-io/valkey-go"
)

func leak(ctx context.Context, client valkey.Client, key string) error {
	c, cancel := client.Dedicate() // want `cancel from Dedicate is not called on the path through the return at line 13`
	if err := c.Do(ctx, c.B().Watch().Key(key).Build()).Error(); err != nil {
		return err
	}
	cancel()
	return nil
}

func released(ctx context.Context, client valkey.Client, key string) error {
	c, cancel := client.Dedicate()
	defer cancel()
	return c.Do(ctx, c.B().Watch().Key(key).Build()).Error()
}
