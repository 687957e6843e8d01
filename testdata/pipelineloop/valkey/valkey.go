// Package valkey: valkey-go is rueidis under another path.
package valkey

import (
	"context"

	"github.com/valkey-io/valkey-go"
)

func warm(ctx context.Context, c valkey.Client, ids []string) {
	for _, id := range ids {
		c.Do(ctx, c.B().Incr().Key("views:"+id).Build()) // want `c.Do\(INCR\) runs once per element of ids: one round trip each; build the commands into one c.DoMulti\(ctx, cmds...\)`
	}
}

func batched(ctx context.Context, c valkey.Client, ids []string) {
	cmds := make(valkey.Commands, 0, len(ids))
	for _, id := range ids {
		cmds = append(cmds, c.B().Incr().Key("views:"+id).Build())
	}
	c.DoMulti(ctx, cmds...)
}
