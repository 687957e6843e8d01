// Package queued finds the replies of go-redis commands that are read while
// the pipeline they are queued on has not run yet.
//
// A command called on a Pipeliner (from Pipeline() or TxPipeline(), or the
// pipe of a Pipelined or TxPipelined closure) is only queued: its reply is
// filled in by the pipeline's Exec. Until then Val() is the zero value,
// Err() is nil and the typed accessors (Int64(), Bool(), Slice(), ...) see
// no reply. So
//
//	rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
//		n := pipe.Incr(ctx, key)
//		if n.Val() == 1 { // never true: n has no reply yet
//			pipe.Expire(ctx, key, window)
//		}
//		return nil
//	})
//
// never sets the expiry, and an error check on a queued command never fires.
//
// # Use
//
// Require Analyzer and take its result:
//
//	replies := pass.ResultOf[queued.Analyzer].(*queued.Replies)
//
// Then:
//
//   - All and Reads list the reads (a *Read: the accessor call, the queued
//     command it reads, its pipeline and where that runs, and whether the
//     pipeline has not run on every path to the read or only on some);
//   - ReadAt says whether one call is such a read;
//   - Value says whether a condition has one value on every path because the
//     replies it reads are empty (if err := cmd.Err(); err != nil, if
//     n.Val() == 1), and Infeasible which successor of a control-flow block
//     (of internal/flow's graphs) is therefore never taken;
//   - ReadsQueued says whether an expression reads such a reply at all.
//
// A command whose arguments go-redis checks as it builds it (GeoRadius with
// a Store option, Do without a command: redisapi.MayFailEarly) may carry an
// error before Exec; only its Val() counts as a read of an empty reply.
//
// The reply of a command queued on a pipeline variable is followed through
// variables (cmd := pipe.Get(ctx, k); ...; cmd.Val()), copies of them,
// method values (get := cmd.Val; get()) and variables that hold a value read
// from it (n := cmd.Val(); if n == 1). Paths are those of the function's
// control-flow graph, from internal/flow. The pipeline has run on a path
// when its Exec was called on it; any other use of the pipeline variable
// than queuing a command or calling one of its methods in the function that
// declares it (passing it on, storing it, calling it from a nested closure)
// makes the analysis give up on that pipeline, except for a read straight
// off the queued call (pipe.Get(ctx, k).Val()), which is always empty. A
// pipeline that is not known to be fresh (a Pipeliner parameter of a named
// function) may also be run by any call to code outside the standard
// library and go-redis. The Cmders that Exec or Pipelined return, and
// variables assigned in a Pipelined closure but read after it, are never
// reads of a pending reply.
//
// Replies is safe for concurrent use; functions are analyzed once, when
// first asked about.
package queued

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/redisapi"
)

// Analyzer gives the package's *Replies.
var Analyzer = &analysis.Analyzer{
	Name:             "redisqueued",
	Doc:              "find replies of queued pipeline commands read before Exec",
	Requires:         []*analysis.Analyzer{inspect.Analyzer, flow.Analyzer},
	Run:              run,
	ResultType:       reflect.TypeFor[*Replies](),
	RunDespiteErrors: true,
}

// A Read is a call that reads the reply of a command queued on a pipeline,
// on a path where that pipeline has not run since the command was queued.
type Read struct {
	// Call is the read: cmd.Val(), pipe.Get(ctx, k).Err(), or get() after
	// get := cmd.Val.
	Call *ast.CallExpr
	// Method is the accessor: "Val", "Err", "Result", "Int64", ...
	Method string
	// Kind classifies Method.
	Kind redisapi.ReplyRead
	// Queue is the call that queued the command (the first in the source
	// when several can reach the read).
	Queue *ast.CallExpr
	// Pipe is the pipeline variable Queue is called on, or nil.
	Pipe *types.Var
	// Always is true when the pipeline has not run on any path to Call:
	// what Call returns is the empty reply whenever it runs.
	Always bool
	// Runner is the call that runs the pipeline: the first Exec of Pipe in
	// the source after Call, or the Pipelined or TxPipelined call whose
	// closure holds Call. It is nil when there is none to name.
	Runner *ast.CallExpr
}

// Replies answers questions about the queued replies of one package.
type Replies struct {
	info   *types.Info
	graphs *flow.Graphs
	root   inspector.Cursor
	pkg    *types.Package

	sites map[ast.Node][]*ast.CallExpr // queued calls by innermost function, in source order

	mu    sync.Mutex
	funcs map[ast.Node]*function
	pipes map[*types.Var]*pipeInfo
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	graphs := pass.ResultOf[flow.Analyzer].(*flow.Graphs)
	return newReplies(pass.Pkg, pass.TypesInfo, insp, graphs), nil
}

