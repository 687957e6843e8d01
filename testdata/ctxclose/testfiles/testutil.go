package testfiles

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// A file that imports "testing" is test support: not checked.
func MustConn(tb testing.TB, rdb *redis.Client) *redis.Conn {
	conn := rdb.Conn()
	if err := conn.Ping(context.Background()).Err(); err != nil {
		tb.Fatal(err)
	}
	return conn
}

func Subscribed(tb testing.TB, rdb *redis.Client) {
	ps := rdb.Subscribe(context.Background(), "events")
	if _, err := ps.Receive(context.Background()); err != nil {
		tb.Fatal(err)
	}
}
