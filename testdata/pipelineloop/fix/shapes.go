package fix

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// The import's local name is used.
func aliased(ctx context.Context, rdb *goredis.Client, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, strings.ToLower(k)) // want `Del on rdb runs once per element of keys`
	}
}

// pipe is taken: the closure's parameter gets another name.
func clash(ctx context.Context, rdb *goredis.Client, pipe chan string, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
	close(pipe)
}

func clashInside(ctx context.Context, rdb *goredis.Client, keys []string) {
	for _, k := range keys {
		pipe, pipe2 := k+":a", k+":b"
		rdb.Del(ctx, pipe, pipe2) // want `Del on rdb runs once per element of keys`
	}
}

// A labeled outer loop that sends nothing itself: the inner loop is
// reported, and its continue to the outer label leaves no fix.
func labeled(ctx context.Context, rdb *goredis.Client, groups [][]string) {
outer:
	for _, g := range groups {
		for _, k := range g {
			if k == "" {
				continue outer
			}
			rdb.Del(ctx, k) // want `Del on rdb runs once per element of g`
		}
	}
}

// Logging and formatting take no context: they cannot talk to Redis.
func logged(ctx context.Context, rdb *goredis.Client, ids []int) {
	for _, id := range ids {
		key := fmt.Sprintf("job:%d", id)
		rdb.Del(ctx, key) // want `Del on rdb runs once per element of ids`
		log.Printf("deleted %s", key)
	}
}

func audit(ctx context.Context, msg string) {}

// A call that takes a context may send commands of its own, which would
// then run before the queued ones: no fix.
func withHelper(ctx context.Context, rdb *goredis.Client, keys []string) {
	for _, k := range keys {
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
		audit(ctx, k)
	}
}

// A reply or error that is used: no fix.
func used(ctx context.Context, rdb *goredis.Client, keys []string) error {
	for _, k := range keys {
		if err := rdb.Del(ctx, k).Err(); err != nil { // want `Del on rdb runs once per element of keys`
			return err
		}
	}
	return nil
}

// Two clients: no fix.
func twoClients(ctx context.Context, a, b *goredis.Client, keys []string) {
	for _, k := range keys {
		a.Del(ctx, k) // want `Del on a runs once per element of keys`
		b.Del(ctx, k)
	}
}

// A context made in the loop is not there before it: no fix.
func loopContext(ctx context.Context, rdb *goredis.Client, keys []string) {
	for _, k := range keys {
		c, cancel := context.WithTimeout(ctx, time.Second)
		rdb.Del(c, k) // want `Del on rdb runs once per element of keys`
		cancel()
	}
}

// defer in the loop would run when the closure returns: no fix.
func deferred(ctx context.Context, rdb *goredis.Client, keys []string) {
	for _, k := range keys {
		defer fmt.Println(k)
		rdb.Del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
}

// A method value cannot be turned onto the pipeline: no fix.
func methodValue(ctx context.Context, rdb *goredis.Client, keys []string) {
	del := rdb.Del
	for _, k := range keys {
		del(ctx, k) // want `Del on rdb runs once per element of keys`
	}
}

// A break of a label outside the loop would not compile in the closure:
// no fix.
func breakOuter(ctx context.Context, rdb *goredis.Client, work <-chan []string) {
outer:
	for {
		for i := 0; i < 10; i++ {
			if i == 5 {
				break outer
			}
			rdb.Del(ctx, "slot:"+fmt.Sprint(i)) // want `Del on rdb runs once per iteration while i < 10`
		}
		<-work
	}
}
