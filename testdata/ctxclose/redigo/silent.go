package redigo

import (
	"context"
	"log"

	"github.com/gomodule/redigo/redis"
)

func deferred(pool *redis.Pool, key string) (string, error) {
	conn := pool.Get()
	defer conn.Close()
	return redis.String(conn.Do("GET", key))
}

func deferredClosure(pool *redis.Pool, key string) error {
	conn := pool.Get()
	defer func() {
		if err := conn.Close(); err != nil {
			log.Print(err)
		}
	}()
	_, err := conn.Do("DEL", key)
	return err
}

// GetContext and Dial hold nothing when they fail.
func errorChecked(ctx context.Context, pool *redis.Pool, addr string) error {
	conn, err := pool.GetContext(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	c, err := redis.DialContext(ctx, "tcp", addr)
	if err != nil || c == nil {
		return err
	}
	defer c.Close()
	_, err = c.Do("PING")
	return err
}

func errEqualNil(pool *redis.Pool) error {
	conn, err := pool.GetContext(context.Background())
	if err == nil {
		_, err = conn.Do("PING")
		conn.Close()
	}
	return err
}

// A failed Get hands out a connection that holds nothing, with the error
// in Err.
func connErr(pool *redis.Pool) error {
	conn := pool.Get()
	if conn.Err() != nil {
		return conn.Err()
	}
	defer conn.Close()
	_, err := conn.Do("PING")
	return err
}

func connErrInit(pool *redis.Pool) error {
	conn := pool.Get()
	if err := conn.Err(); err != nil {
		return err
	}
	defer conn.Close()
	_, err := conn.Do("PING")
	return err
}

// Handed on: returned, stored, wrapped, passed.
func handedOn(pool *redis.Pool, keep func(redis.Conn), s *holder) redis.Conn {
	keep(pool.Get())
	s.conn = pool.Get()
	psc := redis.PubSubConn{Conn: pool.Get()}
	_ = psc
	logged := redis.NewLoggingConn(pool.Get(), log.Default(), "redis")
	s.conn = logged
	c := pool.Get()
	keep(c)
	return pool.Get()
}

type holder struct{ conn redis.Conn }

func get(pool *redis.Pool) (redis.Conn, error) {
	c, err := redis.Dial("tcp", ":6379")
	if err != nil {
		return nil, err
	}
	return c, nil
}

// release closes the connection it is handed (a fact), use only borrows it.
func release(c redis.Conn) { _ = c.Close() } // want release:`paramUse\(closes \[0\], borrows \[\]\)`

func use(c redis.Conn) error { _, err := c.Do("PING"); return err } // want use:`paramUse\(closes \[\], borrows \[0\]\)`

func viaHelpers(pool *redis.Pool) error {
	conn := pool.Get()
	defer release(conn)
	return use(conn)
}

// A script only borrows the connection.
var incr = redis.NewScript(1, `return redis.call('INCR', KEYS[1])`)

func script(pool *redis.Pool) error {
	conn := pool.Get()
	defer conn.Close()
	_, err := incr.Do(conn, "n")
	return err
}

// own has a Get and a Close of its own.
type own struct{}

func (own) Get() own     { return own{} }
func (own) Close() error { return nil }

func unrelated(o own) {
	c := o.Get()
	_ = c
}
