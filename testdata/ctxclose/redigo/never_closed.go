// Package redigo: connections from a redigo Pool (Get, GetContext) and
// from Dial must be closed on every path; an unclosed pool connection never
// goes back to the pool.
package redigo

import (
	"context"

	"github.com/gomodule/redigo/redis"
)

func set(pool *redis.Pool, key, value string) error {
	conn := pool.Get() // want `conn from Get is never closed; it holds one of the pool's connections until closed, and a pool with MaxActive blocks or fails once all are out: defer conn\.Close\(\) after Get`
	_, err := conn.Do("SET", key, value)
	return err
}

func getContext(ctx context.Context, pool *redis.Pool, key string) (string, error) {
	conn, err := pool.GetContext(ctx) // want `conn from GetContext is never closed; .*defer conn\.Close\(\) once GetContext succeeds`
	if err != nil {
		return "", err
	}
	return redis.String(redis.DoContext(conn, ctx, "GET", key))
}

func dial(addr, key string) (int, error) {
	c, err := redis.Dial("tcp", addr) // want `c from Dial is never closed; it holds a network connection until closed: defer c\.Close\(\) once Dial succeeds`
	if err != nil {
		return 0, err
	}
	return redis.Int(c.Do("INCR", key))
}

// An error check that is not the next statement: no fix, the defer's
// place is unclear.
func dialThenLog(addr string, logf func(string, ...any)) error {
	c, err := redis.Dial("tcp", addr) // want `c from Dial is never closed`
	logf("dialed %s", addr)
	if err != nil {
		return err
	}
	_, err = c.Do("PING")
	return err
}

// redis.DoContext only borrows the connection: it is still open after.
func borrowedByDoContext(ctx context.Context, pool *redis.Pool) error {
	conn := pool.Get() // want `conn from Get is never closed`
	_, err := redis.DoContext(conn, ctx, "PING")
	return err
}
