package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestBodyless: the bodies dropped on a cold cache are those go/types
// accepts without: never init, generic functions or methods of generic
// types, which it reports as errors.
func TestBodyless(t *testing.T) {
	src := `package p
func init() {}
func F() int { return 1 }
func G[T any]() {}
type L[T any] struct{}
func (L[T]) M() {}
func (*L[T]) N() {}
type P[K, V any] struct{}
func (P[K, V]) O() {}
type S struct{}
func (S) M() {}
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"init": false, "F": true, "G": false, "L.M": false, "L.N": false, "P.O": false, "S.M": true}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil {
			switch r := fd.Recv.List[0].Type.(type) {
			case *ast.Ident:
				name = r.Name + "." + name
			case *ast.StarExpr:
				name = r.X.(*ast.IndexExpr).X.(*ast.Ident).Name + "." + name
			case *ast.IndexExpr:
				name = r.X.(*ast.Ident).Name + "." + name
			case *ast.IndexListExpr:
				name = r.X.(*ast.Ident).Name + "." + name
			}
		}
		if got := bodyless(fd); got != want[name] {
			t.Errorf("bodyless(%s) = %v, want %v", name, got, want[name])
		}
	}
}

// TestDropUnused: only go/types' unused-import errors are dropped.
func TestDropUnused(t *testing.T) {
	errs := []packages.Error{
		{Msg: `"fmt" imported and not used`, Kind: packages.TypeError},
		{Msg: `"google.golang.org/protobuf/internal/errors" imported as protoerrors and not used`, Kind: packages.TypeError},
		{Msg: `declared and not used: x`, Kind: packages.TypeError},
		{Msg: `"fmt" imported and not used`, Kind: packages.ListError},
		{Msg: `undefined: y`, Kind: packages.TypeError},
	}
	got := dropUnused(errs)
	if len(got) != 3 || got[0].Msg != "declared and not used: x" || got[1].Kind != packages.ListError || got[2].Msg != "undefined: y" {
		t.Errorf("dropUnused kept %v", got)
	}
}
