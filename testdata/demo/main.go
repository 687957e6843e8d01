// Command demo is a small service that keeps sessions, a leaderboard and a
// job queue in Redis, written the way such services often are: it works in
// development and contains one example of each trap redislint finds.
//
//	redislint ./...
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os/signal"
	"syscall"

	"github.com/redis/go-redis/v9"

	"example.com/demo/leaderboard"
	"example.com/demo/sessions"
	"example.com/demo/worker"
)

func main() {
	addr := flag.String("redis", "localhost:6379", "Redis address")
	listen := flag.String("listen", ":8080", "HTTP listen address")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	rdb := redis.NewClient(&redis.Options{Addr: *addr})
	defer rdb.Close()

	store := sessions.New(rdb)
	board := leaderboard.New(rdb, "weekly")
	go worker.Run(ctx, rdb)

	http.HandleFunc("/sessions", func(w http.ResponseWriter, r *http.Request) {
		ids, err := store.ListForUser(r.Context(), r.URL.Query().Get("user"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		for _, id := range ids {
			_, _ = w.Write([]byte(id + "\n"))
		}
	})
	http.HandleFunc("/top", func(w http.ResponseWriter, r *http.Request) {
		top, err := board.Top(r.Context(), 10)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		for _, e := range top {
			_, _ = w.Write([]byte(e + "\n"))
		}
	})
	srv := &http.Server{Addr: *listen}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
