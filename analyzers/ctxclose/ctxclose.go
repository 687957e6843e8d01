package ctxclose

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/queued"
	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/testcode"
)

// Analyzer reports go-redis resources that are not released on every path.
var Analyzer = New(Config{})

// Config holds ctxclose's settings. It has none yet; it exists so that every
// analyzer is built the same way by the command and the golangci-lint plugin.
type Config struct {
	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// New returns a ctxclose analyzer that uses cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "ctxclose",
		Doc:       doc,
		URL:       "https://pkg.go.dev/github.com/redislint/redislint/analyzers/ctxclose",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, flow.Analyzer, queued.Analyzer},
		FactTypes: []analysis.Fact{new(paramUse)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

// checker holds what one pass needs.
type checker struct {
	pass  *analysis.Pass
	insp  *inspector.Inspector
	cfgs  *flow.Graphs
	queue *queued.Replies
	dirs  *directive.Set
	funcs map[ast.Node]*funcInfo
	tests testcode.Files
}

// funcInfo is one function body and its control-flow graph.
type funcInfo struct {
	cur  inspector.Cursor // the *ast.FuncDecl or *ast.FuncLit
	body *ast.BlockStmt
	g    *cfg.CFG
	at   map[ast.Node]nodeAt // each node of g, by syntax
}

// nodeAt locates a node of the graph.
type nodeAt struct {
	b *cfg.Block
	i int
}

// An acquisition is a call that hands out a resource.
type acquisition struct {
	call *ast.CallExpr
	cur  inspector.Cursor // of call
	life redisapi.Lifecycle
	what string   // the called function or method, for messages: "Subscribe"
	node ast.Node // the graph node (statement) that holds the call

	redigo bool       // a redigo connection
	tuple  bool       // the call returns the resource with an error: conn, err := ...
	err    *types.Var // the error assigned with it, when it is a variable
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if !redisapi.Reaches(pass.Pkg) {
		return nil, nil // go-redis is nowhere in the import graph
	}
	if redisapi.IsClient(pass.Pkg.Path()) {
		return nil, nil // go-redis itself, where the resources are implemented
	}
	c := &checker{
		pass:  pass,
		insp:  pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		cfgs:  pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		queue: pass.ResultOf[queued.Analyzer].(*queued.Replies),
		funcs: make(map[ast.Node]*funcInfo),
		tests: testcode.Of(pass),
	}
	c.dirs = directive.Load(pass, "ctxclose", cfg.Directives)
	c.exportFacts()
	c.check()
	return nil, nil
}

// function returns the graph of the function at cur, or nil when it has no
// body.
func (c *checker) function(cur inspector.Cursor) *funcInfo {
	if fi, ok := c.funcs[cur.Node()]; ok {
		return fi
	}
	fi := &funcInfo{cur: cur}
	switch n := cur.Node().(type) {
	case *ast.FuncDecl:
		if _, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok && n.Body != nil {
			fi.body, fi.g = n.Body, c.cfgs.FuncDecl(n)
		}
	case *ast.FuncLit:
		fi.body, fi.g = n.Body, c.cfgs.FuncLit(n)
	}
	if fi.g == nil {
		fi = nil
	} else {
		fi.at = make(map[ast.Node]nodeAt)
		for _, b := range fi.g.Blocks {
			for i, n := range b.Nodes {
				fi.at[n] = nodeAt{b, i}
			}
		}
	}
	c.funcs[cur.Node()] = fi
	return fi
}

// enclosingFunc returns the innermost function declaration or literal
// around cur.
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f, true
	}
	return inspector.Cursor{}, false
}

// graphNode returns the node of fi's graph that holds cur, and the function
// literals (inside fi) crossed on the way up to it, innermost first. It
// returns nil when cur lies in no node, as in a type expression.
func (fi *funcInfo) graphNode(cur inspector.Cursor) (ast.Node, []*ast.FuncLit) {
	var lits []*ast.FuncLit
	for p := cur; p.Valid() && p != fi.cur; p = p.Parent() {
		n := p.Node()
		if _, ok := fi.at[n]; ok {
			return n, lits
		}
		if lit, ok := n.(*ast.FuncLit); ok {
			lits = append(lits, lit)
		}
	}
	return nil, lits
}