func newReplies(pkg *types.Package, info *types.Info, insp *inspector.Inspector, graphs *flow.Graphs) *Replies {
	r := &Replies{
		info:   info,
		graphs: graphs,
		root:   insp.Root(),
		pkg:    pkg,
		sites:  map[ast.Node][]*ast.CallExpr{},
		funcs:  map[ast.Node]*function{},
		pipes:  map[*types.Var]*pipeInfo{},
	}
	if !redisapi.Reaches(pkg) || redisapi.MajorOf(pkg.Path()) != 0 {
		return r // no go-redis, or go-redis itself
	}
	for cur := range r.root.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !redisapi.Queues(info, sel) {
			continue
		}
		if fn, ok := enclosingFunc(cur); ok {
			r.sites[fn.Node()] = append(r.sites[fn.Node()], call)
		}
	}
	return r
}

// All returns every read of a pending reply in the package, on some path
// or on all, in source order.
func (r *Replies) All() []*Read {
	var out []*Read
	for _, fn := range r.funcNodes() {
		out = append(out, r.Reads(fn)...)
	}
	slices.SortFunc(out, func(a, b *Read) int { return int(a.Call.Pos() - b.Call.Pos()) })
	return out
}

func (r *Replies) funcNodes() []ast.Node {
	out := make([]ast.Node, 0, len(r.sites))
	for fn := range r.sites {
		out = append(out, fn)
	}
	slices.SortFunc(out, func(a, b ast.Node) int { return int(a.Pos() - b.Pos()) })
	return out
}

// Reads returns the reads of pending replies in the body of fn (an
// *ast.FuncDecl or *ast.FuncLit), not counting nested function literals,
// in source order.
func (r *Replies) Reads(fn ast.Node) []*Read {
	f := r.function(fn)
	if f == nil {
		return nil
	}
	return f.readList
}

// ReadAt returns the read that call is, or nil when call does not read a
// pending reply on any path.
func (r *Replies) ReadAt(call *ast.CallExpr) *Read {
	if call == nil {
		return nil
	}
	f := r.functionAt(call)
	if f == nil {
		return nil
	}
	return f.reads[call]
}

// Value reports the value that cond, a boolean expression, has on every
// path because the replies it reads are empty there: false for
// cmd.Err() != nil and for n.Val() == 1 before Exec, true for
// cmd.Val() == 0. ok is false when cond does not depend on such a reply
// alone, or when it is not in a function of the package.
func (r *Replies) Value(cond ast.Expr) (value, ok bool) {
	if cond == nil {
		return false, false
	}
	f := r.functionAt(cond)
	if f == nil {
		return false, false
	}
	return f.value(cond)
}

// Infeasible returns the index in b.Succs of the successor that b's
// condition never leads to because the queued replies it reads are empty,
// or -1. b is a block of a graph that internal/flow built: one that ends
// in the condition of an if or a for statement, whose Succs are the true
// and the false successor.
func (r *Replies) Infeasible(b *cfg.Block) int {
	if b == nil || len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return -1
	}
	f := r.functionAt(b.Nodes[len(b.Nodes)-1])
	if f == nil {
		return -1
	}
	return f.infeasible(b)
}

// ReadsQueued reports whether e reads a pending reply on some path: it
// contains a read (outside nested function literals), or a variable that
// only ever holds a value read from one.
func (r *Replies) ReadsQueued(e ast.Expr) bool {
	if e == nil {
		return false
	}
	f := r.functionAt(e)
	if f == nil {
		return false
	}
	found := false
	zero := f.zeroAt(e)
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if f.reads[n] != nil {
				found = true
			}
		case *ast.Ident:
			if v, ok := f.r.info.Uses[n].(*types.Var); ok && zero(v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// functionAt returns the analysis of the innermost function around n.
func (r *Replies) functionAt(n ast.Node) *function {
	inside := false // some function that queues commands holds n
	for fn := range r.sites {
		if within(fn, n.Pos()) {
			inside = true
			break
		}
	}
	if !inside {
		return nil
	}
	cur, ok := r.root.FindByPos(n.Pos(), n.End())
	if !ok {
		return nil
	}
	fn, ok := enclosingFunc(cur)
	if !ok {
		return nil
	}
	return r.function(fn.Node())
}

// function returns the analysis of fn, or nil when no command is queued in
// its body.
func (r *Replies) function(fn ast.Node) *function {
	sites := r.sites[fn]
	if len(sites) == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.funcs[fn]; ok {
		return f
	}
	f := r.analyze(fn, sites)
	r.funcs[fn] = f
	return f
}

// enclosingFunc returns the innermost function declaration or literal
// around cur (cur itself included).
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f, true
	}
	return inspector.Cursor{}, false
}

// funcBody returns the body of fn.
func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// graph returns the control-flow graph of fn.
func (r *Replies) graph(fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if fn.Body == nil {
			return nil
		}
		return r.graphs.FuncDecl(fn)
	case *ast.FuncLit:
		return r.graphs.FuncLit(fn)
	}
	return nil
}

// within reports whether pos lies in n.
func within(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }
