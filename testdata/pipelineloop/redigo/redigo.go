// Package redigo: redigo's Do sends a command and waits for its reply, so
// a loop of them is one round trip per item; Send only queues.
package redigo

import (
	"context"
	"time"

	"github.com/gomodule/redigo/redis"
)

func warm(conn redis.Conn, ids []string) error {
	for _, id := range ids {
		if _, err := conn.Do("SET", "product:"+id, "{}", "EX", 3600); err != nil { // want `conn.Do\("SET"\) runs once per element of ids: one round trip each; queue them with conn.Send, then one conn.Flush and a conn.Receive per reply`
			return err
		}
	}
	return nil
}

func readAll(conn redis.Conn, keys []string) ([]string, error) {
	var out []string
	for _, k := range keys {
		v, err := redis.String(conn.Do("get", k)) // want `conn.Do\("GET"\) runs once per element of keys`
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func withContext(ctx context.Context, conn redis.ConnWithContext, keys map[string]int) {
	for k := range keys {
		conn.DoContext(ctx, "DEL", k) // want `conn.DoContext\("DEL"\) runs once per entry of keys`
	}
}

func helperFuncs(ctx context.Context, conn redis.Conn, keys []string) {
	for _, k := range keys {
		redis.DoWithTimeout(conn, time.Second, "INCR", k) // want `redis.DoWithTimeout\("INCR"\) runs once per element of keys`
	}
}

// Silent: the batched form, a blocking command, a command whose name is
// not a constant, a connection per item, a reply that decides the loop.

func batched(conn redis.Conn, ids []string) error {
	for _, id := range ids {
		if err := conn.Send("SET", "product:"+id, "{}", "EX", 3600); err != nil {
			return err
		}
	}
	if err := conn.Flush(); err != nil {
		return err
	}
	for range ids {
		if _, err := conn.Receive(); err != nil {
			return err
		}
	}
	return nil
}

func blocking(conn redis.Conn, queues []string) {
	for _, q := range queues {
		conn.Do("BLPOP", q, 1)
	}
}

func unknownName(conn redis.Conn, cmds []string) {
	for _, c := range cmds {
		conn.Do(c, "k")
	}
}

func perItemConn(pool *redis.Pool, keys []string) {
	for _, k := range keys {
		conn := pool.Get()
		conn.Do("DEL", k)
		conn.Close()
	}
}

func untilFound(conn redis.Conn, keys []string) string {
	for _, k := range keys {
		v, err := redis.String(conn.Do("GET", k))
		if err == nil && v != "" {
			return v
		}
	}
	return ""
}

func notInTable(conn redis.Conn, keys []string) {
	for _, k := range keys {
		conn.Do("WATCH", k)
	}
}

// A type of the user's own with a Do method is not redigo.
type fake struct{}

func (fake) Do(cmd string, args ...any) (any, error) { return nil, nil }

func ownDo(f fake, keys []string) {
	for _, k := range keys {
		f.Do("GET", k)
	}
}

// A helper that sends on the connection it is given, per item.
func incr(conn redis.Conn, k string) error { // want incr:"roundTrip"
	_, err := conn.Do("INCR", k)
	return err
}

func viaHelper(conn redis.Conn, keys []string) {
	for _, k := range keys {
		incr(conn, k) // want `incr sends a round trip on every call and runs once per element of keys`
	}
}

// A helper that only queues.
func queue(conn redis.Conn, k string) error { return conn.Send("INCR", k) }

func viaQueue(conn redis.Conn, keys []string) {
	for _, k := range keys {
		queue(conn, k)
	}
	conn.Flush()
}

// A missing key ends the loop: the reply decides it.
func firstMissing(conn redis.Conn, keys []string) string {
	for _, k := range keys {
		_, err := redis.String(conn.Do("GET", k))
		if err == redis.ErrNil {
			return k
		}
	}
	return ""
}
