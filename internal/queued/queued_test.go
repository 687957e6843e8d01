package queued_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/cfg"

	"github.com/redislint/redislint/internal/analyzertest"
	"github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/queued"
)

// describe reports what Replies says: every read of a pending reply, and
// every if or for condition that Infeasible decides.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report what queued says about each read and condition",
	Requires: []*analysis.Analyzer{queued.Analyzer, flow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		replies := pass.ResultOf[queued.Analyzer].(*queued.Replies)
		graphs := pass.ResultOf[flow.Analyzer].(*flow.Graphs)
		for _, rd := range replies.All() {
			when := "sometimes"
			if rd.Always {
				when = "always"
			}
			runner := "none"
			if rd.Runner != nil {
				runner = ast.Unparen(rd.Runner.Fun).(*ast.SelectorExpr).Sel.Name
			}
			queue := ast.Unparen(rd.Queue.Fun).(*ast.SelectorExpr).Sel.Name
			pass.Reportf(rd.Call.Pos(), "read %s of %s, %s, run by %s", rd.Method, queue, when, runner)
			if replies.ReadAt(rd.Call) != rd {
				pass.Reportf(rd.Call.Pos(), "ReadAt disagrees with All")
			}
		}
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Body != nil {
						conds(pass, replies, graphs.FuncDecl(n).Blocks)
					}
				case *ast.FuncLit:
					conds(pass, replies, graphs.FuncLit(n).Blocks)
				case *ast.IfStmt:
					_, ok := replies.Value(n.Cond)
					switch q := replies.ReadsQueued(n.Cond); {
					case ok && !q:
						pass.Reportf(n.Cond.Pos(), "Value decides a condition that ReadsQueued says reads nothing pending")
					case q && !ok:
						pass.Reportf(n.Cond.Pos(), "reads queued")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func conds(pass *analysis.Pass, replies *queued.Replies, blocks []*cfg.Block) {
	for _, b := range blocks {
		k := replies.Infeasible(b)
		if k < 0 {
			continue
		}
		cond := b.Nodes[len(b.Nodes)-1].(ast.Expr)
		v, ok := replies.Value(cond)
		if !ok || (v != (k == 1)) {
			pass.Reportf(cond.Pos(), "Infeasible %d disagrees with Value %v, %v", k, v, ok)
		}
		pass.Reportf(cond.Pos(), "cond %s", fmt.Sprint(k == 1))
	}
}

func TestReplies(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analyzertest.Testdata(t), describe, "github.com/redislint/redislint/testdata/pipelineread/api")
}
