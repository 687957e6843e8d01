package redigo

import (
	"context"

	"github.com/gomodule/redigo/redis"
)

// The classic leak: an early return before the Close.
func selectThenGet(pool *redis.Pool, db int, key string) (string, error) {
	conn := pool.Get() // want `conn from Get is not closed on the path through the return at line 13; it holds one of the pool's connections until closed`
	if _, err := conn.Do("SELECT", db); err != nil {
		return "", err
	}
	v, err := redis.String(conn.Do("GET", key))
	conn.Close()
	return v, err
}

// After a successful GetContext, a later error check is not about the
// connection: its return leaks it.
func laterError(ctx context.Context, pool *redis.Pool, key string) error {
	conn, err := pool.GetContext(ctx) // want `conn from GetContext is not closed on the path through the return at line 29`
	if err != nil {
		return err
	}
	_, err = conn.Do("INCR", key)
	if err != nil {
		return err
	}
	return conn.Close()
}

// A connection per item, closed only at the end.
func perItem(pool *redis.Pool, keys []string) {
	var conn redis.Conn
	for _, k := range keys {
		conn = pool.Get() // want `conn from Get is not closed before the loop at line 37 acquires the next one`
		conn.Do("DEL", k)
	}
	if conn != nil {
		conn.Close()
	}
}

// Used once and thrown away: the pool never gets it back.
func dropped(pool *redis.Pool, key string) error {
	_, err := pool.Get().Do("DEL", key) // want `the Conn from Get is used for Do and never closed; keep it in a variable and defer its Close`
	pool.Get()                          // want `the Conn from Get is discarded and never closed`
	_, err2 := redis.Dial("tcp", ":0")  // want `the Conn from Dial is discarded and never closed`
	_ = err2
	return err
}
