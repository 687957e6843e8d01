// Package roundtrip: loops that call a function of the module which sends
// a round trip on every call.
package roundtrip

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/testdata/pipelineloop/roundtrip/repo"
)

func names(ctx context.Context, r *repo.Repo, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		u, err := r.User(ctx, id) // want `r.User sends a round trip on every call and runs once per element of ids: one round trip per item at least; fetch the items in one batch \(a pipeline or a multi-key command\) instead`
		if err != nil {
			return nil, err
		}
		out = append(out, u.Name)
	}
	return out, nil
}

func touchAll(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		_ = repo.Touch(ctx, rdb, id) // want `Touch sends a round trip on every call and runs once per element of ids`
	}
}

func upper(ctx context.Context, r *repo.Repo, ids []string) []string {
	var out []string
	for _, id := range ids {
		n, err := r.Name(ctx, id) // want `r.Name sends a round trip on every call`
		if err != nil {
			continue
		}
		out = append(out, strings.ToUpper(n))
	}
	return out
}

// A local function of this package, through the imported one.
func lookup(ctx context.Context, r *repo.Repo, id string) string { // want lookup:"roundTrip"
	n, _ := r.Name(ctx, id)
	return n
}

func lookups(ctx context.Context, r *repo.Repo, ids []string) int {
	total := 0
	for _, id := range ids {
		total += len(lookup(ctx, r, id)) // want `lookup sends a round trip on every call`
	}
	return total
}

// Functions that do not send on every path, or do not send round trips of
// their own: silent.
func silentCalls(ctx context.Context, r *repo.Repo, rdb *redis.Client, ids []string) {
	pipe := rdb.Pipeline()
	for _, id := range ids {
		_, _ = r.Cached(ctx, id)
		_ = r.Checked(ctx, id)
		r.Queue(ctx, pipe, id)
		_ = r.Save(ctx, &repo.User{}, id)
		_ = repo.Forget(ctx, rdb, id)
	}
	_, _ = pipe.Exec(ctx)
}

// A worker loop around a blocking call: silent.
func work(ctx context.Context, r *repo.Repo, n int) {
	for range n {
		if _, err := r.Next(ctx); err != nil {
			return
		}
	}
}

// The reply decides whether the loop goes on: sequential, silent.
func firstKnown(ctx context.Context, r *repo.Repo, ids []string) string {
	for _, id := range ids {
		if n, err := r.Name(ctx, id); err == nil && n != "" {
			return n
		}
	}
	return ""
}

// One repo per shard: different servers, silent.
func perShard(ctx context.Context, shards []*repo.Repo, id string) {
	for _, r := range shards {
		_, _ = r.User(ctx, id)
	}
}
