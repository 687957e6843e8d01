package rediskit

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestBlocking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{}) // never dials: the commands are only built
	defer rdb.Close()
	pipe := rdb.Pipeline()
	for _, tc := range []struct {
		cmd  redis.Cmder
		want bool
	}{
		{pipe.BLPop(ctx, 0, "q"), true},
		{pipe.BZPopMin(ctx, time.Second, "z"), true},
		{pipe.XRead(ctx, &redis.XReadArgs{Streams: []string{"s", "0"}, Block: time.Second}), true},
		{pipe.XRead(ctx, &redis.XReadArgs{Streams: []string{"s", "0"}, Block: -1}), false},
		{pipe.LPop(ctx, "q"), false},
		{pipe.Get(ctx, "block"), false},
	} {
		if got := blocking(tc.cmd); got != tc.want {
			t.Errorf("blocking(%v) = %t, want %t", tc.cmd.Args(), got, tc.want)
		}
	}
}
