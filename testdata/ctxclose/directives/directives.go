// Package directives: suppressed findings are not reported, and -fix does
// not touch them.
package directives

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ignored(ctx context.Context, rdb *redis.Client) {
	ps := rdb.Subscribe(ctx, "events") //redislint:ignore ctxclose the process exits after the first message
	ps.Receive(ctx)
}

func ignoredAbove(ctx context.Context, rdb *redis.Client) {
	//redislint:ignore ctxclose,nokeys closed by the supervisor
	conn := rdb.Conn()
	conn.Ping(ctx)
}

func nolint(ctx context.Context) {
	rdb := redis.NewClient(&redis.Options{}) //nolint:ctxclose // one-shot tool
	rdb.Ping(ctx)
}

func otherAnalyzer(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn() //redislint:ignore nokeys not this one // want `conn from Conn is never closed`
	conn.Ping(ctx)
}

func noReason(ctx context.Context, rdb *redis.Client) {
	// want +1 `redislint:ignore directive needs a reason` `conn from Conn is never closed`
	conn := rdb.Conn() //redislint:ignore ctxclose
	conn.Ping(ctx)
}
