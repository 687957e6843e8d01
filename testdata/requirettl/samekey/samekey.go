// Package samekey: an expiry counts only for the same key. // want package:"familyTTLs"
package samekey

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

func userKey(id string) string { return "user:" + id }

type Store struct {
	rdb    *redis.Client
	prefix string
}

func (s *Store) key(id string) string { return s.prefix + id }

func sameVariable(ctx context.Context, rdb *redis.Client, id string) {
	k := "profile:" + id
	rdb.HSet(ctx, k, "a", 1)
	rdb.Expire(ctx, k, time.Hour)
}

func sameExpression(ctx context.Context, rdb *redis.Client, id string, n int) {
	rdb.HSet(ctx, "p:"+id, "a", 1)
	rdb.Expire(ctx, "p:"+id, time.Hour)
	rdb.HSet(ctx, fmt.Sprintf("q:%s:%d", id, n), "a", 1)
	rdb.Expire(ctx, "q:"+id+":"+strconv.Itoa(n), time.Hour) // the same key spelled differently
	k := userKey(id)
	rdb.SAdd(ctx, k, 1)
	rdb.Expire(ctx, "user:"+id, time.Hour) // the helper's body
}

func constants(ctx context.Context, rdb *redis.Client) {
	const stats = "stats"
	rdb.Incr(ctx, stats)
	rdb.Expire(ctx, "stats", time.Hour)
	rdb.Incr(ctx, "hits") // want `Incr on key "hits" is not followed by an expiry`
	rdb.Expire(ctx, "misses", time.Hour)
}

func otherKey(ctx context.Context, rdb *redis.Client, id, other string) {
	rdb.HSet(ctx, userKey(id), "a", 1) // want `HSet on key userKey\(id\) is not followed`
	rdb.Expire(ctx, userKey(other), time.Hour)
	rdb.HSet(ctx, "a:"+id, "a", 1) // want `HSet on key "a:" \+ id is not followed`
	rdb.Expire(ctx, "b:"+id, time.Hour)
}

func reassigned(ctx context.Context, rdb *redis.Client, ids []string) {
	k := "r:" + ids[0]
	rdb.HSet(ctx, k, "a", 1) // want `HSet on key k is not followed`
	k = "r:" + ids[1]
	rdb.Expire(ctx, k, time.Hour)
}

func reassignedBefore(ctx context.Context, rdb *redis.Client, ids []string) {
	k := "r:" + ids[0]
	k = "r:" + ids[1]
	rdb.HSet(ctx, k, "a", 1) // no assignment between the write and the expiry
	rdb.Expire(ctx, k, time.Hour)
}

func methodHelper(ctx context.Context, s *Store, id string) {
	s.rdb.HSet(ctx, s.key(id), "a", 1)
	s.rdb.Expire(ctx, s.prefix+id, time.Hour)
	s.rdb.HSet(ctx, s.key(id)+":x", "a", 1) // want `HSet on key s.key\(id\) \+ ":x" is not followed`
}

func fields(ctx context.Context, s *Store) {
	s.rdb.Incr(ctx, s.prefix)
	s.rdb.Expire(ctx, s.prefix, time.Hour)
}

// unknownKeys: keys requirettl cannot compare are never reported.
func unknownKeys(ctx context.Context, rdb *redis.Client, next func() string, ks fmt.Stringer) {
	rdb.HSet(ctx, next(), "a", 1)
	rdb.HSet(ctx, ks.String(), "a", 1)
	var k string
	read(&k)
	rdb.HSet(ctx, k, "a", 1) // want `HSet on key k is not followed`
	var c string
	func() { c = "closure" }()
	rdb.HSet(ctx, c, "a", 1)
}

func read(p *string) { *p = "x" }

// anUnknownExpiry may be the written key: requirettl stays silent.
func anUnknownExpiry(ctx context.Context, rdb *redis.Client, id string, next func() string) {
	rdb.HSet(ctx, userKey(id), "a", 1)
	rdb.Expire(ctx, next(), time.Hour)
}

// rangedLater: the second loop ranges over the slice the first indexes.
func rangedLater(ctx context.Context, rdb *redis.Client, keys []string, others []string) {
	for i := range keys {
		rdb.Incr(ctx, keys[i])
	}
	for _, k := range keys {
		rdb.Expire(ctx, k, time.Hour)
	}
	for i := range others {
		rdb.Incr(ctx, others[i]) // want `Incr on key others\[i\] is not followed`
	}
	for _, k := range keys {
		rdb.Expire(ctx, k, time.Hour)
	}
}
