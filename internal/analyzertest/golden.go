package analyzertest

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// GoldenFilesCompile type-checks every package of testdata/<analyzer> that
// has .golden files, with them in place of the originals (an overlay): a
// suggested fix must leave code that compiles, its added imports included.
func GoldenFilesCompile(t *testing.T, analyzer string) {
	t.Helper()
	dir := Testdata(t)
	goldens, err := filepath.Glob(filepath.Join(dir, analyzer, "*", "*.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if len(goldens) == 0 {
		t.Fatal("no golden files found")
	}
	overlay := map[string][]byte{}
	pkgs := map[string]bool{}
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		overlay[strings.TrimSuffix(g, ".golden")] = src
		pkgs["./"+filepath.ToSlash(filepath.Join(analyzer, filepath.Base(filepath.Dir(g))))] = true
	}
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     dir,
		Env:     append(os.Environ(), "GOPROXY=off"),
		Overlay: overlay,
	}
	loaded, err := packages.Load(cfg, slices.Sorted(maps.Keys(pkgs))...)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != len(pkgs) {
		t.Fatalf("loaded %d packages, want %d", len(loaded), len(pkgs))
	}
	for _, p := range loaded {
		for _, e := range p.Errors {
			t.Errorf("%s with its golden files: %v", p.PkgPath, e)
		}
	}
}
