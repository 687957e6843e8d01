package clusterscan_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/analyzers/clusterscan"
	"github.com/redislint/redislint/internal/analyzertest"
)

const pkg = "github.com/redislint/redislint/testdata/clusterscan/"

func TestClusterScan(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), clusterscan.Analyzer,
		pkg+"reported", pkg+"silent", pkg+"fix", pkg+"v8", pkg+"directives", pkg+"testfiles")
}

// TestGoldenFilesCompile type-checks every package of
// testdata/clusterscan with its .golden files in place of the originals:
// a suggested fix must leave code that compiles.
func TestGoldenFilesCompile(t *testing.T) {
	t.Parallel()
	dir := analyzertest.Testdata(t)
	goldens, err := filepath.Glob(filepath.Join(dir, "clusterscan", "*", "*.go.golden"))
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
		pkgs[pkg+filepath.Base(filepath.Dir(g))] = true
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
