package client

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A client in a function named main outside package main is per call like
// any other.
func main() {
	rdb := redis.NewClient(&redis.Options{}) // want `rdb from NewClient is never closed`
	rdb.Ping(context.Background())
}
