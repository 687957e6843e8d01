package requirettl

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/testcode"
)

// Config holds requirettl's settings.
type Config struct {
	// Persistent lists key prefixes that may live without a TTL: a key
	// whose constant prefix starts with one of them is never reported.
	Persistent []string `json:"persistent"`

	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// Analyzer is requirettl with the zero Config.
var Analyzer = New(Config{})

// New returns a requirettl analyzer that uses cfg. Its flag
// -requirettl.persistent sets cfg.Persistent of this analyzer only.
func New(cfg Config) *analysis.Analyzer {
	cfg.Persistent = slices.Clone(cfg.Persistent)
	a := &analysis.Analyzer{
		Name:     "requirettl",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/redislint/redislint/analyzers/requirettl",
		Requires: []*analysis.Analyzer{inspect.Analyzer, flow.Analyzer},
	}
	a.Flags.Var((*commaList)(&cfg.Persistent), "persistent", "comma-separated key prefixes allowed to live without a TTL")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, &cfg) }
	return a
}

// commaList is a flag.Value holding a comma-separated list.
type commaList []string

func (l *commaList) String() string { return strings.Join(*l, ",") }

func (l *commaList) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// checker holds one pass's state.
type checker struct {
	pass *analysis.Pass
	cfg  *Config
	cfgs *flow.Graphs
	dirs *directive.Set

	declInfo   map[*types.Func]*funcInfo // declarations outside test files
	roots      []*funcInfo               // declarations and top-level function literals, in source order
	bodies     []*body
	pending    map[*types.Func]bool // functions of the recursive cycle being summarized
	classified map[*ast.CallExpr][]*event
	keys       map[ast.Expr]*key
	varIDs     map[*types.Var]int
	reported   map[*ast.CallExpr]bool
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	// Leave at once where no go-redis call can be, and in go-redis itself,
	// which implements the commands.
	if !redisapi.Reaches(pass.Pkg) || redisapi.MajorOf(pass.Pkg.Path()) != 0 {
		return nil, nil
	}
	c := &checker{
		pass:       pass,
		cfg:        cfg,
		cfgs:       pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		declInfo:   map[*types.Func]*funcInfo{},
		pending:    map[*types.Func]bool{},
		classified: map[*ast.CallExpr][]*event{},
		keys:       map[ast.Expr]*key{},
		varIDs:     map[*types.Var]int{},
		reported:   map[*ast.CallExpr]bool{},
	}
	c.collect()
	c.summarizeAll()
	c.dirs = directive.Load(pass, "requirettl", cfg.Directives)
	for _, b := range c.bodies {
		c.check(b)
	}
	return nil, nil
}

// collect finds the functions and function bodies of the package. Test
// code is left out (see internal/testcode): tests write fixture keys on
// purpose and flush them.
func (c *checker) collect() {
	for _, f := range c.pass.Files {
		if testcode.IsTest(c.pass.Fset.File(f.Pos()).Name(), f) {
			continue
		}
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
	ast.Inspect(fi.root, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			evs = append(evs, c.events(fi, call)...)
		}
		return true
	})
	return evs
}

// sccs returns the strongly connected components of the static call graph
// among fis, callees before callers (Tarjan's algorithm).
func (c *checker) sccs(fis []*funcInfo) [][]*funcInfo {
	callees := func(fi *funcInfo) []*funcInfo {
		var out []*funcInfo
		ast.Inspect(fi.root, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil {
					if g := c.declInfo[fn.Origin()]; g != nil {
						out = append(out, g)
					}
				}
			}
			return true
		})
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

// check reports the writes of body b whose key misses an expiry on some path.
func (c *checker) check(b *body) {
	for _, blk := range b.g.Blocks {
		if !blk.Live {
			continue
		}
		for i, n := range blk.Nodes {
			if _, ok := n.(*ast.DeferStmt); ok {
				continue // runs at the function's end, after anything that follows it
			}
			ast.Inspect(n, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.FuncLit:
					return false // checked as its own body
				case *ast.CallExpr:
					for _, ev := range c.events(b.fi, x) {
						if ev.kind == evWrite {
							c.checkWrite(b, loc{blk, i}, ev)
						}
					}
				}
				return true
			})
		}
	}
}

func (c *checker) checkWrite(b *body, at loc, w *event) {
	if c.reported[w.call] {
		return // one finding per call
	}
	fi := b.fi
	for _, ke := range w.keys {
		k := c.keyOf(fi, ke)
		if k == nil || c.persistent(k) {
			continue // cannot be compared with confidence, or allowed to persist
		}
		if k.t.kind == tParam && fi.sum != nil && fi.sum.writes(k.t.idx) {
			continue // a pass-through wrapper: its callers are checked
		}
		if slices.ContainsFunc(k.vars, func(v *types.Var) bool { vi := fi.vars[v]; return vi != nil && vi.litParam }) {
			continue // a closure's parameter: its calls through a function value are not followed
		}
		if c.dirs.Suppressed(w.call) {
			return // suppressed, or in a generated file
		}
		s := &search{c: c, fi: fi, w: w, k: k, errVars: map[*types.Var]bool{}, cont: map[contKey]*badPath{}, excuses: map[ast.Stmt]bool{}}
		s.writeErrVars()
		if s.deferred(b) {
			continue
		}
		bp := s.from(b, at, w.call.End(), 0)
		if bp == nil {
			continue
		}
		c.reported[w.call] = true
		detail := ""
		if s.anyExpiry() {
			detail = " " + c.describe(bp)
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: w.call.Pos(),
			End: w.call.End(),
			Message: fmt.Sprintf("%s on key %s is not followed by an expiry%s; the key will never expire: add Expire after the write, or write it with a TTL (rediskit's TTL constants)",
				w.what, types.ExprString(ke), detail),
		})
		return // one finding per call
	}
}

func (c *checker) persistent(k *key) bool {
	if k.prefix == "" {
		return false
	}
	for _, p := range c.cfg.Persistent {
		if strings.HasPrefix(k.prefix, p) {
			return true
		}
	}
	return false
}

// deferred reports whether a deferred call of b or an enclosing body
// expires the key: it runs when the function returns, on every path.
func (s *search) deferred(b *body) bool {
	for ; b != nil; b = b.parent {
		for _, blk := range b.g.Blocks {
			for _, n := range blk.Nodes {
				if _, ok := n.(*ast.DeferStmt); ok && s.nodeCovers(n, 0, all) {
					return true
				}
			}
		}
	}
	return false
}

// anyExpiry reports whether the function expires the key somewhere after
// the write: then the message names the path that misses it.
func (s *search) anyExpiry() bool {
	for _, ev := range s.fi.events {
		if ev.call.Pos() > s.w.call.End() && ev.kind != evAny && s.covers(ev, all) {
			return true
		}
	}
	return false
}
