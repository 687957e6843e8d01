package silent

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Blocking commands wait on the server by design.
func workers(ctx context.Context, rdb *redis.Client, queues []string) {
	for _, q := range queues {
		rdb.BRPop(ctx, time.Second, q)
	}
	for i := 0; i < 10; i++ {
		rdb.BLPop(ctx, 0, "jobs")
		rdb.Incr(ctx, "taken")
	}
	for range 3 {
		rdb.BZPopMin(ctx, time.Second, "z")
	}
	for _, s := range queues {
		rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{s, "$"}, Block: time.Second})
	}
	for _, s := range queues {
		rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{s, ">"}, Block: time.Second})
	}
	for range 3 {
		rdb.Wait(ctx, 1, time.Second)
	}
}

// A worker loop: bare for, and for with a condition only.
func worker(ctx context.Context, rdb *redis.Client) {
	for {
		if ctx.Err() != nil {
			return
		}
		rdb.Incr(ctx, "ticks")
	}
}

func whileLoop(ctx context.Context, rdb *redis.Client) {
	for ctx.Err() == nil {
		rdb.Incr(ctx, "ticks")
	}
}

// Range over a channel, and over an iterator that may be a stream.
func fromChannel(ctx context.Context, rdb *redis.Client, keys <-chan string, next func(func(string) bool)) {
	for k := range keys {
		rdb.Del(ctx, k)
	}
	for k := range next {
		rdb.Del(ctx, k)
	}
}

// Receiving from a PubSub.
func relay(ctx context.Context, rdb *redis.Client, ps *redis.PubSub, n int) {
	for range n {
		msg, err := ps.ReceiveMessage(ctx)
		if err != nil {
			return
		}
		rdb.LPush(ctx, "log", msg.Payload)
	}
}

// Paced loops: sleep, ticker, timer, select, a rate limiter.
type limiter interface {
	Wait(ctx context.Context) error
}

func paced(ctx context.Context, rdb *redis.Client, keys []string, tick *time.Ticker, lim limiter) {
	for _, k := range keys {
		rdb.Del(ctx, k)
		time.Sleep(10 * time.Millisecond)
	}
	for _, k := range keys {
		<-tick.C
		rdb.Del(ctx, k)
	}
	for _, k := range keys {
		select {
		case <-ctx.Done():
			return
		default:
		}
		rdb.Del(ctx, k)
	}
	for _, k := range keys {
		_ = lim.Wait(ctx)
		rdb.Del(ctx, k)
	}
}

// A command name that is not a constant may be anything, BLPOP included.
func anyCommand(ctx context.Context, rdb *redis.Client, cmds [][]any) {
	for _, args := range cmds {
		rdb.Do(ctx, args...)
	}
}
