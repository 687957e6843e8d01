// Package store wraps a redigo pool; package app uses it without importing
// redigo.
package store

import "github.com/gomodule/redigo/redis"

// Pool returns the process's pool.
func Pool() *redis.Pool {
	return &redis.Pool{Dial: func() (redis.Conn, error) { return redis.Dial("tcp", ":6379") }}
}

// Release closes the connection it is handed.
func Release(c redis.Conn) {
	_ = c.Close()
}

// Ping only uses the connection it is handed: the caller still holds it.
func Ping(c redis.Conn) error {
	_, err := c.Do("PING")
	return err
}
