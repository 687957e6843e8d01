// Package rueidis: KEYS built with rueidis's command builder and sent.
package rueidis

import (
	"context"

	"github.com/redis/rueidis"
)

func reported(ctx context.Context, client rueidis.Client, p string) ([]string, error) {
	keys, err := client.Do(ctx, client.B().Keys().Pattern(p).Build()).AsStrSlice() // want `client\.Do sends KEYS, which walks the whole keyspace in one blocking call; iterate with SCAN: send B\(\)\.Scan\(\)\.Cursor\(c\)\.Match\(p\)\.Count\(n\)\.Build\(\) until the cursor it returns is 0`
	if err != nil {
		return nil, err
	}
	client.DoMulti(ctx, client.B().Get().Key("a").Build(), client.B().Keys().Pattern("*").Build()) // want `client\.DoMulti sends KEYS`
	client.DoStream(ctx, client.B().Keys().Pattern("*").Build())                                   // want `client\.DoStream sends KEYS`
	client.Do(ctx, client.B().Arbitrary("keys").Args("*").Build())                                 // want `client\.Do sends KEYS`
	return keys, nil
}

func dedicated(ctx context.Context, client rueidis.Client) error {
	return client.Dedicated(func(c rueidis.DedicatedClient) error {
		return c.Do(ctx, c.B().Keys().Pattern("*").Build()).Error() // want `c\.Do sends KEYS`
	})
}

func interfaces(ctx context.Context, cc rueidis.CoreClient, cmd rueidis.CommandClient) {
	cc.Do(ctx, cc.B().Keys().Pattern("*").Build())   // want `cc\.Do sends KEYS`
	cmd.Do(ctx, cmd.B().Keys().Pattern("*").Build()) // want `cmd\.Do sends KEYS`
}

// builtThenSent: the builder is reported when the command it builds is
// sent later in the function.
func builtThenSent(ctx context.Context, client rueidis.Client) {
	cmd := client.B().Keys().Pattern("*").Build() // want `client\.B\(\)\.Keys\(\) builds KEYS, sent by client\.Do at line \d+, which walks the whole keyspace`
	client.Do(ctx, cmd)

	cmds := make(rueidis.Commands, 0, 2)
	cmds = append(cmds, client.B().Get().Key("a").Build())
	cmds = append(cmds, client.B().Keys().Pattern("*").Build()) // want `client\.B\(\)\.Keys\(\) builds KEYS, sent by client\.DoMulti at line`
	client.DoMulti(ctx, cmds...)

	b := client.B()
	var batch = rueidis.Commands{b.Keys().Pattern("*").Build()} // want `b\.Keys\(\) builds KEYS, sent by client\.DoMulti`
	client.DoMulti(ctx, batch...)
}

// silent: SCAN, KEYS that is built but not sent here, a chain through a
// variable, and a user's own Do.
func silent(ctx context.Context, client rueidis.Client, send func(rueidis.Completed)) rueidis.Completed {
	var cursor uint64
	for {
		e, err := client.Do(ctx, client.B().Scan().Cursor(cursor).Match("user:*").Count(500).Build()).AsScanEntry()
		if err != nil || e.Cursor == 0 {
			break
		}
		cursor = e.Cursor
	}
	cmd := client.B().Keys().Pattern("*").Build()
	send(cmd) // handed on: not known to be sent
	k := client.B().Keys()
	client.Do(ctx, k.Pattern("*").Build())
	var f fake
	f.Do(ctx, client.B().Keys().Pattern("*").Build())
	client.Do(ctx, client.B().Keys().Pattern("*").Build()) //redislint:ignore nokeys a test keyspace of ten keys
	return client.B().Keys().Pattern("*").Build()
}

type fake struct{}

func (fake) Do(context.Context, rueidis.Completed) {}
