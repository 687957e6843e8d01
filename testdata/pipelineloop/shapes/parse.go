package shapes

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// An error from parsing a reply that leaves the loop is an error exit,
// like the command's own error.
func counters(ctx context.Context, rdb *redis.Client, keys []string) (int, error) {
	total := 0
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result() // want `Get on rdb runs once per element of keys`
		if err != nil {
			return 0, err
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

type item struct{ Name string }

func items(ctx context.Context, rdb *redis.Client, keys []string) ([]item, error) {
	var out []item
	for _, k := range keys {
		b, err := rdb.Get(ctx, k).Bytes() // want `Get on rdb runs once per element of keys`
		if err != nil {
			return nil, err
		}
		var it item
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// The parsed value decides the exit: sequential, silent.
func untilLarge(ctx context.Context, rdb *redis.Client, keys []string) string {
	for _, k := range keys {
		n, err := strconv.Atoi(rdb.Get(ctx, k).Val())
		if err != nil {
			return ""
		}
		if n > 100 {
			return k
		}
	}
	return ""
}
