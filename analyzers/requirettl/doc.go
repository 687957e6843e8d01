// Package requirettl reports Redis keys that code using go-redis, redigo,
// rueidis or valkey-go writes without ever setting an expiry.
//
// # Analyzer requirettl
//
// requirettl: report keys written with no expiry on some path
//
// A key written without a TTL lives until someone deletes it or Redis runs
// out of memory. requirettl follows every path of the control-flow graph
// from a write that can create a key (HSet, SAdd, LPush, Incr, ZAdd, Set
// with a zero expiration, the destination of LMove or SUnionStore, ...) to
// the end of its function, and reports the write when some path sets no
// expiry on the same key.
//
// Expiries: Expire, ExpireAt, PExpire, PExpireAt, ExpireNX and ExpireLT,
// and a later write that carries a TTL (Set with a duration, SetEx,
// SetArgs with TTL or ExpireAt). ExpireXX and ExpireGT do nothing to a key
// without a TTL; hash-field expiry (HExpire) expires fields, not the key.
// A non-constant duration and KeepTTL are trusted. A key deleted or renamed
// away later on the path (Del, Unlink, GetDel, Rename, a temporary
// SInterStore destination) does not live forever either. An XAdd that caps
// the stream (MaxLen, MinID) and a push followed by LTrim are bounded and
// fine. Writes that only touch existing keys (LPushX, ZAddXX, SetXX,
// SetArgs{Mode: "XX"}, ZAddArgs{XX: true}) are not reported.
//
// redigo, rueidis and valkey-go: a redigo Do, Send, DoContext or
// DoWithTimeout whose command name is a constant, and a rueidis or
// valkey-go Do, DoMulti, DoCache, DoMultiCache, DoStream or DoMultiStream
// of a Builder chain written in the call (or in a local variable assigned
// once), follow the same rules, read from the command's arguments or the
// chain's steps: the key after the command name (Key(k)), SET's
// EX/PX/EXAT/PXAT (Ex, ExSeconds, ...) set a TTL, KEEPTTL and XX are
// fine, SETEX sets one, EXPIRE with a constant TTL of 0 or less, XX or GT
// does not. A write whose options are not constants (or are spread) is not
// reported; a command requirettl cannot tell (a name that is not a
// constant, a command built elsewhere) may expire any key. A write
// followed in the same DoMulti by an expiry of its key is covered.
//
// Same key: the same variable or the same expression over the same
// variables with no assignment in between; a local defined once stands
// for its definition, a same-package helper of one return statement for its
// body, and fmt.Sprintf with %s, %d or %v for the concatenation it spells,
// so userKey(id), "user:"+id and fmt.Sprintf("user:%s", id) are one key.
//
// Paths that do not count: those on which the write failed (its error is
// checked against nil), those ending in panic, log.Fatal or os.Exit, and
// those that leave a conditional or loop holding an expiry of the key
// (if n == 1 { Expire } after Incr, if ttl > 0 { Expire }): whether the
// expiry was meant to be skipped there depends on data requirettl cannot
// see. A deferred expiry covers every path.
//
// Pipelines and transactions: an expiry queued in the same Pipelined or
// TxPipelined closure, on the same Pipeline() value, inside Watch, or after
// the closure in the enclosing function counts.
//
// Across the functions of a package, through summaries computed callees
// first:
//
//   - expires(i): the function sets a TTL on (or deletes) the key it
//     receives as parameter i, unchanged. A write followed by a call that
//     passes the same key is covered. A function that also calls Persist on
//     it is not such a helper.
//   - writes(i Cmd): a pass-through wrapper writes its key parameter i,
//     unchanged, without a TTL and sets none. The write is not reported in
//     the wrapper but at each call whose caller does not expire the key.
//   - may expire(i): the function may expire a key built from parameter i
//     in a way requirettl cannot name (a key it builds, a Lua script, a
//     function value); a call that passes something the key is built from
//     keeps requirettl silent about it.
//
// Functions of other packages: the summaries of exported functions cross
// package boundaries as analysis facts (expiresKey, mayExpire, writesKey),
// with key builders, persistent declarations, script contents and the key
// families a package gives a TTL. A function of a package that cannot
// reach go-redis carries no facts: the standard library never expires a
// key; any other function may expire a key built from what it is passed,
// except a value handed over as an empty interface (a logger's ...any) to
// a function whose signature has no go-redis type. A pass-through wrapper
// of another package is reported at its callers, naming it.
//
// Silent on purpose (precision before recall): a key requirettl cannot
// compare (built by a dynamic call, from a variable whose address is taken
// or that a closure assigns, or from a function literal's parameter), a Lua
// script or a Do/NewCmd whose command is not a constant after the write, a
// key passed to a function value or an interface method, a key returned to
// the caller, writes through Do (their options are not parsed) or a method
// value, keys of modules (JSON, Bloom, time series, ...), subcommands such
// as XGROUP CREATE MKSTREAM, and test code (_test.go files, and files that
// import "testing", such as a testutil package's).
//
// Keys that are meant to persist: list their constant prefixes in
// -requirettl.persistent=config:,lock: (a key builder's prefix is the
// common constant start of its results), declare them in code with
// //redislint:persistent <reason> on a constant, a key builder, a type
// (every key its methods write) or the package clause, or suppress one
// write with //redislint:ignore requirettl <reason>. When the module gives
// a key family (a constant prefix) a TTL somewhere, a write of that family
// without one says where; -requirettl.mode=expiring reports only those,
// for modules that keep other data on purpose.
package requirettl

const doc = `report keys written with no expiry on some path

A key written without a TTL lives until someone deletes it or Redis runs
out of memory. requirettl follows each path from a write that can create a
key (HSet, SAdd, LPush, Incr, ZAdd, Set with a zero expiration, the
destination of LMove, ...) to the end of its function and reports the write
when some path sets no expiry on the same key: add Expire after the write,
or write with a TTL (rediskit's TTL constants).

Expire, ExpireAt, PExpire, PExpireAt, ExpireNX, ExpireLT and writes that
carry a TTL count; ExpireXX, ExpireGT and hash-field expiry do not. Failed
writes (error checked), panics, and conditionals around the expiry (if n == 1
after Incr, if ttl > 0) are not reported. Expiries in the same pipeline or
transaction, in a deferred call, or in a helper of the package that expires
its key parameter count; a function of another package (outside the
standard library) that is passed the key may expire it, and keeps
requirettl silent. A wrapper of the package that writes its key parameter
without a TTL is reported at its callers.

Keys meant to persist: -requirettl.persistent=prefix1,prefix2,
//redislint:persistent <reason> on a constant, key builder, type or the
package clause, or //redislint:ignore requirettl <reason>.
-requirettl.mode=expiring reports only key families that the module gives
a TTL somewhere. redigo's conn.Do("SET", k, v) and rueidis's and
valkey-go's c.Do(ctx, c.B().Set().Key(k).Value(v).Build()) are read the
same way; options that are not constants keep requirettl silent. Test code (_test.go files, files
that import "testing") is not checked: it writes fixtures without TTLs on
purpose.`
