// Package repo: functions that send a round trip on every call, and some
// that do not.
package repo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type User struct{ Name string }

type Repo struct {
	rdb   *redis.Client
	cache map[string]*User
}

func New(rdb *redis.Client) *Repo { return &Repo{rdb: rdb, cache: map[string]*User{}} }

// One GET on every path.
func (r *Repo) User(ctx context.Context, id string) (*User, error) { // want User:"roundTrip"
	b, err := r.rdb.Get(ctx, "user:"+id).Bytes()
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", id, err)
	}
	var u User
	if err := json.Unmarshal(b, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Through another function that sends on every path.
func (r *Repo) Name(ctx context.Context, id string) (string, error) { // want Name:"roundTrip"
	u, err := r.User(ctx, id)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// A plain function handed the client.
func Touch(ctx context.Context, rdb redis.UniversalClient, id string) error { // want Touch:"roundTrip"
	return rdb.Expire(ctx, "user:"+id, time.Hour).Err()
}

// Reads a local cache first: one path sends nothing.
func (r *Repo) Cached(ctx context.Context, id string) (*User, error) {
	if u, ok := r.cache[id]; ok {
		return u, nil
	}
	return r.User(ctx, id)
}

// Returns before sending on bad input.
func (r *Repo) Checked(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("empty id")
	}
	return r.rdb.Del(ctx, "user:"+id).Err()
}

// Queues on a pipeline: not a round trip per call of its own.
func (r *Repo) Queue(ctx context.Context, pipe redis.Pipeliner, id string) {
	pipe.Del(ctx, "user:"+id)
}

// Runs a pipeline: a batch per call, which the caller chose.
func (r *Repo) Save(ctx context.Context, u *User, id string) error {
	_, err := r.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.HSet(ctx, "user:"+id, "name", u.Name)
		pipe.Expire(ctx, "user:"+id, time.Hour)
		return nil
	})
	return err
}

// Blocks: a worker's wait, not a lookup.
func (r *Repo) Next(ctx context.Context) ([]string, error) {
	return r.rdb.BLPop(ctx, time.Second, "jobs").Result()
}

// Takes a Cmdable, which may be a pipeline.
func Forget(ctx context.Context, c redis.Cmdable, id string) error {
	return c.Del(ctx, "user:"+id).Err()
}
