package subscribe

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A nil check before Close: fine.
func nilChecked(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events")
	_, err := ps.Receive(ctx)
	if ps != nil {
		ps.Close()
	}
	return err
}

// Subscribed and closed under the same condition: fine.
func sameCondition(ctx context.Context, rdb *redis.Client, live bool) {
	var ps *redis.PubSub
	if live {
		ps = rdb.Subscribe(ctx, "events")
	}
	rdb.Publish(ctx, "events", "hello")
	if live {
		ps.Close()
	}
}

// Closed only when an error occurs, then returned: the success path hands
// it to the caller, and the other path returns it too.
func closeOnError(ctx context.Context, rdb *redis.Client) (*redis.PubSub, error) {
	ps := rdb.Subscribe(ctx, "events")
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return nil, err
	}
	return ps, nil
}

// Closed only when an error occurs, and not otherwise.
func closeOnlyOnError(ctx context.Context, rdb *redis.Client) error {
	ps := rdb.Subscribe(ctx, "events") // want `ps from Subscribe is not closed on the path through the return at line 49`
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return err
	}
	return nil
}

// Paths that end the program or panic do not leak.
func noReturn(ctx context.Context, rdb *redis.Client, fatal func(error)) error {
	ps := rdb.Subscribe(ctx, "events")
	if _, err := ps.Receive(ctx); err != nil {
		panic(err)
	}
	defer ps.Close()
	return nil
}
