package ctxclose

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// paramUse records what a function does with its go-redis connection,
// subscription and client parameters (indices count from 0, without the
// receiver). Closes lists those it closes on every path that returns:
// passing a value there releases it. Keeps is implied for every other
// parameter: the function may store, return or close it, so passing a
// value there hands it on. Borrows lists the connections and subscriptions
// it only uses (commands, comparisons) and neither closes nor hands on: the
// caller still holds the value after the call. (A client parameter is
// never listed there: nearly every function of a program that uses Redis
// borrows the shared client, and a fact on each would cost more than the
// rare per-call client it finds.)
type paramUse struct {
	Closes  []int
	Borrows []int
}

func (*paramUse) AFact() {}
func (f *paramUse) String() string {
	return fmt.Sprintf("paramUse(closes %v, borrows %v)", f.Closes, f.Borrows)
}

// The fate of a value passed to a function.
type fate uint8

const (
	keeps   fate = iota // the callee may keep it: handed on
	closes              // the callee closes it on every path
	borrows             // the callee only uses it
)

// resourceParam reports whether a parameter of type t is a resource that
// facts describe: a *Conn, a *PubSub or a client, not a pipeline.
func resourceParam(t types.Type) bool {
	if !redisType(t) {
		return false
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok {
		return false
	}
	switch n.Obj().Name() {
	case "Conn", "PubSub", "Client", "ClusterClient", "Ring", "UniversalClient", "SentinelClient":
		return true
	}
	return false
}

// borrowable reports whether a parameter of type t is a *Conn or a
// *PubSub, whose borrowing the facts record.
func borrowable(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	return ok && (n.Obj().Name() == "Conn" || n.Obj().Name() == "PubSub")
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// exportFacts exports paramUse for the package's functions that take a
// go-redis resource. A function may close or borrow its parameter by
// passing it to another function of the package, so the facts are
// computed until nothing changes.
func (c *checker) exportFacts() {
	type candidate struct {
		fn     *types.Func
		fi     *funcInfo
		params []int
		fact   paramUse
	}
	var cands []*candidate
	for cur := range c.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if !ok || decl.Body == nil {
			continue
		}
		var params []int
		ps := fn.Signature().Params()
		for i := range ps.Len() {
			if p := ps.At(i); p.Name() != "" && p.Name() != "_" && resourceParam(p.Type()) {
				params = append(params, i)
			}
		}
		if len(params) == 0 {
			continue
		}
		if fi := c.function(cur); fi != nil {
			cands = append(cands, &candidate{fn: fn, fi: fi, params: params})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, cand := range cands {
			var f paramUse
			ps := cand.fn.Signature().Params()
			for _, i := range cand.params {
				switch c.paramFate(cand.fi, ps.At(i)) {
				case closes:
					f.Closes = append(f.Closes, i)
				case borrows:
					f.Borrows = append(f.Borrows, i)
				}
			}
			if !slices.Equal(f.Closes, cand.fact.Closes) || !slices.Equal(f.Borrows, cand.fact.Borrows) {
				cand.fact = f
				c.pass.ExportObjectFact(cand.fn, &paramUse{Closes: f.Closes, Borrows: f.Borrows})
				changed = true
			}
		}
	}
}

// paramFate says what fi does with its parameter p: closes it on every
// path that returns (by itself, in a defer too, or through a function with
// the fact), only uses it, or neither.
func (c *checker) paramFate(fi *funcInfo, p *types.Var) fate {
	t := c.track(fi, p, redisapi.Releases, nil)
	switch {
	case t.skip:
		return keeps
	case t.handled == 0:
		if borrowable(p.Type()) {
			return borrows
		}
		return keeps
	}
	if _, leaks := c.search(fi, t, fi.g.Blocks[0], 0, held, true); leaks {
		return keeps
	}
	return closes
}

// fateOf says what the function that call calls does with its argument i.
func (c *checker) fateOf(cur edge.Kind, call *ast.CallExpr, i int) fate {
	if cur == edge.GoStmt_Call || call.Ellipsis.IsValid() {
		return keeps // a goroutine keeps what it borrows for as long as it runs
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := c.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return keeps // (*T).m(recv, args...): the indices shift
		}
	}
	if redisapi.BorrowsConn(c.pass.TypesInfo, call, i) {
		return borrows // redis.DoContext(conn, ctx, ...)
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return keeps
	}
	var f paramUse
	if !c.pass.ImportObjectFact(fn.Origin(), &f) {
		return keeps
	}
	switch {
	case slices.Contains(f.Closes, i):
		return closes
	case slices.Contains(f.Borrows, i):
		return borrows
	}
	return keeps
}
