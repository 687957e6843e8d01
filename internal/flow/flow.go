// Package flow builds the control-flow graphs the analyzers walk, without
// declaring facts.
//
// golang.org/x/tools/go/analysis/passes/ctrlflow learns which functions
// never return (log.Fatal, a helper that calls os.Exit) through a fact.
// Any analyzer that declares a fact, or requires one that does, makes the
// standalone driver type-check every dependency from source and run on it:
// on go-redis v9 that is twice the time and 2.5 times the memory of
// loading dependencies from export data. flow instead knows the standard
// library's and the common loggers' non-returning functions by name (see
// Exits), and finds the package's own by building their graphs. A
// non-returning function of another package that Exits does not list is
// taken to return, so a path through it that cannot run is walked like one
// that can. That costs little: a path is reported only when it reaches a
// return or the function's end, and code rarely follows a fatal call with
// one.
//
// Graphs are built when first asked for, once each.
package flow

import (
	"go/ast"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer gives the package's *Graphs.
var Analyzer = &analysis.Analyzer{
	Name:             "redisflow",
	Doc:              "build control-flow graphs without facts",
	Run:              run,
	ResultType:       reflect.TypeFor[*Graphs](),
	RunDespiteErrors: true,
}

// Graphs builds and keeps the control-flow graphs of a package's functions.
// It is safe for concurrent use by the analyzers that share it.
type Graphs struct {
	info  *types.Info
	decls map[*types.Func]*ast.FuncDecl

	mu       sync.Mutex
	graphs   map[ast.Node]*cfg.CFG // by *ast.FuncDecl or *ast.FuncLit
	noReturn map[*types.Func]bool  // computed for the package's functions
	started  map[*types.Func]bool  // to break cycles
}

func run(pass *analysis.Pass) (any, error) {
	return New(pass.TypesInfo, pass.Files), nil
}

// New returns the Graphs of the package made of files.
func New(info *types.Info, files []*ast.File) *Graphs {
	g := &Graphs{
		info:     info,
		decls:    map[*types.Func]*ast.FuncDecl{},
		graphs:   map[ast.Node]*cfg.CFG{},
		noReturn: map[*types.Func]bool{},
		started:  map[*types.Func]bool{},
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					g.decls[fn] = fd
				}
			}
		}
	}
	return g
}

// Decl returns the declaration of the package's function fn, or nil when
// fn is not one of them or has no body.
func (g *Graphs) Decl(fn *types.Func) *ast.FuncDecl { return g.decls[fn] }

// FuncDecl returns the graph of decl, or nil when it has no body.
func (g *Graphs) FuncDecl(decl *ast.FuncDecl) *cfg.CFG {
	if decl.Body == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if fn, ok := g.info.Defs[decl.Name].(*types.Func); ok {
		g.mayReturn(fn) // builds the graph, once, with fn marked as started
	}
	return g.build(decl, decl.Body)
}

// FuncLit returns the graph of lit.
func (g *Graphs) FuncLit(lit *ast.FuncLit) *cfg.CFG {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.build(lit, lit.Body)
}

// NoReturn reports whether a call of fn never returns.
func (g *Graphs) NoReturn(fn *types.Func) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.mayReturn(fn)
}

func (g *Graphs) build(n ast.Node, body *ast.BlockStmt) *cfg.CFG {
	if c, ok := g.graphs[n]; ok {
		return c
	}
	c := cfg.New(body, g.callMayReturn)
	g.graphs[n] = c
	return c
}

func (g *Graphs) callMayReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := g.info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return false
		}
	}
	fn := typeutil.StaticCallee(g.info, call)
	if fn == nil {
		return true // a function value or an interface method: it may return
	}
	return g.mayReturn(fn.Origin())
}

// mayReturn reports whether fn may return. The caller holds g.mu.
func (g *Graphs) mayReturn(fn *types.Func) bool {
	if Exits(fn) {
		return false
	}
	decl, ok := g.decls[fn]
	if !ok {
		return true // another package's function that Exits does not know
	}
	if g.started[fn] {
		return !g.noReturn[fn] // in a cycle, or done
	}
	g.started[fn] = true
	if g.build(decl, decl.Body).NoReturn() {
		g.noReturn[fn] = true
	}
	return !g.noReturn[fn]
}
