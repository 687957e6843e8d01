package directive_test

import (
	"go/ast"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
)

// newBadCall returns a test analyzer that reports every call to a function
// named bad unless the directive Set suppresses it.
func newBadCall(opts directive.Options) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "badcall",
		Doc:      "report every call to a function named bad",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		set := directive.Load(pass, a.Name, opts)
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "bad" {
				continue
			}
			if set.Suppressed(call) {
				continue
			}
			pass.ReportRangef(call, "call to bad")
		}
		return nil, nil
	}
	return a
}

func TestDirectives(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), newBadCall(directive.Options{}),
		"ignore", "nolint", "nolintfile", "generated", "linedirective")
}

func TestSkipNolint(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), newBadCall(directive.Options{SkipNolint: true}), "skipnolint")
}

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
	analysistest.Run(t, analysistest.TestData(), newBadCall(directive.Options{}), "cgo")
}
