// Package rediskit is the compliant way to do what redislint's analyzers ask
// for, built on go-redis v9.
//
// Each helper takes or wraps a go-redis client rather than hiding it, so code
// that uses rediskit keeps making calls the analyzers understand.
//
//   - One shared, pooled client per process: NewClient(Options) with
//     production defaults, a circuit breaker (one per node of a cluster, so
//     that a node's outage stays that node's) and Prometheus metrics as
//     go-redis hooks, Stats for the pool and the breakers, health handlers,
//     and an explicit process default (SetDefault, Default). Redis()
//     returns the go-redis client for everything else.
//   - Instead of KEYS: ScanKeys (a drop-in that visits every master of a
//     cluster) and IterKeys (streaming); build patterns from user input with
//     EscapePattern.
//   - Instead of one round trip per key: SetMany (always with a TTL),
//     GetMany and ExpireMany, pipelined and chunked, every per-key failure
//     reported in a *BatchError.
//   - Instead of a Conn that may leak: WithConn.
//   - Optimistic transactions: Transaction (WATCH, retries with backoff on
//     redis.TxFailedErr).
//   - TTLs: the TTL constants, a read-through Cache with single-flight, and
//     GetOr for reads that fall back to a default.
//
// Every failure is an error for errors.Is, never a panic and never a
// silent loss: ErrCircuitOpen for a command a breaker refused (it was not
// sent), redis.ErrPoolTimeout after Options.PoolTimeout without a free
// connection, context.DeadlineExceeded or context.Canceled when the
// caller's ctx ended (for each key of a *BatchError too),
// ErrClusterIncomplete when a walk cannot see every master, and an error
// naming the nil argument for a nil context, client or function.
package rediskit
