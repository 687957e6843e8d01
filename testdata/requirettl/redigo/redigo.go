// Package redigo: writes sent through redigo's Do, Send, DoContext and // want package:`familyTTLs\(.*\)`
// DoWithTimeout follow go-redis's rules, read from the command's
// arguments.
package redigo

import (
	"context"
	"time"

	"github.com/gomodule/redigo/redis"

	"github.com/redislint/redislint/testdata/requirettl/redigo/store"
)

func writes(conn redis.Conn, id string) {
	conn.Do("SET", "s:"+id, 1)                // want `SET through conn.Do on key "s:" \+ id is not followed by an expiry; the key will never expire`
	conn.Do("set", "lc:"+id, 1)               // want `SET through conn.Do on key "lc:" \+ id is not followed`
	conn.Do("SET", "nx:"+id, 1, "NX")         // want `SET through conn.Do on key "nx:" \+ id is not followed`
	conn.Do("HSET", "h:"+id, "f", 1)          // want `HSET through conn.Do on key "h:" \+ id is not followed`
	conn.Do("INCR", "i:"+id)                  // want `INCR through conn.Do on key "i:" \+ id is not followed`
	conn.Send("SADD", "sa:"+id, 1)            // want `SADD through conn.Send on key "sa:" \+ id is not followed`
	conn.Do("ZADD", "z:"+id, 1, "m")          // want `ZADD through conn.Do on key "z:" \+ id is not followed`
	conn.Do("ZADD", "znx:"+id, "NX", 1, "m")  // want `ZADD through conn.Do on key "znx:" \+ id is not followed`
	conn.Do("XADD", "x:"+id, "*", "f", 1)     // want `XADD through conn.Do on key "x:" \+ id is not followed`
	conn.Do("MSET", "m1:"+id, 1, "m2:"+id, 2) // want `MSET through conn.Do on key "m1:" \+ id is not followed`
	conn.Do("LPUSH", "l:"+id, 1)              // want `LPUSH through conn.Do on key "l:" \+ id is not followed`
	conn.Do("GETSET", "gs:"+id, 1)            // want `GETSET through conn.Do on key "gs:" \+ id is not followed`
	conn.Do("HSET", "hs:"+id, "f", 1, "g", 2) // want `HSET through conn.Do on key "hs:" \+ id is not followed`
	conn.Do("PFADD", "pf:"+id, "a")           // want `PFADD through conn.Do on key "pf:" \+ id is not followed`
}

func withTTL(conn redis.Conn, id string, ttl int) {
	conn.Do("SET", "a:"+id, 1, "EX", 60)
	conn.Do("SET", "b:"+id, 1, "px", ttl)
	conn.Do("SET", "c:"+id, 1, "NX", "EX", ttl)
	conn.Do("SET", "c2:"+id, 1, "GET", "EXAT", time.Now().Unix()+60)
	conn.Do("SETEX", "d:"+id, 60, 1)
	conn.Do("PSETEX", "e:"+id, 60000, 1)
	conn.Do("SET", "f:"+id, 1, "KEEPTTL")
	conn.Do("SET", "g:"+id, 1, "XX")
	conn.Do("ZADD", "zx:"+id, "XX", 1, "m")
	conn.Do("GEOADD", "gx:"+id, "XX", 1.5, 2.5, "m")
	conn.Do("XADD", "xs:"+id, "MAXLEN", "~", 1000, "*", "f", 1)
	conn.Do("XADD", "xn:"+id, "NOMKSTREAM", "*", "f", 1)
	conn.Do("LPUSHX", "lx:"+id, 1)
}

func expired(conn redis.Conn, id string, ttl int) error {
	conn.Do("SET", "k:"+id, 1)
	conn.Do("EXPIRE", "k:"+id, 60)
	conn.Do("HSET", "hk:"+id, "f", 1)
	conn.Do("PEXPIRE", "hk:"+id, ttl)
	conn.Send("INCR", "ik:"+id)
	conn.Send("EXPIREAT", "ik:"+id, time.Now().Unix()+60)
	conn.Do("SADD", "nx:"+id, 1)
	conn.Do("EXPIRE", "nx:"+id, 60, "NX")
	conn.Do("SADD", "del:"+id, 1)
	conn.Do("DEL", "x", "del:"+id)
	conn.Do("LPUSH", "lt:"+id, 1)
	conn.Do("LTRIM", "lt:"+id, 0, 99)
	conn.Do("SET", "gx:"+id, 1)
	conn.Do("GETEX", "gx:"+id, "EX", 60)
	if _, err := conn.Do("HSET", "err:"+id, "f", 1); err != nil {
		return err
	}
	conn.Do("EXPIRE", "err:"+id, 60)
	n, err := redis.Int(conn.Do("INCR", "n:"+id))
	if err != nil {
		return err
	}
	if n == 1 {
		conn.Do("EXPIRE", "n:"+id, 60)
	}
	return nil
}

