// Package reported: loops over data that send one round trip per item.
package reported

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

type Product struct {
	ID   string
	JSON string
}

func warmSlice(ctx context.Context, rdb *redis.Client, products []Product) {
	for _, p := range products {
		rdb.Set(ctx, "product:"+p.ID, p.JSON, time.Hour) // want `Set on rdb runs once per element of products: one round trip each; queue them on rdb.Pipelined \(or rediskit's batch helpers\)`
	}
}

func warmMap(ctx context.Context, rdb *redis.Client, prices map[string]float64) {
	for id, price := range prices {
		rdb.Set(ctx, "price:"+id, price, time.Hour) // want `Set on rdb runs once per entry of prices`
	}
}

func warmArray(ctx context.Context, rdb *redis.Client, ids [3]string, ptr *[2]string) {
	for _, id := range ids {
		rdb.Del(ctx, id) // want `Del on rdb runs once per element of ids`
	}
	for _, id := range ptr {
		rdb.Del(ctx, id) // want `Del on rdb runs once per element of ptr`
	}
}

func perRune(ctx context.Context, rdb *redis.Client, word string) {
	for _, r := range word {
		rdb.Incr(ctx, "letter:"+string(r)) // want `Incr on rdb runs once per rune of word`
	}
}

func rangeInt(ctx context.Context, rdb *redis.Client, n int) {
	for i := range n {
		rdb.LIndex(ctx, "queue", int64(i)) // want `LIndex on rdb runs n times`
	}
	for range 10 {
		rdb.Ping(ctx) // want `Ping on rdb runs 10 times`
	}
}

func counted(ctx context.Context, rdb *redis.Client, keys []string) {
	for i := 0; i < len(keys); i++ {
		rdb.Unlink(ctx, keys[i]) // want `Unlink on rdb runs once per iteration while i < len\(keys\)`
	}
	for i := len(keys) - 1; i >= 0; i -= 2 {
		rdb.Unlink(ctx, keys[i]) // want `Unlink on rdb runs once per iteration while i >= 0`
	}
}

func stdIterators(ctx context.Context, rdb *redis.Client, m map[string]string, csv string) {
	for k := range maps.Keys(m) {
		rdb.Expire(ctx, k, time.Minute) // want `Expire on rdb runs once per element of maps.Keys\(m\)`
	}
	for _, k := range slices.Backward(slices.Sorted(maps.Keys(m))) {
		rdb.Expire(ctx, k, time.Minute) // want `Expire on rdb runs once per element of slices.Backward`
	}
	for part := range strings.SplitSeq(csv, ",") {
		rdb.SAdd(ctx, "parts", part) // want `SAdd on rdb runs once per element of strings.SplitSeq\(csv, ","\)`
	}
}

// leaderboard reads each player's score: the replies are used, but none
// feeds the next iteration, so one pipeline would do.
func leaderboard(ctx context.Context, rdb *redis.Client, players []string) (map[string]float64, error) {
	scores := make(map[string]float64, len(players))
	for _, p := range players {
		score, err := rdb.ZScore(ctx, "board", p).Result() // want `ZScore on rdb runs once per element of players`
		if err == redis.Nil {
			continue
		}
		if err != nil {
			return nil, err
		}
		scores[p] = score
	}
	return scores, nil
}

func best(ctx context.Context, rdb *redis.Client, players []string) (string, float64) {
	var bestName string
	var bestScore float64
	for _, p := range players {
		s := rdb.ZScore(ctx, "board", p).Val() // want `ZScore on rdb runs once per element of players`
		if s > bestScore {
			bestName, bestScore = p, s
		}
	}
	return bestName, bestScore
}

func total(ctx context.Context, rdb *redis.Client, sets []string) (int64, error) {
	var n int64
	for _, s := range sets {
		c, err := rdb.SCard(ctx, s).Result() // want `SCard on rdb runs once per element of sets`
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// A second command that depends on the first within one iteration: two
// pipelines (all GETs, then the SETs needed) still beat n round trips.
func fillMissing(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		if rdb.Exists(ctx, k).Val() == 0 { // want `Exists on rdb runs once per element of keys`
			rdb.Set(ctx, k, "default", time.Hour)
		}
	}
}

func collectErrors(ctx context.Context, rdb *redis.Client, keys []string) []error {
	var errs []error
	var last error
	for _, k := range keys {
		last = rdb.Set(ctx, k, 1, time.Hour).Err() // want `Set on rdb runs once per element of keys`
		if last != nil {
			errs = append(errs, last)
		}
	}
	return errs
}

func breakOnError(ctx context.Context, rdb *redis.Client, keys []string) error {
	var err error
	for _, k := range keys {
		if err = rdb.Del(ctx, k).Err(); err != nil { // want `Del on rdb runs once per element of keys`
			break
		}
	}
	return err
}

// Missing keys are skipped, other errors returned: the exits are on failure.
func skipMissing(ctx context.Context, rdb *redis.Client, keys []string) ([]string, error) {
	var out []string
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result() // want `Get on rdb runs once per element of keys`
		if err != nil && err != redis.Nil {
			return nil, err
		}
		if errors.Is(err, redis.Nil) {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

func scanned(ctx context.Context, rdb *redis.Client, ids []string) []map[string]string {
	var out []map[string]string
	var tmp struct{ Name string }
	for _, id := range ids {
		cmd := rdb.HGetAll(ctx, "user:"+id) // want `HGetAll on rdb runs once per element of ids`
		if err := cmd.Scan(&tmp); err != nil {
			continue
		}
		out = append(out, cmd.Val())
	}
	return out
}

func limited(ctx context.Context, rdb *redis.Client, keys []string) {
	for i, k := range keys {
		if i >= 100 {
			break // a limit on the data, not on a reply
		}
		if ctx.Err() != nil {
			return
		}
		rdb.Persist(ctx, k) // want `Persist on rdb runs once per element of keys`
	}
}
