// Package scripts: a script whose source requirettl can read may expire a
// key only if its text can set a TTL, and only the keys in its KEYS.
package scripts

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Package-level scripts, made from constants.
var (
	touch   = redis.NewScript(`return redis.call("PEXPIRE", KEYS[1], ARGV[1])`)
	enqueue = redis.NewScript(`
redis.call("LPUSH", KEYS[1], ARGV[1])
redis.call("HSET", KEYS[2], ARGV[1], ARGV[2]) -- no TTL: a registry
return 1`)
	setEx = redis.NewScript(`return redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2])`)
	// Dynamic sends whatever command it is told to.
	Dynamic = redis.NewScript(`return redis.call(ARGV[1], KEYS[1], ARGV[2])`) // want Dynamic:`scriptTTL\(true\)`
	// Enqueue is exported: other packages learn that it sets no TTL.
	Enqueue = redis.NewScript(`return redis.call("RPUSH", KEYS[1], ARGV[1])`) // want Enqueue:`scriptTTL\(false\)`
)

// A script that cannot set a TTL does not cover the writes before it.
func registry(ctx context.Context, rdb *redis.Client, id string) {
	rdb.SAdd(ctx, "queues", "q:"+id) // want `SAdd on key "queues" is not followed by an expiry`
	enqueue.Run(ctx, rdb, []string{"q:" + id, "jobs:" + id}, id, 1)
	rdb.ZAdd(ctx, "sched:"+id, redis.Z{Score: 1, Member: id}) // want `ZAdd on key "sched:" \+ id is not followed`
	rdb.Eval(ctx, `return redis.call("ZREM", KEYS[1], ARGV[1])`, []string{"sched:" + id}, id)
	rdb.HSet(ctx, "ro:"+id, "a", 1) // want `HSet on key "ro:" \+ id is not followed`
	rdb.EvalRO(ctx, `return redis.call("GET", KEYS[1])`, []string{"ro:" + id})
	rdb.Incr(ctx, "x:"+id) // want `Incr on key "x:" \+ id is not followed`
	Enqueue.Run(ctx, rdb, []string{"x:" + id}, 1)
}

// A script that can set a TTL covers the keys it is handed in KEYS, and
// no other.
func expiring(ctx context.Context, rdb *redis.Client, id string) {
	rdb.HSet(ctx, "s:"+id, "a", 1)
	touch.Run(ctx, rdb, []string{"s:" + id}, 60000)
	rdb.HSet(ctx, "e:"+id, "a", 1)
	rdb.Eval(ctx, `return redis.call("EXPIRE", KEYS[1], 60)`, []string{"e:" + id})
	rdb.HSet(ctx, "v:"+id, "a", 1)
	keys := []string{"v:" + id}
	setEx.Run(ctx, rdb, keys, 1, 60)
	rdb.HSet(ctx, "d:"+id, "a", 1)
	Dynamic.Run(ctx, rdb, []string{"d:" + id}, "expire", 60)
	rdb.HSet(ctx, "other:"+id, "a", 1) // want `HSet on key "other:" \+ id is not followed`
	touch.Run(ctx, rdb, []string{"s:" + id}, 60000)
}

// A script of unknown source may expire any key it is handed.
func unknown(ctx context.Context, rdb *redis.Client, s *redis.Script, sha, id string, keys []string) {
	rdb.HSet(ctx, "a:"+id, "a", 1)
	rdb.EvalSha(ctx, sha, []string{"a:" + id})
	rdb.HSet(ctx, "b:"+id, "a", 1)
	s.Run(ctx, rdb, nil, "b:"+id)
	rdb.HSet(ctx, "c:"+id, "a", 1)
	rdb.FCall(ctx, "touch", keys)
	rdb.HSet(ctx, "n:"+id, "a", 1) // want `HSet on key "n:" \+ id is not followed`
	rdb.EvalSha(ctx, sha, []string{"other"})
}

// runScript runs the script its caller hands it: each call is judged by
// that script.
func runScript(ctx context.Context, rdb *redis.Client, s *redis.Script, keys []string, args ...any) error {
	return s.Run(ctx, rdb, keys, args...).Err()
}

func throughHelper(ctx context.Context, rdb *redis.Client, id string) error {
	rdb.SAdd(ctx, "all", id) // want `SAdd on key "all" is not followed`
	if err := runScript(ctx, rdb, enqueue, []string{"q:" + id, "jobs:" + id}, id); err != nil {
		return err
	}
	rdb.HSet(ctx, "t:"+id, "a", 1)
	keys := []string{"t:" + id}
	return runScript(ctx, rdb, touch, keys, 60000)
}

// RunScript is exported: its fact says which parameters hold the script
// and its keys.
func RunScript(ctx context.Context, rdb *redis.Client, s *redis.Script, keys []string) error { // want RunScript:`mayExpire\(script 2 on 3\)`
	return s.Run(ctx, rdb, keys).Err()
}
