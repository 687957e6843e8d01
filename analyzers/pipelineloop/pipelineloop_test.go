package pipelineloop_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/analyzers/pipelineloop"
	"github.com/redislint/redislint/internal/analyzertest"
)

const pkg = "github.com/redislint/redislint/testdata/pipelineloop/"

func TestPipelineLoop(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), pipelineloop.Analyzer,
		pkg+"reported", pkg+"silent", pkg+"shapes", pkg+"roundtrip/...", pkg+"fix", pkg+"viawrapper", pkg+"v8", pkg+"directives", pkg+"cgo")
}

func TestStrict(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), pipelineloop.New(pipelineloop.Config{Strict: true}), pkg+"strict")
}

// TestGoldenFilesCompile type-checks every package of testdata/pipelineloop
// with its .golden files in place of the originals: a suggested fix must
// leave code that compiles.
func TestGoldenFilesCompile(t *testing.T) {
	t.Parallel()
	dir := analyzertest.Testdata(t)
	goldens, err := filepath.Glob(filepath.Join(dir, "pipelineloop", "*", "*.go.golden"))
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
		Tests:   false,
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

// TestStrictFlag: the command line and the golangci-lint settings reach
// the same switch.
func TestStrictFlag(t *testing.T) {
	t.Parallel()
	a := pipelineloop.New(pipelineloop.Config{})
	f := a.Flags.Lookup("strict")
	if f == nil || f.DefValue != "false" {
		t.Fatalf("flag strict = %+v, want a boolean defaulting to false", f)
	}
	if b := pipelineloop.New(pipelineloop.Config{Strict: true}).Flags.Lookup("strict"); b.DefValue != "true" {
		t.Errorf("New(Config{Strict: true}) flag default = %s, want true", b.DefValue)
	}
	if pipelineloop.Analyzer.Name != "pipelineloop" || !strings.HasPrefix(pipelineloop.Analyzer.Doc, "report loops that make one Redis round trip per item\n") {
		t.Errorf("Analyzer = %q: %q", pipelineloop.Analyzer.Name, pipelineloop.Analyzer.Doc)
	}
}
