// Package valkey: commands built with valkey-go's Builder and sent by Do, // want package:`familyTTLs\(.*\)`
// DoMulti, DoCache and friends follow go-redis's rules, read from the
// chain's steps.
package valkey

import (
	"context"
	"time"

	"github.com/valkey-io/valkey-go"
)

func writes(ctx context.Context, c valkey.Client, d valkey.DedicatedClient, id string) {
	c.Do(ctx, c.B().Set().Key("s:"+id).Value("1").Build())                                     // want `SET through c.Do on key "s:" \+ id is not followed by an expiry; the key will never expire`
	c.Do(ctx, c.B().Set().Key("nx:"+id).Value("1").Nx().Build())                               // want `SET through c.Do on key "nx:" \+ id is not followed`
	c.Do(ctx, c.B().Hset().Key("h:"+id).FieldValue().FieldValue("f", "1").Build())             // want `HSET through c.Do on key "h:" \+ id is not followed`
	c.Do(ctx, c.B().Incr().Key("i:"+id).Build())                                               // want `INCR through c.Do on key "i:" \+ id is not followed`
	c.Do(ctx, c.B().Zadd().Key("z:"+id).ScoreMember().ScoreMember(1, "m").Build())             // want `ZADD through c.Do on key "z:" \+ id is not followed`
	c.Do(ctx, c.B().Xadd().Key("x:"+id).Id("*").FieldValue().FieldValue("f", "1").Build())     // want `XADD through c.Do on key "x:" \+ id is not followed`
	c.Do(ctx, c.B().Mset().KeyValue().KeyValue("m1:"+id, "1").KeyValue("m2:"+id, "2").Build()) // want `MSET through c.Do on key "m1:" \+ id is not followed`
	d.Do(ctx, d.B().Lpush().Key("l:"+id).Element("1").Build())                                 // want `LPUSH through d.Do on key "l:" \+ id is not followed`
	cmd := c.B().Sadd().Key("sa:" + id).Member("m").Build()
	c.Do(ctx, cmd)                                                     // want `SADD through c.Do on key "sa:" \+ id is not followed`
	c.Do(ctx, c.B().Arbitrary("SET").Keys("ar:"+id).Args("1").Build()) // want `SET through c.Do on key "ar:" \+ id is not followed`
}

func withTTL(ctx context.Context, c valkey.Client, id string, ttl time.Duration) {
	c.Do(ctx, c.B().Set().Key("a:"+id).Value("1").Ex(time.Minute).Build())
	c.Do(ctx, c.B().Set().Key("b:"+id).Value("1").ExSeconds(60).Build())
	c.Do(ctx, c.B().Set().Key("c:"+id).Value("1").Nx().PxMilliseconds(100).Build())
	c.Do(ctx, c.B().Set().Key("d:"+id).Value("1").Keepttl().Build())
	c.Do(ctx, c.B().Set().Key("e:"+id).Value("1").Xx().Build())
	c.Do(ctx, c.B().Setex().Key("f:"+id).Seconds(60).Value("1").Build())
	c.Do(ctx, c.B().Set().Key("g:"+id).Value("1").Exat(time.Now().Add(ttl)).Build())
	c.Do(ctx, c.B().Zadd().Key("zx:"+id).Xx().ScoreMember().ScoreMember(1, "m").Build())
	c.Do(ctx, c.B().Xadd().Key("xs:"+id).Maxlen().Almost().Threshold("1000").Id("*").FieldValue().FieldValue("f", "1").Build())
	c.Do(ctx, c.B().Arbitrary("SET").Keys("ar:"+id).Args("1", "EX", "60").Build())
}

