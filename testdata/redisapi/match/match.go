// Package match exercises redisapi's matching on real go-redis types:
// every call is reported as "<command> on <receiver>" or as its lifecycle.
package match

import (
	"context"

	v8 "github.com/go-redis/redis/v8"
	"github.com/redis/go-redis/v9"
)

func concrete(ctx context.Context, rdb *redis.Client, cc *redis.ClusterClient, ring *redis.Ring) {
	rdb.Keys(ctx, "*")         // want `KEYS on Client`
	cc.Set(ctx, "k", 1, 0)     // want `SET on ClusterClient`
	ring.SetEx(ctx, "k", 1, 0) // want `SETEX on Ring`
	cc.DBSize(ctx)             // want `DBSIZE on ClusterClient`
}

func interfaces(ctx context.Context, u redis.UniversalClient, c redis.Cmdable, s redis.StringCmdable, p redis.Pipeliner) {
	u.Keys(ctx, "*")         // want `KEYS on UniversalClient`
	c.HSet(ctx, "h", "f", 1) // want `HSET on Cmdable`
	s.Incr(ctx, "n")         // want `INCR on Cmdable`
	p.LPush(ctx, "l", 1)     // want `LPUSH on Pipeliner`
	p.Exec(ctx)              // want `ExecsPipe on Pipeliner`
	p.Discard()              // want `DiscardsPipe on Pipeliner`
}

type store struct {
	*redis.Client
}

type cache interface {
	redis.UniversalClient
	Name() string
}

func embedded(ctx context.Context, s store, c cache) {
	s.Keys(ctx, "*") // want `KEYS on Client`
	s.Close()        // want `Releases on Client`
	c.Get(ctx, "k")  // want `GET on UniversalClient`
	c.Close()        // want `Releases on UniversalClient`
}

func generic[C redis.Cmdable](ctx context.Context, c C) {
	c.Keys(ctx, "*") // want `KEYS on Cmdable`
}

func genericUniversal[C redis.UniversalClient](ctx context.Context, c C) {
	c.Expire(ctx, "k", 0) // want `EXPIRE on UniversalClient`
	c.Close()             // want `Releases on UniversalClient`
}

func values(ctx context.Context, rdb *redis.Client) {
	f := rdb.Keys // want `KEYS value on Client`
	f(ctx, "*")
	g := (*redis.Client).Keys // want `KEYS value on Client`
	g(rdb, ctx, "*")
}

func raw(ctx context.Context, rdb *redis.Client, pipe redis.Pipeliner, name string) {
	rdb.Do(ctx, "keys", "*")               // want `KEYS on Client \(raw\)`
	rdb.Do(ctx, "Set", "k", "v")           // want `SET on Client \(raw\)`
	rdb.Do(ctx, "object", "encoding", "k") // want `OBJECT ENCODING on Client \(raw\)`
	rdb.Do(ctx, "no.such.cmd")             // want `NO.SUCH.CMD on Client \(raw\)`
	pipe.Do(ctx, "KEYS", "*")              // want `KEYS on Pipeliner \(raw\)`
	rdb.Do(ctx, name, "*")
	args := []interface{}{"keys", "*"}
	rdb.Do(ctx, args...)
	cmd := redis.NewStringSliceCmd(ctx, "KEYS", "*") // want `KEYS on func \(raw\)`
	_ = rdb.Process(ctx, cmd)
	_ = redis.NewCmd(ctx, "get", "k") // want `GET on func \(raw\)`
}

func lifecycle(ctx context.Context, rdb *redis.Client, cc *redis.ClusterClient) {
	conn := rdb.Conn()                                               // want `AcquiresConn on Client`
	conn.Set(ctx, "k", 1, 0)                                         // want `SET on Conn`
	conn.Close()                                                     // want `Releases on Conn`
	ps := cc.Subscribe(ctx, "ch")                                    // want `Subscribes on ClusterClient`
	ps.Close()                                                       // want `Releases on PubSub`
	pipe := rdb.TxPipeline()                                         // want `StartsPipe on Client`
	pipe.Incr(ctx, "n")                                              // want `INCR on Pipeliner`
	pipe.Exec(ctx)                                                   // want `ExecsPipe on Pipeliner`
	rdb.Pipelined(ctx, func(p redis.Pipeliner) error { return nil }) // want `RunsPipe on Client`
	rdb.Watch(ctx, func(tx *redis.Tx) error {                        // want `RunsWatch on Client`
		tx.Get(ctx, "k") // want `GET on Tx`
		return nil
	}, "k")
	c := redis.NewClient(&redis.Options{})                  // want `NewsClient on func`
	c.Close()                                               // want `Releases on Client`
	_ = redis.NewUniversalClient(&redis.UniversalOptions{}) // want `NewsClient on func`
}

func sentinel(ctx context.Context, sc *redis.SentinelClient) {
	sc.Set(ctx, "mymaster", "quorum", "2") // want `SENTINEL SET on SentinelClient`
}

type mine struct{}

func (mine) Keys(ctx context.Context, pattern string) []string { return nil }
func (mine) Close() error                                      { return nil }

func unrelated(ctx context.Context, m mine) {
	m.Keys(ctx, "*")
	m.Close()
}

func major8(ctx context.Context, rdb *v8.Client, u v8.UniversalClient) {
	rdb.Keys(ctx, "*")        // want `KEYS on Client`
	rdb.SetEX(ctx, "k", 1, 0) // want `SETEX on Client`
	u.Do(ctx, "KEYS", "*")    // want `KEYS on UniversalClient \(raw\)`
	conn := rdb.Conn(ctx)     // want `AcquiresConn on Client`
	conn.Close()              // want `Releases on Conn`
}

func newer(ctx context.Context, rdb *redis.Client, ap *redis.AutoPipeliner) {
	c := rdb.EphemeralConn()      // want `AcquiresConn on Client`
	c.Close()                     // want `Releases on Conn`
	ps := ap.Subscribe(ctx, "ch") // want `Subscribes on AutoPipeliner`
	ps.Close()                    // want `Releases on PubSub`
}

func pipelines8(ctx context.Context, rdb *v8.Client) {
	pipe := rdb.Pipeline() // want `StartsPipe on Client`
	defer pipe.Close()     // want `DiscardsPipe on Pipeliner`
	pipe.Incr(ctx, "n")    // want `INCR on Pipeliner`
}