func notCovered(conn redis.Conn, id string) {
	conn.Do("SET", "o:"+id, 1) // want `SET through conn.Do on key "o:" \+ id is not followed`
	conn.Do("EXPIRE", "other:"+id, 60)
	conn.Do("HSET", "xx:"+id, "f", 1) // want `HSET through conn.Do on key "xx:" \+ id is not followed`
	conn.Do("EXPIRE", "xx:"+id, 60, "XX")
	conn.Do("HSET", "z0:"+id, "f", 1) // want `HSET through conn.Do on key "z0:" \+ id is not followed`
	conn.Do("EXPIRE", "z0:"+id, 0)
	conn.Do("HSET", "p:"+id, "f", 1) // want `HSET through conn.Do on key "p:" \+ id is not followed`
	conn.Do("PERSIST", "p:"+id)
	conn.Do("SET", "r:"+id, 1) // want `SET through conn.Do on key "r:" \+ id is not followed`
	redis.String(conn.Do("GET", "r:"+id))
	conn.Do("SET", "ge:"+id, 1) // want `SET through conn.Do on key "ge:" \+ id is not followed`
	conn.Do("GETEX", "ge:"+id)
}

// unknown: an option that is not a constant, options in a spread, a
// command name that is not a constant: nothing is known.
func unknown(conn redis.Conn, id, opt, cmd string, args []any) {
	conn.Do("SET", "u1:"+id, 1, opt)
	conn.Do("SET", args...)
	conn.Do("SET", redis.Args{}.Add("u3:"+id).Add(1)...)
	conn.Do("HSET", "u4:"+id, "f", 1)
	conn.Do(cmd, "u4:"+id, 60)
	conn.Do("ZADD", "u5:"+id, opt, 1, "m")
	conn.Do("HSET", "u6:"+id, "f", 1)
	conn.Do("EXPIRE", "u6:"+id, 60, opt)
	conn.Do("HMSET", redis.Args{}.Add("u7:"+id).AddFlat(args)...)
	conn.Do("XADD", "u8:"+id, opt, "f", 1)
}

func contexts(ctx context.Context, conn redis.Conn, c redis.ConnWithContext, t redis.ConnWithTimeout, id string) {
	c.DoContext(ctx, "SET", "ctx:"+id, 1)            // want `SET through c.DoContext on key "ctx:" \+ id is not followed`
	t.DoWithTimeout(time.Second, "SET", "to:"+id, 1) // want `SET through t.DoWithTimeout on key "to:" \+ id is not followed`
	redis.DoContext(conn, ctx, "SET", "fc:"+id, 1)   // want `SET through redis.DoContext on key "fc:" \+ id is not followed`
	redis.DoWithTimeout(conn, time.Second, "SET", "ft:"+id, 1, "EX", 10)
	c.DoContext(ctx, "SET", "ctx2:"+id, 1)
	redis.DoContext(conn, ctx, "EXPIRE", "ctx2:"+id, 10)
}

// multi: a transaction queued with Send.
func multi(conn redis.Conn, id string) {
	conn.Send("MULTI")
	conn.Send("SET", "t:"+id, 1)
	conn.Send("EXPIRE", "t:"+id, 60)
	conn.Do("EXEC")
}

var touch = redis.NewScript(1, `return redis.call("EXPIRE", KEYS[1], 60)`)

// script: a script may expire any key.
func script(conn redis.Conn, id string) {
	conn.Do("HSET", "sc:"+id, "f", 1)
	touch.Do(conn, "sc:"+id)
}

// wrappers: the helpers of package store are judged by their facts.
func wrappers(conn redis.Conn, id string) {
	store.Put(conn, "w:"+id, 1) // want `SET through store.Put on key "w:" \+ id is not followed by an expiry`
	store.Put(conn, "w2:"+id, 1)
	store.Touch(conn, "w2:"+id)
	conn.Do("HSET", "w3:"+id, "f", 1) // want `HSET through conn.Do on key "w3:" \+ id is not followed`
	store.Keep(conn, "w3:"+id)
	conn.Do("SET", "cache:"+id, 1) // want `SET through conn.Do on key "cache:" \+ id is not followed by an expiry; the key will never expire, though keys "cache:"... get a TTL at github.com/redislint/redislint/testdata/requirettl/redigo/store/store.go:26`
}

// handed: a function value handed the connection may expire any key, as
// one handed a go-redis client may.
func handed(conn redis.Conn, id string, fate func(redis.Conn)) {
	conn.Do("HSET", "fv:"+id, "f", 1)
	fate(conn)
}

// existing: a write that keeps the TTL of a key just found to exist is
// not reported; SET clears it, and is.
func existing(conn redis.Conn, id string) {
	if ok, _ := redis.Bool(conn.Do("EXISTS", "ex:"+id)); ok {
		conn.Do("INCR", "ex:"+id)
		conn.Do("SET", "ex:"+id, 1) // want `SET through conn.Do on key "ex:" \+ id is not followed`
	}
	n, err := redis.Int(conn.Do("EXISTS", "en:"+id))
	if err != nil || n == 0 {
		return
	}
	conn.Do("HSET", "en:"+id, "f", 1)
	if ok, _ := redis.Bool(conn.Do("EXISTS", "other:"+id)); ok {
		conn.Do("INCR", "ex2:"+id) // want `INCR through conn.Do on key "ex2:" \+ id is not followed`
	}
}
