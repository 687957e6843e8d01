// Package subscribe: a *PubSub from Subscribe, PSubscribe or SSubscribe
// holds a connection until Close.
package subscribe

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func listen(ctx context.Context, rdb *redis.Client, handle func(*redis.Message)) {
	ps := rdb.Subscribe(ctx, "orders") // want `ps from Subscribe is never closed; it holds a connection until closed: defer ps.Close\(\)`
	for msg := range ps.Channel() {
		handle(msg)
	}
}

func listenPattern(ctx context.Context, rdb redis.UniversalClient, handle func(*redis.Message)) {
	sub := rdb.PSubscribe(ctx, "orders.*") // want `sub from PSubscribe is never closed`
	for msg := range sub.Channel() {
		handle(msg)
	}
}

func listenShard(ctx context.Context, cc *redis.ClusterClient) (*redis.Message, error) {
	ps := cc.SSubscribe(ctx, "orders") // want `ps from SSubscribe is never closed`
	return ps.ReceiveMessage(ctx)
}

// Closed with a defer: fine.
func listenClosed(ctx context.Context, rdb *redis.Client, handle func(*redis.Message)) {
	ps := rdb.Subscribe(ctx, "orders")
	defer ps.Close()
	for msg := range ps.Channel() {
		handle(msg)
	}
}

// Subscribed inside a loop that ends on ctx: one subscription per round.
func resubscribe(ctx context.Context, rdb *redis.Client, channels []string) {
	for _, ch := range channels {
		ps := rdb.Subscribe(ctx, ch) // want `ps from Subscribe is not closed before the loop at line 41 acquires the next one`
		if _, err := ps.Receive(ctx); err != nil {
			continue
		}
		ps.Close()
	}
}
