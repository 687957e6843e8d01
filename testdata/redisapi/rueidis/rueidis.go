// Package rueidis exercises redisapi's matching of rueidis builder chains
// and of the methods that send them.
package rueidis

import (
	"context"
	"time"

	"github.com/redis/rueidis"
)

func chains(ctx context.Context, client rueidis.Client, p string) {
	client.Do(ctx, client.B().Keys().Pattern(p).Build())                                                  // want `sends 1 \(spread false\) on rueidis` `builds KEYS`
	client.Do(ctx, client.B().Set().Key("k").Value("v").Ex(time.Second).Build())                          // want `sends 1 \(spread false\) on rueidis` `builds SET`
	client.Do(ctx, client.B().ObjectEncoding().Key("k").Build())                                          // want `sends 1 \(spread false\) on rueidis` `builds OBJECT ENCODING`
	client.Do(ctx, client.B().JsonArrappend().Key("k").Path("$").Value("1").Build())                      // want `sends 1 \(spread false\) on rueidis` `builds JSON.ARRAPPEND`
	client.Do(ctx, client.B().Arbitrary("keys").Args("*").Build())                                        // want `sends 1 \(spread false\) on rueidis` `builds KEYS`
	client.Do(ctx, client.B().Arbitrary("CLIENT", "KILL").Build())                                        // want `sends 1 \(spread false\) on rueidis` `builds CLIENT KILL`
	client.DoCache(ctx, client.B().Get().Key("k").Cache(), time.Minute)                                   // want `sends 1 \(spread false\) on rueidis` `builds GET`
	client.DoMulti(ctx, client.B().Get().Key("a").Build(), client.B().Scan().Cursor(0).Build())           // want `sends 2 \(spread false\) on rueidis` `builds GET` `builds SCAN`
	client.DoMultiCache(ctx, rueidis.CT(client.B().Get().Key("a").Cache(), time.Minute))                  // want `sends 1 \(spread false\) on rueidis` `builds GET`
	client.DoStream(ctx, client.B().Get().Key("k").Build())                                               // want `sends 1 \(spread false\) on rueidis` `builds GET`
	_ = client.Receive(ctx, client.B().Subscribe().Channel("ch").Build(), func(rueidis.PubSubMessage) {}) // want `sends 1 \(spread false\) on rueidis` `builds SUBSCRIBE`

	b := client.B()
	cmd := b.Keys().Pattern(p).Build() // want `builds KEYS`
	client.Do(ctx, cmd)                // want `sends 1 \(spread false\) on rueidis`

	cmds := make(rueidis.Commands, 0, 2)
	cmds = append(cmds, b.Get().Key("k").Build()) // want `builds GET`
	client.DoMulti(ctx, cmds...)                  // want `sends 1 \(spread true\) on rueidis`

	k := b.Keys()                        // a chain through a variable is not followed
	client.Do(ctx, k.Pattern(p).Build()) // want `sends 1 \(spread false\) on rueidis`
}

func dedicate(ctx context.Context, client rueidis.Client) {
	d, cancel := client.Dedicate()  // want `Dedicates on rueidis`
	d.Do(ctx, d.B().Ping().Build()) // want `sends 1 \(spread false\) on rueidis` `builds PING`
	cancel()
	d.Close() // want `Releases on rueidis`
	_ = client.Dedicated(func(c rueidis.DedicatedClient) error { return nil })
}
