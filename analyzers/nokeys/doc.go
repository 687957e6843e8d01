// Package nokeys reports the Redis KEYS command sent through go-redis,
// redigo, rueidis or valkey-go.
//
// # Analyzer nokeys
//
// nokeys: report KEYS, which blocks Redis while it reads every key
//
// KEYS walks the whole keyspace in one call on the server's single command
// thread: on a database of millions of keys every other client waits for
// hundreds of milliseconds or more, and on a cluster it sees one node only.
// Iterate with SCAN instead, a few hundred keys per call.
//
// Reported: Keys on any go-redis v9 or v8 client, connection, transaction,
// pipeline or command interface (Cmdable, UniversalClient, the per-family
// interfaces, type parameters constrained by them, embedded clients), the
// method value rdb.Keys, and rdb.Do(ctx, "keys", ...) or
// redis.NewStringSliceCmd(ctx, "KEYS", ...) with a constant command name in
// any case. With redigo (github.com/gomodule/redigo/redis): conn.Do("KEYS",
// ...), conn.Send, redis.DoContext and redis.DoWithTimeout, and the
// DoContext and DoWithTimeout methods, with a constant command name in any
// case; redigo calls get no fix. With rueidis (github.com/redis/rueidis)
// and valkey-go (github.com/valkey-io/valkey-go): a Do, DoMulti, DoCache,
// DoMultiCache, DoStream, DoMultiStream or Receive that sends a builder
// chain starting with B().Keys() (or Arbitrary("KEYS")), and such a chain
// kept in a local variable that the function sends; no fix.
//
// Suggested fix, for a go-redis v9 client that implements
// redis.UniversalClient:
//
//	keys, err := rdb.Keys(ctx, pattern).Result()  ->  keys, err := rediskit.ScanKeys(ctx, rdb, pattern)
//	keys := rdb.Keys(ctx, pattern).Val()          ->  keys, _ := rediskit.ScanKeys(ctx, rdb, pattern)
//
// rediskit.ScanKeys (github.com/redislint/redislint/runtime/rediskit) visits
// every master of a cluster. Escape user input in patterns with
// rediskit.EscapePattern.
package nokeys

const doc = `report KEYS, which blocks Redis while it reads every key

KEYS walks the whole keyspace in one call on the server's single command
thread: on a database of millions of keys every other client waits for
hundreds of milliseconds or more. Iterate with SCAN instead: rediskit's
ScanKeys (which also visits every master of a cluster), or
rdb.Scan(ctx, 0, match, 1000).Iterator().

A suggested fix rewrites x.Keys(ctx, p).Result() and x.Keys(ctx, p).Val()
on a go-redis v9 client into rediskit.ScanKeys(ctx, x, p).

redigo: conn.Do("KEYS", ...), conn.Send, redis.DoContext and
redis.DoWithTimeout with a constant command name are reported too (no fix):
loop on SCAN cursor MATCH pattern COUNT n until the cursor is 0.

rueidis and valkey-go: client.Do(ctx, client.B().Keys().Pattern(p).Build())
and the other sends of a KEYS chain, or of a variable holding one, are
reported too (no fix): send B().Scan().Cursor(c).Match(p).Count(n).Build()
until the cursor it returns is 0.`
