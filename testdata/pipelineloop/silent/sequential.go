// Package silent: loops whose round trips cannot be batched, or are
// batched already, and receivers that are not reported by default.
package silent

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// A SCAN cursor feeds the next iteration.
func scanPages(ctx context.Context, rdb *redis.Client, maxPages int) []string {
	var all []string
	var cursor uint64
	for i := 0; i < maxPages; i++ {
		keys, next, err := rdb.Scan(ctx, cursor, "user:*", 100).Result()
		if err != nil {
			return nil
		}
		all = append(all, keys...)
		cursor = next
		if cursor == 0 {
			break
		}
	}
	return all
}

// The cursor is the loop variable of a counted loop.
func scanCounted(ctx context.Context, rdb *redis.Client) (n int) {
	for cursor, first := uint64(0), true; first || cursor != 0; first = false {
		var keys []string
		keys, cursor = rdb.Scan(ctx, cursor, "*", 100).Val()
		n += len(keys)
	}
	return n
}

// A chain of GETs: each key is the previous reply.
func follow(ctx context.Context, rdb *redis.Client, start string, hops int) string {
	k := start
	for i := 0; i < hops; i++ {
		k = rdb.Get(ctx, "next:"+k).Val()
	}
	return k
}

// A chain through an intermediate variable.
func followVia(ctx context.Context, rdb *redis.Client, start string, hops int) string {
	cur := start
	for range hops {
		next, err := rdb.Get(ctx, cur).Result()
		if err != nil {
			break
		}
		cur = "node:" + next
	}
	return cur
}

// Return on a reply's value: the first existing key.
func firstExisting(ctx context.Context, rdb *redis.Client, candidates []string) string {
	for _, k := range candidates {
		if rdb.Exists(ctx, k).Val() == 1 {
			return k
		}
	}
	return ""
}

// Break on a reply's value.
func lockAll(ctx context.Context, rdb *redis.Client, keys []string) bool {
	ok := true
	for _, k := range keys {
		got, err := rdb.SetNX(ctx, "lock:"+k, 1, time.Minute).Result()
		if err != nil {
			return false
		}
		if !got {
			ok = false
			break
		}
	}
	return ok
}

// Return once a key exists: the exit follows a redis.Nil check, so it runs
// on success.
func firstValue(ctx context.Context, rdb *redis.Client, keys []string) (string, error) {
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result()
		if err == redis.Nil {
			continue
		}
		return v, err
	}
	return "", redis.Nil
}

// A retry loop: it leaves on success.
func retry(ctx context.Context, rdb *redis.Client) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = rdb.Ping(ctx).Err(); err == nil {
			break
		}
	}
	return err
}

func retryContinue(ctx context.Context, rdb *redis.Client, key string) error {
	for i := 0; i < 5; i++ {
		if err := rdb.Incr(ctx, key).Err(); err != nil {
			continue
		}
		return nil
	}
	return errors.New("gave up")
}

func retrySwitch(ctx context.Context, rdb *redis.Client, key string) error {
	for i := 0; i < 5; i++ {
		switch err := rdb.Incr(ctx, key).Err(); {
		case err == nil:
			return nil
		case errors.Is(err, context.Canceled):
			return err
		}
	}
	return errors.New("gave up")
}

// Stop at the first taken lock: the exit depends on the reply.
func claim(ctx context.Context, rdb *redis.Client, jobs []string) (string, error) {
	for _, j := range jobs {
		ok, err := rdb.SetNX(ctx, "claim:"+j, 1, time.Minute).Result()
		switch {
		case err != nil:
			return "", err
		case ok:
			return j, nil
		}
	}
	return "", nil
}

// A loop that exits on its first pass is not a loop over items.
func onlyFirst(ctx context.Context, rdb *redis.Client, keys []string) string {
	for _, k := range keys {
		return rdb.Get(ctx, k).Val()
	}
	return ""
}

