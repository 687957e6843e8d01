// Package pipelineloop reports loops that send one Redis round trip per item
// where the commands could be queued on a go-redis pipeline.
//
// # Analyzer pipelineloop
//
// pipelineloop: report loops that make one Redis round trip per item
//
// A command sent on a client waits for its reply before the next one goes
// out, so a loop over n items costs n network round trips: latency grows with
// the data. Queued on a pipeline, the same commands travel together and cost
// one round trip per batch (on loopback, 1,000 SETs one by one take about 20
// times as long as one pipeline; across a network the gap is larger).
//
// Reported: a range over a slice, array, map, string or integer (or over the
// iterators of the slices, maps, strings and bytes packages), or a counted
// for loop, whose body sends a command on the same *Client, *ClusterClient,
// *Ring, *Conn or UniversalClient in every iteration, when no reply's value
// flows into a later iteration or decides whether the loop goes on. One
// diagnostic per loop whose own body (outside the loops nested in it) sends
// such a command, at the first one: an outer loop over groups and an inner
// loop over each group's consumers are two findings. Checking a command's
// error and returning it does not make a loop sequential, nor does an error
// from parsing a reply (strconv, encoding/json, time.Parse): such loops are
// reported too. A reply handed to a logger, a key builder or a method of the
// struct that holds the client does not make the client depend on it; only
// a flow into a later command's arguments or receiver, or into the loop's
// exit, does. Commands sent directly in a loop that also queues commands on
// a pipeline (a read per item feeding queued writes) are reported.
//
// A call, in such a loop, of a function of the module that sends at least
// one round trip on every path that returns, and queues, blocks and waits on
// nothing, is reported at that call, naming the function
// (u, err := repo.User(ctx, id)); no fix is offered. The function carries
// the fact roundTrip, across packages. A function that reads a local cache
// first, or returns early on bad input, does not send on every path.
//
// Not reported:
//   - loops in which a reply's value feeds the next iteration (a SCAN cursor,
//     a chain of GETs) or decides whether the loop ends (break or return on a
//     reply's value, on redis.Nil, which says whether the key exists, or on
//     success, as in a retry loop);
//   - loops with a blocking command (BLPOP, BRPOP, XREAD, WAIT, ...) or a
//     PubSub receive, and loops that sleep, wait on a channel, a ticker or a
//     rate limiter, or select;
//   - range over a channel or over any other iterator, bare for {} loops and
//     for cond {} loops;
//   - loops inside Pipelined, TxPipelined and Watch closures, commands
//     queued on a Pipeliner, loops that run a pipeline per batch, and a
//     command that runs once per batch: under a condition on len(b), where
//     the loop accumulates b (append, b[k] = v), with b among its arguments;
//   - commands on a *redis.Tx (in a Watch closure or a helper it calls):
//     they read the watched keys on the transaction's connection;
//   - commands whose client changes from one iteration to the next (one per
//     shard), commands inside function literals (goroutines, callbacks) and
//     go or defer statements, and commands on a *redis.AutoPipeliner, which
//     batches by itself;
//   - a receiver typed redis.Cmdable (or StringCmdable and the other
//     per-family interfaces), which may already be a pipeline, unless the
//     flag -pipelineloop.strict is set;
//   - test code, _test.go files and files that import "testing" (test
//     helper packages): tests write fixtures and check results one item at
//     a time on purpose, and their latency is not a service's.
//
// Suggested fix, when every command in the loop goes to one client and
// every result is discarded, the loop neither returns nor defers, and the
// other calls in it take no context (so cannot talk to Redis themselves):
// the loop is wrapped in a pipeline, its commands now queued on pipe. In a
// function whose last result is an error:
//
//	if _, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
//		for _, p := range products {
//			pipe.Set(ctx, "product:"+p.ID, p.JSON, time.Hour)
//		}
//		return nil
//	}); err != nil {
//		return err
//	}
//
// and elsewhere, where the loop already ignored every error,
// _, _ = rdb.Pipelined(ctx, ...). No fix is offered when a command's reply
// or error is used in the loop: on a pipeline, replies arrive only after the
// loop, and every command runs even after one fails. The loop is still
// reported: collect the commands, then read them after Pipelined returns.
//
// For go-redis v9, runtime/rediskit's SetMany, GetMany and ExpireMany batch
// the common cases: pipelined, chunked, cluster-safe, and reporting every
// failed key.
//
// # redigo, rueidis and valkey-go
//
// The same rules apply to redigo's conn.Do, conn.DoContext and the
// functions redis.DoContext and redis.DoWithTimeout of a constant command
// name (conn.Send only queues; a loop of Send then one Flush is the batched
// form), and to a rueidis or valkey-go Do of one command built in the call
// (c.Do(ctx, c.B().Get().Key(k).Build())). redis.ErrNil and rueidis.Nil
// are replies, like go-redis's redis.Nil. A loop with DoMulti, DoCache or
// DoStream, a Do of a command built elsewhere, a redigo command whose name
// is not a constant or that changes the connection's state (MULTI, WATCH,
// SELECT...) is not reported. No fix: the message says to queue the
// commands with conn.Send, then one conn.Flush and a conn.Receive per
// reply (redigo), or to build them into one client.DoMulti (rueidis).
package pipelineloop

const doc = `report loops that make one Redis round trip per item

A command sent on a client waits for its reply before the next one goes
out, so a loop over n items costs n network round trips. Queue the commands
on a pipeline (rdb.Pipelined), or use rediskit's SetMany, GetMany and
ExpireMany.

Reported: a range over data or a counted for loop whose body sends commands
on the same *Client, *ClusterClient, *Ring, *Conn or UniversalClient in every
iteration, when no reply's value feeds a later iteration or decides whether
the loop ends. Not reported: cursor loops (SCAN), break or return on a
reply's value, blocking commands, PubSub receives, loops that sleep or wait,
range over a channel, bare for loops, loops inside Pipelined, TxPipelined and
Watch closures, commands queued on a Pipeliner or on a *Tx, a command sent
once per accumulated batch, Cmdable receivers, which may
already be pipelines (reported with -pipelineloop.strict), and test code
(_test.go files, files that import "testing"). Nested loops are reported
each, at the first command of their own body. A call of a function of the
module that sends a round trip on every path is reported like a command.
redigo's conn.Do and rueidis's and valkey-go's client.Do of one built
command per item are reported too (batch them with conn.Send and one Flush,
or one client.DoMulti).

A suggested fix wraps the loop in x.Pipelined when every command result in
it is discarded.`
