// Package valkey: KEYS built with valkey-go's command builder and sent.
package valkey

import (
	"context"

	"github.com/valkey-io/valkey-go"
)

func reported(ctx context.Context, client valkey.Client) error {
	c, cancel := client.Dedicate()
	defer cancel()
	c.Do(ctx, c.B().Keys().Pattern("*").Build())  // want `c\.Do sends KEYS, which walks the whole keyspace in one blocking call; iterate with SCAN: send B\(\)\.Scan\(\)`
	cmd := client.B().Keys().Pattern("*").Build() // want `client\.B\(\)\.Keys\(\) builds KEYS, sent by client\.Do at line`
	return client.Do(ctx, cmd).Error()
}

func silent(ctx context.Context, client valkey.Client) error {
	return client.Do(ctx, client.B().Scan().Cursor(0).Match("*").Count(100).Build()).Error()
}
