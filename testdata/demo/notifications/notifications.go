// Package notifications delivers user notifications over Redis Pub/Sub and
// shows badge counts. Each trap sits next to its correct form.
package notifications

import (
	"context"
	"fmt"
	"net/http"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/runtime/rediskit"
)

func channel(user string) string { return "notify:" + user }

// Listen delivers user's notifications until ctx is done. It never closes
// its subscription: every call leaves a connection subscribed behind it.
func Listen(ctx context.Context, rdb *redis.Client, user string, deliver func(string)) {
	ps := rdb.Subscribe(ctx, channel(user))
	ch := ps.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-ch:
			deliver(msg.Payload)
		}
	}
}

// ListenClosed is Listen with the subscription closed when it returns.
func ListenClosed(ctx context.Context, rdb *redis.Client, user string, deliver func(string)) {
	ps := rdb.Subscribe(ctx, channel(user))
	defer ps.Close()
	ch := ps.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg := <-ch:
			deliver(msg.Payload)
		}
	}
}

// BadgeHandler serves a user's badge count. It builds a client, and with it
// a connection pool, on every request, and never closes it.
func BadgeHandler(addr string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rdb := redis.NewClient(&redis.Options{Addr: addr})
		n, err := rdb.Get(r.Context(), "badge:"+r.URL.Query().Get("user")).Int()
		if err != nil && err != redis.Nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = fmt.Fprintln(w, n)
	}
}

// SharedBadgeHandler serves the same from the one client the program
// shares.
func SharedBadgeHandler(rdb *redis.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := rdb.Get(r.Context(), "badge:"+r.URL.Query().Get("user")).Int()
		if err != nil && err != redis.Nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = fmt.Fprintln(w, n)
	}
}

// Badge reads a badge on a connection named for CLIENT LIST. When naming
// fails it returns before the deferred Close is registered: the connection
// never goes back.
func Badge(ctx context.Context, rdb *redis.Client, user string) (string, error) {
	conn := rdb.Conn()
	if err := conn.ClientSetName(ctx, "notifications").Err(); err != nil {
		return "", err
	}
	defer conn.Close()
	return conn.Get(ctx, "badge:"+user).Result()
}

// BadgeWithConn does the same with rediskit.WithConn, which closes the
// connection on every path.
func BadgeWithConn(ctx context.Context, rdb *redis.Client, user string) (string, error) {
	var badge string
	err := rediskit.WithConn(ctx, rdb, func(conn *redis.Conn) error {
		if err := conn.ClientSetName(ctx, "notifications").Err(); err != nil {
			return err
		}
		var err error
		badge, err = conn.Get(ctx, "badge:"+user).Result()
		return err
	})
	return badge, err
}
