// Package redigo exercises redisapi's matching of redigo calls: the Redis
// command is the constant name argument, in any case.
package redigo

import (
	"context"
	"time"

	"github.com/gomodule/redigo/redis"
)

func commands(ctx context.Context, conn redis.Conn, name string) {
	conn.Do("KEYS", "*")                             // want `KEYS on redigo \(raw\)`
	conn.Do("get", "k")                              // want `GET on redigo \(raw\)`
	conn.Send("SET", "k", 1)                         // want `SET on redigo \(raw\) \(queued\)`
	conn.Do("CLIENT", "kill", "addr")                // want `CLIENT KILL on redigo \(raw\)`
	conn.Do("MULTI")                                 // want `MULTI on redigo \(raw\)`
	redis.DoContext(conn, ctx, "keys", "*")          // want `KEYS on redigo \(raw\)`
	redis.DoWithTimeout(conn, time.Second, "Blpop")  // want `BLPOP on redigo \(raw\)`
	redis.Values(conn.Do("SCAN", 0, "MATCH", "u:*")) // want `SCAN on redigo \(raw\)`
	conn.Do("DEL", []any{"a", "b"}...)               // want `DEL on redigo \(raw\)`
	conn.Do(name, "k")                               // a name that is not a constant: unknown
	conn.Do("")                                      // flushes and reads the pending replies: no command
	conn.Flush()
	conn.Receive()
}

func interfaces(ctx context.Context, cc redis.ConnWithContext, ct redis.ConnWithTimeout) {
	cc.DoContext(ctx, "KEYS", "*")                  // want `KEYS on redigo \(raw\)`
	ct.DoWithTimeout(time.Second, "EXPIRE", "k", 1) // want `EXPIRE on redigo \(raw\)`
	cc.Do("HSET", "h", "f", 1)                      // want `HSET on redigo \(raw\)`
	cc.Close()                                      // want `Releases on redigo`
}

type wrapped struct {
	redis.Conn
}

type myConn interface {
	redis.Conn
	Name() string
}

func embedded(w wrapped, m myConn) {
	w.Do("KEYS", "*") // want `KEYS on redigo \(raw\)`
	m.Do("KEYS", "*") // want `KEYS on redigo \(raw\)`
	w.Close()         // want `Releases on redigo`
}

func lifecycle(ctx context.Context, pool *redis.Pool) error {
	conn := pool.Get()              // want `AcquiresConn on redigo`
	defer conn.Close()              // want `Releases on redigo`
	c2, err := pool.GetContext(ctx) // want `AcquiresConn on redigo`
	if err != nil {
		return err
	}
	c2.Close()                                   // want `Releases on redigo`
	c3, _ := redis.Dial("tcp", ":6379")          // want `DialsConn on redigo`
	c4, _ := redis.DialURL("redis://localhost")  // want `DialsConn on redigo`
	c5, _ := redis.DialContext(ctx, "tcp", ":0") // want `DialsConn on redigo`
	_ = redis.DialPassword("secret")             // an option, not a connection
	psc := redis.PubSubConn{Conn: c3}
	psc.Close() // PubSubConn.Close: not a Conn's
	pool.Close()
	_, _ = c4, c5
	return nil
}

// own has redigo's method names on a type of its own: never a match.
type own struct{}

func (own) Do(string, ...any) (any, error) { return nil, nil }
func (own) Get() own                       { return own{} }
func (own) Close() error                   { return nil }

func unrelated(o own) {
	o.Do("KEYS", "*")
	o.Get().Close()
}
