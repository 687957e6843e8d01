package pipelineloop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	cfgflow "github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/testcode"
)

// roundTrip marks a function that sends at least one go-redis command as a
// round trip (on a client that is not a pipeline) on every path that
// returns, and queues, blocks and waits on nothing: calling it once per
// item costs one round trip per item at least.
type roundTrip struct{}

func (*roundTrip) AFact()         {}
func (*roundTrip) String() string { return "roundTrip" }

// exportFacts exports roundTrip for the package's functions. A function may
// send through another function of the package, so the facts are computed
// until nothing changes. Only a function that sends a round trip itself,
// calls a function of another package with roundTrip, or calls one of the
// package's functions that may get it is a candidate: the others (most of
// a package) never get the fact, and their control-flow graphs are not built.
func (c *checker) exportFacts(insp *inspector.Inspector, graphs *cfgflow.Graphs, tests testcode.Files) {
	type candidate struct {
		fn    *types.Func
		decl  *ast.FuncDecl
		calls []*types.Func // the package's functions it calls
		sends bool          // it may get the fact: it sends, or calls one that may
	}
	var cands []*candidate
	byFn := map[*types.Func]*candidate{}
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if !ok || decl.Body == nil || tests.At(c.pass.Fset, decl.Pos()) {
			continue
		}
		ok, sends, calls := c.sendsOnly(decl.Body)
		if !ok || (!sends && len(calls) == 0) {
			continue
		}
		cand := &candidate{fn: fn, decl: decl, calls: calls, sends: sends}
		cands = append(cands, cand)
		byFn[fn] = cand
	}
	// A candidate that neither sends nor calls one that may is dropped.
	for changed := true; changed; {
		changed = false
		for _, cand := range cands {
			if cand.sends {
				continue
			}
			for _, callee := range cand.calls {
				if cc := byFn[callee]; cc != nil && cc.sends {
					cand.sends, changed = true, true
					break
				}
			}
		}
	}
	type graphed struct {
		fn *types.Func
		g  *cfg.CFG
	}
	var work []graphed
	for _, cand := range cands {
		if !cand.sends {
			continue
		}
		if g := graphs.FuncDecl(cand.decl); g != nil {
			work = append(work, graphed{cand.fn, g})
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range work {
			w := &work[i]
			if w.fn == nil {
				continue // has its fact
			}
			if c.sendsOnEveryPath(w.g, graphs) {
				c.pass.ExportObjectFact(w.fn, &roundTrip{})
				w.fn = nil
				changed = true
			}
		}
	}
}

// sendsOnly reports whether body sends commands only as round trips: no
// pipeline, transaction, subscription, blocking or unknown command, no
// sleep, and nothing sent from a function literal. It also reports
// whether body sends a round trip or calls a function of another package
// with roundTrip (sends), and the functions of the package it calls.
func (c *checker) sendsOnly(body *ast.BlockStmt) (ok, sends bool, calls []*types.Func) {
	info := c.pass.TypesInfo
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n, func(n ast.Node) bool {
				if call, isCall := n.(*ast.CallExpr); isCall {
					if _, isCmd := c.findRedisCommand(call); isCmd {
						ok = false
					}
				}
				return ok
			})
			return false
		case *ast.GoStmt, *ast.DeferStmt, *ast.SelectStmt:
			ok = false
		case *ast.CallExpr:
			if cmd, isCmd := c.findRedisCommand(n); isCmd {
				if cmd.cmd.Effect.Has(redisapi.Blocks) || !c.reportableKind(cmd.kind) {
					ok = false
				}
				sends = true
				break
			}
			if c.unknownRaw(n) || waits(info, n) {
				ok = false
				break
			}
			switch redisapi.LifecycleOf(info, n) {
			case redisapi.StartsPipe, redisapi.RunsPipe, redisapi.RunsWatch, redisapi.ExecsPipe, redisapi.Subscribes, redisapi.AcquiresConn:
				ok = false
			}
			if fn := typeutil.StaticCallee(info, n); fn != nil {
				switch fn = fn.Origin(); {
				case fn.Pkg() == c.pass.Pkg:
					calls = append(calls, fn)
				case c.roundTripCall(n) != nil:
					sends = true
				}
			}
		}
		return ok
	})
	return ok, sends, calls
}

// sendsOnEveryPath reports whether every path through g from its entry to
// a return or the end of the function passes a node that sends a round
// trip (a command on a client, or a call of a function with roundTrip).
func (c *checker) sendsOnEveryPath(g *cfg.CFG, graphs *cfgflow.Graphs) bool {
	if len(g.Blocks) == 0 {
		return false
	}
	seen := map[*cfg.Block]bool{g.Blocks[0]: true}
	stack := []*cfg.Block{g.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.blockSends(b) {
			continue
		}
		if len(b.Succs) == 0 && !c.endsInExit(b, graphs) {
			return false // returns without a round trip
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return true
}

// blockSends reports whether a node of b sends a round trip.
func (c *checker) blockSends(b *cfg.Block) bool {
	for _, n := range b.Nodes {
		found := false
		inspectOutsideLits(n, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if cmd, ok := c.findRedisCommand(call); ok && c.reportableKind(cmd.kind) {
					found = true
				} else if c.roundTripCall(call) != nil {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// endsInExit reports whether b ends in a call that never returns (panic,
// log.Fatal, a function of the package that exits).
func (c *checker) endsInExit(b *cfg.Block, graphs *cfgflow.Graphs) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if exitCall(c.pass.TypesInfo, call) {
		return true
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	return fn != nil && graphs.NoReturn(fn.Origin())
}

// roundTripCall returns the function call sends a round trip through: a
// call of a function with roundTrip, not through a function value or an
// interface.
func (c *checker) roundTripCall(call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == nil || redisapi.MajorOf(fn.Pkg().Path()) != 0 {
		return nil
	}
	if !c.pass.ImportObjectFact(fn, new(roundTrip)) {
		return nil
	}
	return fn
}
