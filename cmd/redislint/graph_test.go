package main

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestGraphLoadsCarriersFromSource: analyzing ./b of testdata/vetmode, whose
// package b imports a (a wrapper of go-redis), loads a from source for its
// facts and reports on b alone; go-redis and the standard library stay
// export data and out of the analyzed graph.
func TestGraphLoadsCarriersFromSource(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "vetmode"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")

	g, err := loadGraph([]string{"./b"}, true, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com/vetmode/a"}; !slices.Equal(g.fromSource, want) {
		t.Errorf("fromSource = %v, want %v", g.fromSource, want)
	}
	var roots []string
	for _, p := range g.roots {
		roots = append(roots, p.ID)
	}
	if want := []string{"example.com/vetmode/b"}; !slices.Equal(roots, want) {
		t.Errorf("roots = %v, want %v", roots, want)
	}
	b := g.roots[0]
	var imports []string
	for path, p := range b.Imports {
		imports = append(imports, path)
		if p.Syntax == nil {
			t.Errorf("b's import %s is in the analyzed graph without syntax", path)
		}
	}
	if want := []string{"example.com/vetmode/a"}; !slices.Equal(imports, want) {
		t.Errorf("b's imports in the analyzed graph = %v, want only %v", imports, want)
	}

	// ./... needs no second load: every carrier is a root.
	g, err = loadGraph([]string{"./..."}, false, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.fromSource) != 0 || len(g.roots) != 4 {
		t.Errorf("./...: fromSource = %v, %d roots; want none and 4", g.fromSource, len(g.roots))
	}
}
