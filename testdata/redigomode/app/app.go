// Package app reaches redigo only through package store.
package app

import "example.com/redigomode/store"

// Names sends KEYS, and leaks its connection.
func Names() ([]any, error) {
	conn := store.Pool().Get()
	reply, err := conn.Do("KEYS", "user:*")
	if err != nil {
		return nil, err
	}
	store.Release(conn)
	v, _ := reply.([]any)
	return v, nil
}

// Count closes its connection through store.Release, on every path.
func Count(key string) (any, error) {
	conn := store.Pool().Get()
	defer store.Release(conn)
	return conn.Do("SCARD", key)
}

// Touch hands its connection to store.Ping, which only borrows it, and
// never closes it.
func Touch() error {
	conn := store.Pool().Get()
	return store.Ping(conn)
}
