package flow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const src = `package p

import (
	"fmt"
	"log"
	"os"
	"testing"
)

func die()              { os.Exit(1) }
func fatal()            { log.Fatalf("x") }
func loggerFatal(l *log.Logger) { l.Fatal("x") }
func testFatal(t *testing.T)    { t.Fatal("x") }
func panics()           { panic("x") }
func viaDie()           { fmt.Println(); die() }
func loop()             { for {} }
func forever()          { forever() }
func pingPong(n int)    { pong(n) }
func pong(n int)        { pingPong(n) }
func sometimes(b bool)  { if b { die() } }
func prints()           { log.Print("x") }
func goexitInLit()      { func() { die() }() }
func viaValue(f func()) { f() }

func uses(b bool) int {
	if b {
		die()
		return 1 // unreachable
	}
	return 2
}
`

func TestNoReturn(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "gc", nil)}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	g := New(info, []*ast.File{f})
	for name, want := range map[string]bool{
		"die": true, "fatal": true, "loggerFatal": true, "testFatal": true,
		"panics": true, "viaDie": true, "loop": true,
		// A call within a recursive cycle is taken to return, as ctrlflow does.
		"forever": false, "pingPong": false, "pong": false,
		"sometimes": false, "prints": false, "goexitInLit": false, "viaValue": false, "uses": false,
	} {
		fn := pkg.Scope().Lookup(name).(*types.Func)
		if got := g.NoReturn(fn); got != want {
			t.Errorf("NoReturn(%s) = %v, want %v", name, got, want)
		}
	}

	// In uses, the return after die() is in a dead block.
	var decl *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "uses" {
			decl = fd
		}
	}
	live := 0
	for _, b := range g.FuncDecl(decl).Blocks {
		for _, n := range b.Nodes {
			if _, ok := n.(*ast.ReturnStmt); ok && b.Live {
				live++
			}
		}
	}
	if live != 1 {
		t.Errorf("uses has %d live returns, want 1 (the one after die() is dead)", live)
	}
	first := g.FuncDecl(decl)
	if again := g.FuncDecl(decl); again != first {
		t.Error("FuncDecl builds the graph twice")
	}
}
