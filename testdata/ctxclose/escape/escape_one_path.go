package escape

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Handed to the caller on success, lost on the error path.
func subscribeChecked(ctx context.Context, rdb *redis.Client, ch string) (*redis.PubSub, error) {
	ps := rdb.Subscribe(ctx, ch) // want `ps from Subscribe is not closed on the path through the return at line 13`
	if _, err := ps.Receive(ctx); err != nil {
		return nil, err
	}
	return ps, nil
}

// Stored on success, lost on the error path.
func (l *listener) start(ctx context.Context, rdb *redis.Client) error {
	conn := rdb.Conn() // want `conn from Conn is not closed on the path through the return at line 22`
	if err := conn.ClientSetName(ctx, "listener").Err(); err != nil {
		return err
	}
	l.conn = conn
	return nil
}

// Handed on under a condition that is not about an error: trusted.
func (l *listener) maybeKeep(ctx context.Context, rdb *redis.Client, keep bool) {
	ps := rdb.Subscribe(ctx, "events")
	if keep {
		l.ps = ps
	}
}
