package rueidis

import (
	"context"

	"github.com/valkey-io/valkey-go"
)

func valkeyChains(ctx context.Context, client valkey.Client, d valkey.DedicatedClient, p string) {
	client.Do(ctx, client.B().Keys().Pattern(p).Build()) // want `sends 1 \(spread false\) on valkey-go` `builds KEYS`
	d.Do(ctx, d.B().Keys().Pattern(p).Build())           // want `sends 1 \(spread false\) on valkey-go` `builds KEYS`
	d.DoMulti(ctx, d.B().Ping().Build())                 // want `sends 1 \(spread false\) on valkey-go` `builds PING`
}

func valkeyDedicate(ctx context.Context, client valkey.Client) {
	d, cancel := client.Dedicate() // want `Dedicates on valkey-go`
	defer cancel()
	d.Close()      // want `Releases on valkey-go`
	client.Close() // want `Releases on valkey-go`
	_ = client.Dedicated(func(valkey.DedicatedClient) error { return nil })
}
