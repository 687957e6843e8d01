// Package pipelineread reports replies of queued pipeline commands read
// before the pipeline runs.
//
// # Analyzer pipelineread
//
// pipelineread: report replies of queued pipeline commands read before Exec
//
// A command called on a go-redis Pipeliner (from Pipeline() or
// TxPipeline(), or the pipe of a Pipelined or TxPipelined closure) is only
// queued; Exec sends it and fills in its reply. Before that, Val() is the
// zero value, Err() is nil and the typed accessors (Int64(), Bool(),
// Slice(), Text(), Scan(...)) see no reply. Code that reads the reply there
// misbehaves silently: a TTL set only if n.Val() == 1 is never set, and an
// error check on a queued command never fires.
//
// Reported: Val, Result, Err and the typed accessors of a command queued on
// a pipeline, read on a path from the queuing call on which the pipeline's
// Exec has not been called (inside a Pipelined closure, whose pipeline runs
// after the closure returns, or between Pipeline() and Exec), through the
// command itself, variables and copies holding it, and method values such
// as get := cmd.Val. The message names the Exec, or the Pipelined call,
// that runs the pipeline.
//
// Not reported: reads after Exec on every path, reads of the Cmders that
// Exec and Pipelined return, reads in closures that run later (defer func,
// go func), and commands whose pipeline is handed to another function or
// stored before the read, which may run it. Test code is checked too: a
// queued read in a test is just as wrong.
//
// Suggested fix, when the read is a statement of its own before the Exec in
// the same block (n := cmd.Val(), or an if on the reply that is never
// taken and queues nothing), and nothing in between depends on it: move it
// after the Exec (after the Exec's error check, when one follows).
package pipelineread

const doc = `report replies of queued pipeline commands read before Exec

A command called on a go-redis Pipeliner (Pipeline(), TxPipeline(), or the
pipe of a Pipelined closure) is only queued: until Exec runs the pipeline its
Val() is zero, its Err() nil and its typed accessors see no reply. A TTL set
"if n.Val() == 1" inside a Pipelined closure is never set; an error check on
a queued command never fires. Read replies after Exec (or after Pipelined
returns), or send the command on the client when its reply decides what to
queue next.

A suggested fix moves a read that is a statement of its own to just after
the pipeline's Exec in the same block.`