// check finds the acquisitions in the package and reports those not
// released on every path.
func (c *checker) check() {
	type key struct {
		fn ast.Node
		v  *types.Var
	}
	var (
		order []key
		sites = make(map[key][]*acquisition)
	)
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		life, what := c.lifecycle(call)
		switch life {
		case redisapi.AcquiresConn, redisapi.DialsConn, redisapi.Subscribes, redisapi.NewsClient, redisapi.StartsPipe, redisapi.Dedicates:
		default:
			continue
		}
		fcur, ok := enclosingFunc(cur)
		if !ok {
			continue // a package-level variable: the program owns it
		}
		if c.inTestFile(call) {
			continue
		}
		fi := c.function(fcur)
		if fi == nil || ((closeable(life) || life == redisapi.Dedicates) && c.programLifetime(fcur)) {
			continue
		}
		a := &acquisition{call: call, cur: cur, life: life, what: what,
			redigo: redisapi.CallClient(c.pass.TypesInfo, call) == redisapi.Redigo}
		v, how := c.binding(fi, a)
		switch how {
		case dropped:
			c.reportDropped(a, nil)
		case usedOnce:
			c.reportDropped(a, outerSelector(cur))
		case bound:
			k := key{fi.cur.Node(), v}
			if _, seen := sites[k]; !seen {
				order = append(order, k)
			}
			sites[k] = append(sites[k], a)
		}
	}
	for _, k := range order {
		as := sites[k]
		fi := c.funcs[k.fn]
		t := c.track(fi, k.v, as[0].life, as)
		if t.skip {
			continue
		}
		if as[0].life == redisapi.NewsClient && t.escapes > 0 {
			// A constructor: the client leaves the function on some path
			// (returned after a successful Ping), so it is not a pool per
			// call, even if an error path drops it.
			continue
		}
		for _, a := range as {
			if a.life != as[0].life {
				continue // an interface variable that holds different resources
			}
			start := fi.at[a.node]
			st := held
			switch {
			case a.life == redisapi.StartsPipe:
				st = clean
			case a.err != nil:
				st = heldFresh
			}
			t.err = a.err
			if l, found := c.search(fi, t, start.b, start.i+1, st, false); found {
				c.reportLeak(fi, t, a, l)
			}
		}
	}
}

// programLifetime reports whether the function at cur runs once for the
// whole program, so what it opens lives as long as the process: main in
// package main, and init.
func (c *checker) programLifetime(cur inspector.Cursor) bool {
	decl, ok := cur.Node().(*ast.FuncDecl)
	if !ok || decl.Recv != nil {
		return false
	}
	return decl.Name.Name == "init" || (decl.Name.Name == "main" && c.pass.Pkg.Name() == "main")
}

// inTestFile reports whether n lies in test code (see internal/testcode):
// what a test leaks lasts as long as the test binary, not a service, and
// suites routinely leave clients and connections to the process exit or
// build commands only to inspect them.
func (c *checker) inTestFile(n ast.Node) bool {
	return c.tests.At(c.pass.Fset, n.Pos())
}

// How an acquired value is bound.
type bindKind uint8

const (
	handedOn bindKind = iota // returned, stored, passed, or otherwise out of reach: silent
	bound                    // assigned to a local variable of the function: tracked
	dropped                  // an expression statement or assigned to _
	usedOnce                 // the receiver of one method call, then unreachable
)

