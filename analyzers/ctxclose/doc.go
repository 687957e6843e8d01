// Package ctxclose reports go-redis connections, subscriptions, clients and
// pipelines, redigo connections, and rueidis and valkey-go dedicated
// connections, that a function acquires and does not release on every path.
//
// # Analyzer ctxclose
//
// ctxclose: report connections, subscriptions, pipelines never released
//
// A *Conn from Conn() holds one pool connection and a *PubSub from Subscribe,
// PSubscribe or SSubscribe holds one connection, until Close. Forget Close on
// one path (an early return on error, a continue in a loop) and every call
// through that path takes a connection that never comes back: the pool runs
// dry and the service stalls. A client built with NewClient (or
// NewClusterClient, NewFailoverClient, NewUniversalClient, NewRing, ...)
// inside a function that neither closes it nor hands it on builds a new
// connection pool on every call. A client that leaves the function on some
// path is not reported: a constructor that pings the new client, returns it
// on success and drops it when the ping fails hands its caller the one
// shared client. Connections, subscriptions and pipelines keep the
// every-path rule: a PubSub dropped when Receive fails leaks a connection. A Pipeline() or TxPipeline() whose queued
// commands are never Exec'd on some path loses those writes without an error.
//
// The check follows the control-flow graph of each function: a resource is
// released on a path when the path closes it (defer included, also in a
// deferred closure), executes or discards a pipeline, or hands the value on:
// returns it, stores it in a field, global, map, slice or channel, passes it
// to another function, or assigns it to another variable. A value captured by
// a closure other than a deferred one that closes it, or whose address is
// taken, is left alone. Paths that end in panic, os.Exit or log.Fatal do not
// count, nor does the branch that skips a Close guarded by a condition that
// is not about an error (if ps != nil { ps.Close() }, if len(keys) > 0 {
// pipe.Exec(ctx) }), nor a branch on the reply of a command queued on a
// pipeline that has not run yet (if err := pipe.Del(ctx, k).Err(); err !=
// nil { return err } before Exec is never taken: the error is nil until
// Exec).
//
// Not checked: test code, that is _test.go files and files that import
// "testing" (what a test leaks lasts as long as the test binary, and suites
// routinely leave clients to the process exit), and the
// connections, subscriptions and clients of main and init, which live as
// long as the program; a pipeline's lost commands are reported there too.
//
// A function that closes its go-redis parameter on every path counts as
// closing the value passed to it; one that only uses a *Conn or *PubSub
// parameter (commands, comparisons) leaves it with the caller, who must
// still close it. Both travel as the fact paramUse, across packages.
// Passing the value to any other function, or to a goroutine, hands it on.
//
// Suggested fix: when the value is never closed and never handed on, and the
// acquiring statement is not inside a loop, insert defer x.Close() right
// after it. Pipelines get no fix: only the author knows whether the commands
// should be sent.
//
// redigo (github.com/gomodule/redigo/redis): a connection from (*Pool).Get
// or GetContext holds one of the pool's connections until Close (a pool with
// MaxActive then blocks or fails), and one from Dial, DialContext, DialURL or
// DialURLContext holds a network connection; the same rules apply. The path
// on which GetContext or Dial returned an error holds nothing (the error
// assigned with the connection, compared with nil before anything else is
// assigned to it), nor does one on which the connection's Err() is not nil
// (Get's way of reporting that it could not get one). redis.DoContext,
// DoWithTimeout, ReceiveContext, ReceiveWithTimeout and a *Script's methods
// only borrow the connection they are handed. The fix after conn, err :=
// pool.GetContext(ctx) goes after the if err != nil { return ... } that
// follows it, and is not offered without one.
//
// rueidis (github.com/redis/rueidis) and valkey-go
// (github.com/valkey-io/valkey-go): Dedicate returns a client bound to one
// connection of the blocking pool and a cancel func that puts it back; the
// cancel func must be called or deferred on every path, and a discarded one
// is reported. Returned, stored or passed on, it is not reported; nor is a
// Dedicate whose dedicated client is closed (Close puts the connection
// back too) or leaves the function. Dedicated(fn) releases by itself. No
// fix.
//
// Write instead:
//
//	conn := rdb.Conn()
//	defer conn.Close()
//
// or let rediskit.WithConn (github.com/redislint/redislint/runtime/rediskit)
// take and close the connection; build one client at startup and share it
// (rediskit.NewClient).
package ctxclose

const doc = `report connections, subscriptions, pipelines never released

A *Conn from Conn() and a *PubSub from Subscribe, PSubscribe or SSubscribe
each hold a connection until Close: a path that skips Close (an early return,
a continue) leaks one connection per call until the pool runs dry. A client
built with NewClient and friends inside a function that neither closes it
nor hands it on builds a new connection pool on every call: create one
client at startup and share it (rediskit.NewClient). A Pipeline() or
TxPipeline() whose queued commands are never Exec'd on some path loses them
silently; call Discard when dropping them is deliberate.

Released means closed (defer included), executed, discarded, or handed on:
returned, stored in a field, global, map, slice or channel, passed to a
function that may keep it, captured by a closure. A function that only uses
a *Conn or *PubSub does not take it over. A client returned on some path
(a constructor that drops it when Ping fails) is not reported. Write

	conn := rdb.Conn()
	defer conn.Close()

or use rediskit.WithConn. A suggested fix inserts defer x.Close() after the
acquiring statement when nothing closes the value or hands it on. Test code
(_test.go files, files that import "testing") is not checked, nor the
connections and clients of main and init.

redigo: a Conn from (*Pool).Get or GetContext, or from Dial and friends,
must be closed on every path too (defer conn.Close() after Get, or once
GetContext or Dial succeeds); an error path of GetContext or Dial, and one
where conn.Err() is not nil, holds nothing.

rueidis and valkey-go: the cancel func of c, cancel := client.Dedicate()
must be called on every path (defer cancel(), or use Dedicated(fn)), or
the connection never goes back to the pool; a discarded one is reported.`
