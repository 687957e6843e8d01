package ctxclose_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

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
// compiles.
func TestFixedCodeTypeChecks(t *testing.T) {
	t.Parallel()
	analyzertest.GoldenFilesCompile(t, "ctxclose")
}
