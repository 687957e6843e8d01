// Package redigo: KEYS sent through redigo, whose commands are names.
package redigo

import (
	"context"
	"time"

	"github.com/gomodule/redigo/redis"
)

const keysCmd = "KEYS"

func reported(ctx context.Context, pool *redis.Pool, cc redis.ConnWithContext) ([]string, error) {
	conn := pool.Get()
	defer conn.Close()
	keys, err := redis.Strings(conn.Do("KEYS", "user:*")) // want `conn\.Do sends KEYS, which walks the whole keyspace in one blocking call; iterate with SCAN`
	if err != nil {
		return nil, err
	}
	conn.Do("keys", "*")                                  // want `conn\.Do sends KEYS`
	conn.Do(keysCmd, "*")                                 // want `conn\.Do sends KEYS`
	conn.Send("Keys", "*")                                // want `conn\.Send queues KEYS`
	redis.DoContext(conn, ctx, "keys", "*")               // want `redis\.DoContext sends KEYS`
	redis.DoWithTimeout(conn, time.Second, "KEYS", "a:*") // want `redis\.DoWithTimeout sends KEYS`
	cc.DoContext(ctx, "KEYS", "*")                        // want `cc\.DoContext sends KEYS`
	args := []any{"*"}
	conn.Do("KEYS", args...)   // want `conn\.Do sends KEYS`
	pool.Get().Do("KEYS", "*") // want `pool\.Get\(\)\.Do sends KEYS`
	return keys, nil
}

type store struct {
	redis.Conn
}

func embedded(s store) {
	s.Do("KEYS", "*") // want `s\.Do sends KEYS`
}

// scan walks the keyspace the way nokeys asks for.
func scan(conn redis.Conn, match string) ([]string, error) {
	var all []string
	cursor := 0
	for {
		values, err := redis.Values(conn.Do("SCAN", cursor, "MATCH", match, "COUNT", 1000))
		if err != nil {
			return nil, err
		}
		var keys []string
		if _, err := redis.Scan(values, &cursor, &keys); err != nil {
			return nil, err
		}
		all = append(all, keys...)
		if cursor == 0 {
			return all, nil
		}
	}
}

var keysScript = redis.NewScript(0, `return redis.call('KEYS', ARGV[1])`)

func silent(conn redis.Conn, name string) {
	conn.Do(name, "*")     // the command is not a constant: unknown
	conn.Do("GET", "KEYS") // KEYS is the key here
	conn.Do("COMMAND", "GETKEYS", "SET", "k", "v")
	f := conn.Do // a method value: its command is decided at each call
	f("KEYS", "*")
	keysScript.Do(conn, "*") // a script's text is not read
	conn.Do("KEYS", "*")     //redislint:ignore nokeys the test database holds ten keys
}

// own has a Do of its own.
type own struct{}

func (own) Do(string, ...any) (any, error) { return nil, nil }

func unrelated(o own) {
	o.Do("KEYS", "*")
}
