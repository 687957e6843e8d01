// Command cmd: the client built in main lives as long as the process.
package main

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func main() {
	rdb := redis.NewClient(&redis.Options{})
	rdb.Ping(context.Background())
	ps := rdb.Subscribe(context.Background(), "events")
	<-ps.Channel()
	pipe := rdb.Pipeline() // want `pipe from Pipeline queues commands that are never sent`
	pipe.Incr(context.Background(), "n")
}
