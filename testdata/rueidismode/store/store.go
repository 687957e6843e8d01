// Package store wraps a rueidis client; package app uses it without
// importing rueidis.
package store

import "github.com/redis/rueidis"

// Client returns the process's client.
func Client() rueidis.Client {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{":6379"}})
	if err != nil {
		panic(err)
	}
	return c
}
