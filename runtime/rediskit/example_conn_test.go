package rediskit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

func ExampleWithConn() {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		panic(err)
	}
	defer m.Close()
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()}) // one client, shared by the program
	defer rdb.Close()
	ctx := context.Background()

	// Instead of conn := rdb.Conn() and a Close that an early return skips:
	err := rediskit.WithConn(ctx, rdb, func(conn *redis.Conn) error {
		// SELECT and CLIENT SETNAME apply to this connection only.
		if err := conn.Select(ctx, 2).Err(); err != nil {
			return err
		}
		if err := conn.ClientSetName(ctx, "report-job").Err(); err != nil {
			return err
		}
		return conn.Set(ctx, "report", "done", time.Hour).Err()
	})
	fmt.Println("error:", err)

	// The connection is closed; the pool's connections are still on db 0.
	fmt.Println("db 0 has report:", rdb.Exists(ctx, "report").Val() == 1)
	fmt.Println("db 2 has report:", m.DB(2).Exists("report"))
	// Output:
	// error: <nil>
	// db 0 has report: false
	// db 2 has report: true
}
