// Package profiles caches user profiles in Redis hashes.
package profiles

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

// Profile is what the cache holds for a user.
type Profile struct {
	ID     string
	Name   string
	Avatar string
}

// Cache keeps profiles for TTL.
type Cache struct {
	rdb *redis.Client
	TTL time.Duration
}

// New returns a Cache on rdb.
func New(rdb *redis.Client) *Cache { return &Cache{rdb: rdb, TTL: 30 * time.Minute} }

func profileKey(id string) string { return "profile:" + id }

func avatarKey(id string) string { return "avatar:" + id }

// Put stores p. The hash gets its TTL last, so a failure in between
// leaves it without one.
func (c *Cache) Put(ctx context.Context, p Profile) error {
	if err := c.rdb.HSet(ctx, profileKey(p.ID), "name", p.Name).Err(); err != nil {
		return err
	}
	if p.Avatar != "" {
		if err := c.rdb.Set(ctx, avatarKey(p.ID), p.Avatar, c.TTL).Err(); err != nil {
			return err
		}
	}
	return c.rdb.Expire(ctx, profileKey(p.ID), c.TTL).Err()
}

// Get returns the cached profile of id, loading it with load on a miss.
func (c *Cache) Get(ctx context.Context, id string, load func(string) (Profile, error)) (Profile, error) {
	var p Profile
	data, err := c.rdb.Get(ctx, "profile:json:"+id).Bytes()
	if err == nil {
		return p, json.Unmarshal(data, &p)
	}
	if err != redis.Nil {
		return p, err
	}
	if p, err = load(id); err != nil {
		return p, err
	}
	if data, err = json.Marshal(p); err != nil {
		return p, err
	}
	return p, c.rdb.Set(ctx, "profile:json:"+id, data, c.TTL).Err()
}

// Viewed records that viewer looked at id's profile, keeping the last 50.
func (c *Cache) Viewed(ctx context.Context, id, viewer string) error {
	key := "viewers:" + id
	if err := c.rdb.LPush(ctx, key, viewer).Err(); err != nil {
		return err
	}
	return c.rdb.LTrim(ctx, key, 0, 49).Err()
}

// Follow records that follower follows id.
func (c *Cache) Follow(ctx context.Context, id, follower string) error {
	_, err := c.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.SAdd(ctx, "followers:"+id, follower)
		pipe.SAdd(ctx, "following:"+follower, id)
		pipe.Expire(ctx, "following:"+follower, 24*time.Hour)
		return nil
	})
	return err
}
