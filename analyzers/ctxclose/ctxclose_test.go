package ctxclose_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/analyzers/ctxclose"
	"github.com/redislint/redislint/internal/analyzertest"
)

// patterns lists the scenario packages under testdata/ctxclose, all but
// the cgo one, which needs a C compiler.
func patterns(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(analyzertest.Testdata(t), "ctxclose"))
	if err != nil {
		t.Fatal(err)
	}
	var ps []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "cgo" {
			ps = append(ps, "github.com/redislint/redislint/testdata/ctxclose/"+e.Name()+"/...")
		}
	}
	return ps
}

// TestCtxClose runs every scenario under testdata/ctxclose, with the
// suggested fixes compared against the .golden files.
func TestCtxClose(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), ctxclose.Analyzer, patterns(t)...)
}

// TestCgo: a package that uses cgo is analyzed like any other.
func TestCgo(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	fields := strings.Fields(string(out))
	if err != nil || len(fields) != 2 || fields[0] != "1" {
		t.Skipf("cgo is not enabled: %s %v", out, err)
	}
	if _, err := exec.LookPath(fields[1]); err != nil {
		t.Skipf("no C compiler: %v", err)
	}
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), ctxclose.Analyzer, "github.com/redislint/redislint/testdata/ctxclose/cgo")
}

// TestFixedCodeTypeChecks: every scenario package, with its .golden files
// in place of their sources, type-checks, so the fixes produce code that
// compiles. The imports are those of the unchanged package, read from
// export data the build cache keeps, so nothing is compiled or linked.
func TestFixedCodeTypeChecks(t *testing.T) {
	t.Parallel()
	dir := analyzertest.Testdata(t)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./ctxclose/...")
	if err != nil {
		t.Fatal(err)
	}
	goldens := 0
	for _, p := range pkgs {
		fset := token.NewFileSet()
		var files []*ast.File
		fixed := false
		for _, name := range p.GoFiles {
			src, err := os.ReadFile(name + ".golden")
			if err == nil {
				fixed = true
				goldens++
			} else if src, err = os.ReadFile(name); err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("%s.golden: %v", name, err)
			}
			files = append(files, f)
		}
		if !fixed || p.Types == nil {
			continue
		}
		imports := make(map[string]*types.Package)
		for _, imp := range p.Types.Imports() {
			imports[imp.Path()] = imp
		}
		conf := types.Config{
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if imp, ok := imports[path]; ok {
					return imp, nil
				}
				return nil, fmt.Errorf("%s is not imported by the unchanged package", path)
			}),
			FakeImportC: true,
			Error:       func(err error) { t.Errorf("%s with its fixes: %v", p.PkgPath, err) },
		}
		_, _ = conf.Check(p.PkgPath, fset, files, nil)
	}
	if goldens == 0 {
		t.Fatal("no .golden files found")
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
