package conn

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// One Conn for the whole loop: fine.
func outsideLoop(ctx context.Context, rdb *redis.Client, keys []string) {
	conn := rdb.Conn()
	defer conn.Close()
	for _, k := range keys {
		conn.Get(ctx, k)
	}
}

// One Conn per iteration, closed at its end: fine.
func perIteration(ctx context.Context, rdb *redis.Client, dbs []int) {
	for _, db := range dbs {
		conn := rdb.Conn()
		conn.Select(ctx, db)
		conn.FlushDB(ctx)
		conn.Close()
	}
}

// A continue skips the Close.
func continueSkipsClose(ctx context.Context, rdb *redis.Client, dbs []int) {
	for _, db := range dbs {
		conn := rdb.Conn() // want `conn from Conn is not closed before the loop at line 30 acquires the next one`
		if err := conn.Select(ctx, db).Err(); err != nil {
			continue
		}
		conn.FlushDB(ctx)
		conn.Close()
	}
}

// Never closed in a counted loop: reported, and no fix, since a defer in
// the loop would hold every connection until the function returns.
func neverClosedInLoop(ctx context.Context, rdb *redis.Client, n int) {
	for i := 0; i < n; i++ {
		conn := rdb.Conn() // want `conn from Conn is not closed before the loop at line 43 acquires the next one`
		conn.Ping(ctx)
	}
}

// A defer inside the loop releases every one when the function returns.
func deferInLoop(ctx context.Context, rdb *redis.Client, dbs []int) {
	for _, db := range dbs {
		conn := rdb.Conn()
		defer conn.Close()
		conn.Select(ctx, db)
	}
}

// A variable of the function, given a new Conn before the old one is closed.
func reassigned(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn() // want `conn from Conn is not closed before conn is reassigned at line 62`
	conn.Ping(ctx)
	conn = rdb.Conn()
	defer conn.Close()
	conn.Ping(ctx)
}

// Closed before it is given a new one: fine.
func reassignedAfterClose(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn()
	conn.Ping(ctx)
	conn.Close()
	conn = rdb.Conn()
	defer conn.Close()
	conn.Ping(ctx)
}

// Break out of the loop with the Conn, closed after it: fine.
func breakThenClose(ctx context.Context, rdb *redis.Client, dbs []int) {
	var conn *redis.Conn
	for _, db := range dbs {
		conn = rdb.Conn()
		if conn.Select(ctx, db).Err() == nil {
			break
		}
		conn.Close()
		conn = nil
	}
	if conn != nil {
		defer conn.Close()
	}
}

// A worker loop that never returns: nothing to report.
func forever(ctx context.Context, rdb *redis.Client) {
	conn := rdb.Conn()
	for {
		conn.BLPop(ctx, 0, "jobs")
	}
}
