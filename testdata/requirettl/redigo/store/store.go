// Package store wraps redigo's commands, as services do: its callers // want package:`familyTTLs\("cache:"\)`
// learn what each helper does from its facts.
package store

import "github.com/gomodule/redigo/redis"

// Put is a pass-through wrapper: each caller is checked.
func Put(conn redis.Conn, key string, v any) error { // want Put:`writesKey\(1 SET\)`
	_, err := conn.Do("SET", key, v)
	return err
}

// Touch expires its key.
func Touch(conn redis.Conn, key string) { // want Touch:`expiresKey\(1\)`
	conn.Do("EXPIRE", key, 60)
}

// Keep removes the key's TTL: not an expiry helper.
func Keep(conn redis.Conn, key string) {
	conn.Do("EXPIRE", key, 60)
	conn.Do("PERSIST", key)
}

// Cache gives the cache family its TTL.
func Cache(conn redis.Conn, id string) { // want Cache:`mayExpire\(1\)`
	conn.Do("SET", "cache:"+id, 1, "EX", 60)
}
