package reported

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// save checks an error that cannot occur before Exec.
func save(ctx context.Context, rdb *redis.Client, id, body string) error {
	pipe := rdb.TxPipeline()
	set := pipe.Set(ctx, "doc:"+id, body, time.Hour)
	if err := set.Err(); err != nil { // want `set.Err\(\) reads pipe.Set \(line 14\) before the pipeline runs: the error is always nil until pipe.Exec \(line 19\)`
		return fmt.Errorf("save %s: %w", id, err)
	}
	pipe.SAdd(ctx, "docs", id)
	_, err := pipe.Exec(ctx)
	return err
}

// typed accessors, method values and copies read the same empty reply.
func counts(ctx context.Context, rdb *redis.Client) (int64, error) {
	pipe := rdb.Pipeline()
	get := pipe.Get(ctx, "count")
	n, err := get.Int64() // want `get.Int64\(\) reads pipe.Get \(line 26\) before the pipeline runs: it converts an empty reply until pipe.Exec \(line 34\)`
	if err != nil {
		return 0, err
	}
	val := get.Val
	alias := get
	fmt.Println(val(), alias.Err()) // want `val\(\) reads pipe.Get` `alias.Err\(\) reads pipe.Get`
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, err
	}
	return n, nil
}

// somePaths: the pipeline runs on one path only.
func somePaths(ctx context.Context, rdb *redis.Client, flush bool) string {
	pipe := rdb.Pipeline()
	cmd := pipe.Get(ctx, "k")
	if flush {
		_, _ = pipe.Exec(ctx)
	}
	return cmd.Val() // want `cmd.Val\(\) can read pipe.Get \(line 43\) before the pipeline runs: on that path the value is always zero until the pipeline's Exec`
}

// fill queues on a pipeline it is given; the reply comes when the caller
// runs it.
func fill(ctx context.Context, pipe redis.Pipeliner, keys []string) int {
	total := 0
	for _, k := range keys {
		l := pipe.LLen(ctx, k)
		total += int(l.Val()) // want `l.Val\(\) reads pipe.LLen`
	}
	return total
}

// deferred: a deferred Exec runs at return, after the read.
func deferred(ctx context.Context, rdb *redis.Client) []string {
	pipe := rdb.Pipeline()
	defer pipe.Exec(ctx)
	members := pipe.SMembers(ctx, "set")
	var out []string
	if err := members.ScanSlice(&out); err != nil { // want `members.ScanSlice\(&out\) reads pipe.SMembers`
		return nil
	}
	return out
}

func generic(ctx context.Context, rdb *redis.Client) {
	_, _ = rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		v := pipe.Do(ctx, "get", "k")
		s, err := v.Text() // want `v.Text\(\) reads pipe.Do`
		fmt.Println(s, err)
		return nil
	})
}