func expired(ctx context.Context, c valkey.Client, id string) error {
	c.Do(ctx, c.B().Set().Key("k:"+id).Value("1").Build())
	c.Do(ctx, c.B().Expire().Key("k:"+id).Seconds(60).Build())
	c.Do(ctx, c.B().Hset().Key("hk:"+id).FieldValue().FieldValue("f", "1").Build())
	c.Do(ctx, c.B().Pexpire().Key("hk:"+id).Milliseconds(60000).Build())
	c.DoMulti(ctx,
		c.B().Set().Key("m:"+id).Value("1").Build(),
		c.B().Expire().Key("m:"+id).Seconds(60).Build())
	if err := c.Do(ctx, c.B().Incr().Key("e:"+id).Build()).Error(); err != nil {
		return err
	}
	c.Do(ctx, c.B().Expire().Key("e:"+id).Seconds(60).Build())
	n, err := c.Do(ctx, c.B().Incr().Key("n:"+id).Build()).AsInt64()
	if err != nil {
		return err
	}
	if n == 1 {
		c.Do(ctx, c.B().Expire().Key("n:"+id).Seconds(60).Build())
	}
	cmds := valkey.Commands{
		c.B().Sadd().Key("cs:" + id).Member("m").Build(),
		c.B().Expire().Key("cs:" + id).Seconds(60).Build(),
	}
	c.DoMulti(ctx, cmds...)
	c.Do(ctx, c.B().Sadd().Key("del:"+id).Member("m").Build())
	c.Do(ctx, c.B().Del().Key("x", "del:"+id).Build())
	c.Do(ctx, c.B().Set().Key("gx:"+id).Value("1").Build())
	c.Do(ctx, c.B().Getex().Key("gx:"+id).Ex(time.Minute).Build())
	return nil
}

func notCovered(ctx context.Context, c valkey.Client, id string) {
	c.DoMulti(ctx, c.B().Expire().Key("r:"+id).Seconds(60).Build(), c.B().Set().Key("r:"+id).Value("1").Build()) // want `SET through c.DoMulti on key "r:" \+ id is not followed`
	c.Do(ctx, c.B().Set().Key("o:"+id).Value("1").Build())                                                       // want `SET through c.Do on key "o:" \+ id is not followed`
	c.Do(ctx, c.B().Expire().Key("other:"+id).Seconds(60).Build())
	c.Do(ctx, c.B().Hset().Key("xx:"+id).FieldValue().FieldValue("f", "1").Build()) // want `HSET through c.Do on key "xx:" \+ id is not followed`
	c.Do(ctx, c.B().Expire().Key("xx:"+id).Seconds(60).Xx().Build())
	c.Do(ctx, c.B().Hset().Key("z0:"+id).FieldValue().FieldValue("f", "1").Build()) // want `HSET through c.Do on key "z0:" \+ id is not followed`
	c.Do(ctx, c.B().Expire().Key("z0:"+id).Seconds(0).Build())
	c.Do(ctx, c.B().Set().Key("rd:"+id).Value("1").Build()) // want `SET through c.Do on key "rd:" \+ id is not followed`
	c.Do(ctx, c.B().Get().Key("rd:"+id).Build())
	c.DoCache(ctx, c.B().Get().Key("rd:"+id).Cache(), time.Minute)
	c.Do(ctx, c.B().Set().Key("p:"+id).Value("1").Build()) // want `SET through c.Do on key "p:" \+ id is not followed`
	c.Do(ctx, c.B().Persist().Key("p:"+id).Build())
}

// unknown: a command built elsewhere, commands in a slice built
// elsewhere, a chain that goes through a variable: nothing is known.
func unknown(ctx context.Context, c valkey.Client, id string, cmd valkey.Completed, cmds valkey.Commands) {
	c.Do(ctx, c.B().Set().Key("u1:"+id).Value("1").Build())
	c.Do(ctx, cmd)
	c.Do(ctx, c.B().Set().Key("u2:"+id).Value("1").Build())
	c.DoMulti(ctx, cmds...)
	set := c.B().Set()
	c.Do(ctx, set.Key("u3:"+id).Value("1").Build())
	c.Do(ctx, c.B().Set().Key("u4:"+id).Value("1").Build())
	c.Do(ctx, c.B().Arbitrary(id).Keys("u4:"+id).Build())
}

// existing: a write that keeps the TTL of a key just found to exist is
// not reported.
func existing(ctx context.Context, c valkey.Client, id string) {
	if n, _ := c.Do(ctx, c.B().Exists().Key("ex:"+id).Build()).AsInt64(); n == 1 {
		c.Do(ctx, c.B().Incr().Key("ex:"+id).Build())
	}
	if ok, _ := c.Do(ctx, c.B().Hexists().Key("hx:"+id).Field("f").Build()).AsBool(); ok {
		c.Do(ctx, c.B().Hincrby().Key("hx:"+id).Field("f").Increment(1).Build())
		c.Do(ctx, c.B().Hincrby().Key("hy:"+id).Field("f").Increment(1).Build()) // want `HINCRBY through c.Do on key "hy:" \+ id is not followed`
	}
}