// binding says what happens to the value a's call returns, and the variable
// it is assigned to.
func (c *checker) binding(fi *funcInfo, a *acquisition) (*types.Var, bindKind) {
	info := c.pass.TypesInfo
	cur := a.cur
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	if a.life == redisapi.Dedicates {
		return c.cancelBinding(fi, a, cur)
	}
	var lhs ast.Expr
	switch k, i := cur.ParentEdge(); k {
	case edge.ExprStmt_X:
		return nil, dropped
	case edge.AssignStmt_Rhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
			return nil, handedOn
		}
		switch {
		case len(as.Lhs) == len(as.Rhs):
			lhs = as.Lhs[i]
		case len(as.Rhs) == 1 && len(as.Lhs) == 2 && withError(info, a.call):
			// conn, err := pool.GetContext(ctx): on the path where err is
			// not nil there is no connection.
			lhs, a.tuple = as.Lhs[0], true
			if id, ok := ast.Unparen(as.Lhs[1]).(*ast.Ident); ok && id.Name != "_" {
				obj := info.Defs[id]
				if obj == nil {
					obj = info.Uses[id]
				}
				a.err, _ = obj.(*types.Var)
			}
		default:
			return nil, handedOn
		}
	case edge.ValueSpec_Values:
		vs := cur.Parent().Node().(*ast.ValueSpec)
		if len(vs.Names) != len(vs.Values) {
			return nil, handedOn
		}
		lhs = vs.Names[i]
	case edge.SelectorExpr_X:
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		s := info.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal || cur.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			return nil, handedOn
		}
		call := cur.Parent().Parent().Node().(*ast.CallExpr)
		if c.releases(a.life, sel) || aliases(info, call, info.TypeOf(a.call)) {
			return nil, handedOn
		}
		if a.life == redisapi.StartsPipe {
			if _, ok := redisapi.CommandOf(info, sel); !ok {
				return nil, handedOn // nothing queued, nothing lost
			}
		}
		return nil, usedOnce
	default:
		return nil, handedOn
	}
	return c.bindTo(fi, a, cur, lhs, redisType)
}

// bindTo binds a's resource to lhs, the variable it is assigned to, when
// that is a variable of fi whose type passes typeOK.
func (c *checker) bindTo(fi *funcInfo, a *acquisition, cur inspector.Cursor, lhs ast.Expr, typeOK func(types.Type) bool) (*types.Var, bindKind) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return nil, handedOn // a field, an element, a dereference: stored
	}
	if id.Name == "_" {
		return nil, dropped
	}
	v := localOf(c.pass.TypesInfo, fi, id)
	if v == nil || !typeOK(v.Type()) {
		// An io.Closer or any holding the value: its Close is not go-redis's
		// and the analyzer cannot follow it. A global, a named result, a
		// parameter or a variable of an enclosing function: the value
		// leaves this function.
		return nil, handedOn
	}
	node, lits := fi.graphNode(cur)
	if node == nil || len(lits) > 0 {
		return nil, handedOn
	}
	a.node = node
	return v, bound
}

// localOf returns the variable that id names when it is declared in fi's
// body and is not a field, or nil.
func localOf(info *types.Info, fi *funcInfo, id *ast.Ident) *types.Var {
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Pos() < fi.body.Pos() || v.Pos() >= fi.body.End() {
		return nil
	}
	return v
}

// outerSelector returns the selector whose receiver is the call at cur.
func outerSelector(cur inspector.Cursor) *ast.SelectorExpr {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	sel, _ := cur.Parent().Node().(*ast.SelectorExpr)
	return sel
}

// redisType reports whether t is a named type of a client whose resources
// are closed (go-redis or redigo) or a pointer to one. rueidis's and
// valkey-go's are not: their one tracked resource, Dedicate's, is released
// by a func.
func redisType(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch redisapi.ClientOf(n.Obj().Pkg().Path()) {
	case redisapi.GoRedis, redisapi.Redigo:
		return true
	}
	return false
}

// withError reports whether call returns two values, the second an error.
func withError(info *types.Info, call *ast.CallExpr) bool {
	r, ok := info.TypeOf(call).(*types.Tuple)
	return ok && r.Len() == 2 && types.Identical(r.At(1).Type(), types.Universe.Lookup("error").Type())
}

// aliases reports whether call, a method call on a resource of type t, may
// return that resource or one sharing it (WithTimeout returns a *Client on
// the same pool; a Pipeliner's Pipeline returns itself): its result is
// assignable to t.
func aliases(info *types.Info, call *ast.CallExpr, t types.Type) bool {
	if t == nil {
		return false
	}
	switch r := info.TypeOf(call).(type) {
	case nil:
		return false
	case *types.Tuple:
		for v := range r.Variables() {
			if types.AssignableTo(v.Type(), t) {
				return true
			}
		}
		return false
	default:
		return types.AssignableTo(r, t)
	}
}