// The loop's condition reads a reply.
func drainCounted(ctx context.Context, rdb *redis.Client) {
	n := int64(1)
	for i := 0; i < 100 && n > 0; i++ {
		n = rdb.LLen(ctx, "queue").Val()
		rdb.RPop(ctx, "queue")
	}
}

// A command in the condition runs every iteration and decides the exit.
func whileExists(ctx context.Context, rdb *redis.Client) { // want whileExists:"roundTrip"
	for i := 0; rdb.Exists(ctx, "lock").Val() == 1; i++ {
		rdb.Incr(ctx, "waits")
	}
}

// A carried reply decides whether a command is sent: graph traversal.
func visit(ctx context.Context, rdb *redis.Client, roots []string) map[string]bool {
	seen := map[string]bool{}
	for _, r := range roots {
		if seen[r] {
			continue
		}
		for _, m := range rdb.SMembers(ctx, "edges:"+r).Val() {
			seen[m] = true
		}
	}
	return seen
}

// The previous iteration's reply is written in this one.
func shift(ctx context.Context, rdb *redis.Client, keys []string) {
	var prev string
	for _, k := range keys {
		if prev != "" {
			rdb.Set(ctx, k, prev, time.Hour)
		}
		prev = rdb.Get(ctx, k).Val()
	}
}

// A command kept from the previous iteration is read in this one.
func keepCmd(ctx context.Context, rdb *redis.Client, keys []string) {
	var last *redis.StringCmd
	for _, k := range keys {
		if last != nil && last.Val() == "stop" {
			rdb.Del(ctx, k)
		}
		last = rdb.Get(ctx, k)
	}
}

// A reply decoded into a variable that the next iteration's key reads.
func decoded(ctx context.Context, rdb *redis.Client, n int) {
	var st struct {
		Next string `redis:"next"`
	}
	st.Next = "root"
	for range n {
		if err := rdb.HGetAll(ctx, "node:"+st.Next).Scan(&st); err != nil {
			return
		}
	}
}

// Within a nested loop over a reply, breaking on a value: the outer loop is
// silent too.
func nestedSequential(ctx context.Context, rdb *redis.Client, users []string) {
	for _, u := range users {
		for i := 0; i < 10; i++ {
			if rdb.LPop(ctx, "inbox:"+u).Val() == "" {
				break
			}
		}
	}
}

// A drain loop inside a loop over data.
func drainEach(ctx context.Context, rdb *redis.Client, queues []string) {
	for _, q := range queues {
		for {
			if err := rdb.LPop(ctx, q).Err(); err != nil {
				break
			}
		}
	}
}

// A labeled continue of an outer loop leaves the inner one on a reply.
func labeled(ctx context.Context, rdb *redis.Client, groups [][]string) {
outer:
	for _, g := range groups {
		for _, k := range g {
			if rdb.Exists(ctx, k).Val() == 0 {
				continue outer
			}
		}
	}
}

// A goto out of the loop on a value.
func jump(ctx context.Context, rdb *redis.Client, keys []string) string {
	for _, k := range keys {
		if rdb.Get(ctx, k).Val() == "x" {
			goto found
		}
	}
	return ""
found:
	return "x"
}

// A panic on a reply's value.
func must(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		if rdb.Exists(ctx, k).Val() == 0 {
			panic("missing " + k)
		}
	}
}

// Return on a missing key: redis.Nil is the reply's content.
func allOrNothing(ctx context.Context, rdb *redis.Client, keys []string) ([]string, error) {
	var out []string
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result()
		switch {
		case err == redis.Nil:
			return nil, err
		case err != nil:
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Drain up to n items: the loop ends when the list is empty.
func drain(ctx context.Context, rdb *redis.Client, n int) []string {
	var items []string
	for i := 0; i < n; i++ {
		v, err := rdb.LPop(ctx, "queue").Result()
		if errors.Is(err, redis.Nil) {
			break
		}
		if err != nil {
			return items
		}
		items = append(items, v)
	}
	return items
}
