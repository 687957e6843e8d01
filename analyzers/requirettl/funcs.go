package requirettl

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// A funcInfo describes one top-level function (a declaration, or a
// function literal outside any declaration) with the closures it contains:
// the variables keys are built from, and every go-redis event in it.
type funcInfo struct {
	root   ast.Node // *ast.FuncDecl or *ast.FuncLit
	fn     *types.Func
	params map[*types.Var]int // the declaration's parameters by index; the receiver is -1
	vars   map[*types.Var]*varInfo
	calls  []*ast.CallExpr // every call, closures included, in source order
	events []*event        // every event, closures included, in source order
	sum    *summary

	errVars   map[*ast.CallExpr]*types.Var // built by errOf
	pipeErrs  map[*types.Var][]pipeErr     // pipeline variable -> errors of its Exec calls
	probeVars map[*types.Var]probe         // built by probes

	// assigns lists, in source order and closures included, every
	// assignment and var declaration with one value on the right
	// (x, err := rdb.Get(...).Result()), for the stages that ask which
	// variables hold what a call returned.
	assigns []assign
}

// assign is one assignment of a single value to lhs.
type assign struct {
	lhs []ast.Expr
	rhs ast.Expr
}

// varInfo is what the key comparison needs to know about a variable.
type varInfo struct {
	defs     int             // definitions and assignments, parameters counting one
	def      ast.Expr        // the value of the one definition (x := e, var x = e), else nil
	unstable bool            // its address escapes (p := &x), or a closure other than its own assigns it
	addrAt   []*ast.CallExpr // the calls it is handed to by address (json.Unmarshal(b, &x)): they may write it
	home     ast.Node        // the function that declares it
	litParam bool            // a parameter of a function literal: its callers are not followed
	rangeX   ast.Expr        // for the value variable of a range statement, the collection
}

func newFuncInfo(c *checker, root ast.Node) *funcInfo {
	fi := &funcInfo{root: root, params: map[*types.Var]int{}, vars: map[*types.Var]*varInfo{}}
	info := c.pass.TypesInfo
	if decl, ok := root.(*ast.FuncDecl); ok {
		fi.fn, _ = info.Defs[decl.Name].(*types.Func)
		if fi.fn != nil {
			sig := fi.fn.Type().(*types.Signature)
			if r := sig.Recv(); r != nil {
				fi.params[r] = -1
			}
			for i := range sig.Params().Len() {
				fi.params[sig.Params().At(i)] = i
			}
		}
		for v := range fi.params {
			fi.vars[v] = &varInfo{defs: 1, home: root}
		}
		if decl.Body != nil {
			fi.scan(info, decl.Body, root)
		}
	} else {
		lit := root.(*ast.FuncLit)
		fi.scanParams(info, lit)
		fi.scan(info, lit.Body, lit)
	}
	return fi
}

func (fi *funcInfo) scanParams(info *types.Info, lit *ast.FuncLit) {
	for _, fl := range lit.Type.Params.List {
		for _, name := range fl.Names {
			if v, ok := info.Defs[name].(*types.Var); ok {
				fi.vars[v] = &varInfo{defs: 1, home: lit, litParam: true}
			}
		}
	}
}

// scan records the definitions of the variables in body, whose function is home.
func (fi *funcInfo) scan(info *types.Info, body ast.Node, home ast.Node) {
	define := func(id *ast.Ident, value ast.Expr) {
		if id == nil || id.Name == "_" {
			return
		}
		if v, ok := info.Defs[id].(*types.Var); ok {
			vi := fi.vars[v]
			if vi == nil {
				vi = &varInfo{home: home}
				fi.vars[v] = vi
			}
			vi.defs++
			vi.def = value
			return
		}
		fi.assign(info, id, home)
	}
	addrArgs := map[ast.Expr]*ast.CallExpr{} // &x passed straight to a call
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fi.calls = append(fi.calls, n)
			for _, a := range n.Args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					addrArgs[u] = n
				}
			}
		case *ast.FuncLit:
			fi.scanParams(info, n)
			fi.scan(info, n.Body, n)
			return false
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				fi.assigns = append(fi.assigns, assign{n.Lhs, n.Rhs[0]})
			}
			for i, lhs := range n.Lhs {
				id, isIdent := ast.Unparen(lhs).(*ast.Ident)
				switch {
				case isIdent && n.Tok == token.DEFINE:
					var value ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						value = n.Rhs[i]
					}
					define(id, value)
				default:
					fi.assign(info, lhs, home)
				}
			}
		case *ast.IncDecStmt:
			fi.assign(info, n.X, home)
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e == nil {
					continue
				}
				if id, ok := e.(*ast.Ident); ok && n.Tok == token.DEFINE {
					define(id, nil)
					if v, ok := info.Defs[id].(*types.Var); ok && e == n.Value {
						fi.vars[v].rangeX = n.X
					}
				} else {
					fi.assign(info, e, home)
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 {
				lhs := make([]ast.Expr, len(n.Names))
				for i, name := range n.Names {
					lhs[i] = name
				}
				fi.assigns = append(fi.assigns, assign{lhs, n.Values[0]})
			}
			for i, name := range n.Names {
				var value ast.Expr
				if len(n.Values) == len(n.Names) {
					value = n.Values[i]
				}
				define(name, value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := baseVar(info, n.X); v != nil {
					vi := fi.varInfo(v, home)
					if call := addrArgs[n]; call != nil && vi.home == home {
						vi.addrAt = append(vi.addrAt, call) // only that call can write through it
					} else {
						vi.unstable = true
					}
				}
			}
		}
		return true
	})
}

// assign records an assignment to the variable lhs is built on (x, x.f, x[i]).
func (fi *funcInfo) assign(info *types.Info, lhs ast.Expr, home ast.Node) {
	v := baseVar(info, lhs)
	if v == nil {
		return
	}
	vi := fi.varInfo(v, home)
	vi.defs++
	vi.def = nil
	if vi.home != nil && vi.home != home {
		vi.unstable = true // a closure assigns it: any call may change it
	}
}

func (fi *funcInfo) varInfo(v *types.Var, home ast.Node) *varInfo {
	vi := fi.vars[v]
	if vi == nil {
		vi = &varInfo{}
		if v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
			vi.home = home // declared outside what we scanned: treat as its own
		}
		fi.vars[v] = vi
	}
	return vi
}

// baseVar returns the variable an lvalue is built on: x for x, x.f, x[i], *x.
func baseVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			if v != nil && v.IsField() {
				return nil
			}
			return v
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				v, _ := info.Uses[x.Sel].(*types.Var) // pkg.Var
				return v
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// A body is one function body with its control-flow graph.
type body struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	block  *ast.BlockStmt
	g      *cfg.CFG
	fi     *funcInfo // the top-level function it belongs to
	parent *body     // the enclosing body of a function literal
	preds  map[*cfg.Block][]*cfg.Block
}

// loc is a node of a body's graph.
type loc struct {
	b *cfg.Block
	i int
}

// find returns the graph node that contains pos.
func (b *body) find(pos token.Pos) (loc, bool) {
	for _, blk := range b.g.Blocks {
		if !blk.Live {
			continue
		}
		for i, n := range blk.Nodes {
			if n.Pos() <= pos && pos < n.End() {
				return loc{blk, i}, true
			}
		}
	}
	return loc{}, false
}

// pipeErr is the error variable of one Exec call of a pipeline.
type pipeErr struct {
	v    *types.Var
	exec *ast.CallExpr
}
