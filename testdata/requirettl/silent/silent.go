// Package silent: after the write, the expiry may be set in a way
// requirettl cannot see, so it reports nothing.
package silent

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
)

var refresh = redis.NewScript(`return redis.call("EXPIRE", KEYS[1], ARGV[1])`)

func luaScript(ctx context.Context, rdb *redis.Client, id, sha string) {
	rdb.HSet(ctx, "s:"+id, "a", 1)
	refresh.Run(ctx, rdb, []string{"s:" + id}, 60)
	rdb.HSet(ctx, "e:"+id, "a", 1)
	rdb.EvalSha(ctx, sha, []string{"e:" + id})
	rdb.HSet(ctx, "f:"+id, "a", 1)
	rdb.FCall(ctx, "touch", []string{"f:" + id})
}

func doNotConstant(ctx context.Context, rdb *redis.Client, id, cmd string, args []any) {
	rdb.HSet(ctx, "d:"+id, "a", 1)
	rdb.Do(ctx, cmd, "d:"+id, 60)
	rdb.HSet(ctx, "g:"+id, "a", 1)
	rdb.Do(ctx, args...)
	rdb.HSet(ctx, "n:"+id, "a", 1)
	_ = rdb.Process(ctx, redis.NewCmd(ctx, cmd, "n:"+id, 60))
}

// Expirer is implemented elsewhere.
type Expirer interface {
	Touch(ctx context.Context, key string)
}

func unknownFunctions(ctx context.Context, rdb *redis.Client, id string, touch func(string), ex Expirer) {
	rdb.HSet(ctx, "u:"+id, "a", 1)
	touch("u:" + id)
	rdb.HSet(ctx, "v:"+id, "a", 1)
	ex.Touch(ctx, "v:"+id)
	k := "w:" + id
	rdb.HSet(ctx, k, "a", 1)
	ex.Touch(ctx, k)
}

// The standard library expires nothing: these calls change nothing.
func stdlibCalls(ctx context.Context, rdb *redis.Client, w http.ResponseWriter, id string) error {
	rdb.HSet(ctx, "x:"+id, "a", 1) // want `HSet on key "x:" \+ id is not followed`
	log.Printf("wrote %s", "x:"+id)
	fmt.Fprintf(w, "x:%s", id)
	return fmt.Errorf("x:%s", id)
}

// rawWrites: a write through Do is not parsed (EX, KEEPTTL and the like
// may be among its arguments).
func rawWrites(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Do(ctx, "hset", "r:"+id, "a", 1)
	rdb.Do(ctx, "SET", "r2:"+id, 1)
}

// modules keep their own lifetime conventions.
func modules(ctx context.Context, rdb *redis.Client, id string) {
	rdb.JSONSet(ctx, "doc:"+id, "$", `{}`)
	rdb.BFAdd(ctx, "seen", id)
	rdb.TSAdd(ctx, "ts:"+id, 1, 1.5)
}

// methodValues: calls through a method value are not followed.
func methodValues(ctx context.Context, rdb *redis.Client, id string) {
	hset := rdb.HSet
	hset(ctx, "mv:"+id, "a", 1)
}

// sliceKeys: MSet with a map or slice does not say which keys it writes;
// any expiry after it may be one of them.
func sliceKeys(ctx context.Context, rdb *redis.Client, kv map[string]any, pairs []any, id string) {
	rdb.MSet(ctx, kv)
	rdb.MSet(ctx, pairs...)
	rdb.Expire(ctx, id, time.Hour)
	rdb.XAdd(ctx, streamArgs())
}

func streamArgs() *redis.XAddArgs { return &redis.XAddArgs{Stream: "s", Values: []string{"a", "b"}} }

// Logger is an interface declared without go-redis.
type Logger interface {
	Printf(format string, args ...any)
	Touch(key string)
}

// A key formatted by a logger is not expired by it; a key handed to a
// method as a string may be.
func loggers(ctx context.Context, rdb *redis.Client, log Logger, id string) {
	rdb.HSet(ctx, "lg:"+id, "a", 1) // want `HSet on key "lg:" \+ id is not followed`
	log.Printf("wrote %s", "lg:"+id)
	rdb.HSet(ctx, "lt:"+id, "a", 1)
	log.Touch("lt:" + id)
}
