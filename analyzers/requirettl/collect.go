package requirettl

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/testcode"
)

// collect finds the functions and function bodies of the package. Test
// code is left out (see internal/testcode): tests write fixture keys on
// purpose and flush them.
func (c *checker) collect() {
	for _, f := range c.pass.Files {
		if testcode.IsTest(c.pass.Fset.File(f.Pos()).Name(), f) {
			continue
		}
		c.collectGlobals(f)
		var nodes []ast.Node
		var open []*body
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				top := nodes[len(nodes)-1]
				nodes = nodes[:len(nodes)-1]
				if len(open) > 0 && open[len(open)-1].node == top {
					open = open[:len(open)-1]
				}
				return true
			}
			nodes = append(nodes, n)
			var b *body
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if v := baseVar(c.pass.TypesInfo, lhs); v != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
						c.assigned[v] = true
					}
				}
				return true
			case *ast.FuncDecl:
				if n.Body == nil {
					return true
				}
				fi := newFuncInfo(c, n)
				c.roots = append(c.roots, fi)
				if fi.fn != nil {
					c.declInfo[fi.fn] = fi
				}
				b = &body{node: n, block: n.Body, g: c.cfgs.FuncDecl(n), fi: fi}
			case *ast.FuncLit:
				b = &body{node: n, block: n.Body, g: c.cfgs.FuncLit(n)}
				if len(open) > 0 {
					b.parent = open[len(open)-1]
					b.fi = b.parent.fi
				} else {
					b.fi = newFuncInfo(c, n) // a function literal in a package-level declaration
					c.roots = append(c.roots, b.fi)
				}
			default:
				return true
			}
			if b.g != nil {
				open = append(open, b)
				c.bodies = append(c.bodies, b)
			}
			return true
		})
	}
}

// summarizeAll computes the summary of every declaration, callees first
// (strongly connected components of the package's static call graph in
// reverse topological order), and then gathers the events of the top-level
// function literals.
func (c *checker) summarizeAll() {
	var order []*funcInfo
	for _, fi := range c.roots {
		if fi.fn != nil {
			order = append(order, fi)
		}
	}
	for _, scc := range c.sccs(order) {
		for _, fi := range scc {
			c.pending[fi.fn] = true
		}
		for _, fi := range scc {
			fi.events = c.gather(fi)
		}
		for _, fi := range scc {
			fi.sum = c.summarize(fi)
		}
		for _, fi := range scc {
			delete(c.pending, fi.fn)
		}
	}
	for _, fi := range c.roots {
		if fi.fn == nil {
			fi.events = c.gather(fi)
		}
	}
}

// gather returns the events of every call in fi, closures included.
func (c *checker) gather(fi *funcInfo) []*event {
	var evs []*event
	for _, call := range fi.calls {
		evs = append(evs, c.events(fi, call)...)
	}
	return evs
}

// sccs returns the strongly connected components of the static call graph
// among fis, callees before callers (Tarjan's algorithm).
func (c *checker) sccs(fis []*funcInfo) [][]*funcInfo {
	callees := func(fi *funcInfo) []*funcInfo {
		var out []*funcInfo
		for _, call := range fi.calls {
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil {
				if g := c.declInfo[fn.Origin()]; g != nil {
					out = append(out, g)
				}
			}
		}
		return out
	}
	index := map[*funcInfo]int{}
	low := map[*funcInfo]int{}
	onStack := map[*funcInfo]bool{}
	var stack []*funcInfo
	var out [][]*funcInfo
	var visit func(fi *funcInfo)
	visit = func(fi *funcInfo) {
		index[fi] = len(index)
		low[fi] = index[fi]
		stack = append(stack, fi)
		onStack[fi] = true
		for _, g := range callees(fi) {
			if _, seen := index[g]; !seen {
				visit(g)
				low[fi] = min(low[fi], low[g])
			} else if onStack[g] {
				low[fi] = min(low[fi], index[g])
			}
		}
		if low[fi] == index[fi] {
			var scc []*funcInfo
			for {
				g := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[g] = false
				scc = append(scc, g)
				if g == fi {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fi := range fis {
		if _, seen := index[fi]; !seen {
			visit(fi)
		}
	}
	return out
}

// collectGlobals records the initializers of f's package-level variables.
func (c *checker) collectGlobals(f *ast.File) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Values) != len(vs.Names) {
				continue
			}
			for i, name := range vs.Names {
				if v, ok := c.pass.TypesInfo.Defs[name].(*types.Var); ok {
					c.globals[v] = vs.Values[i]
				}
			}
		}
	}
}
