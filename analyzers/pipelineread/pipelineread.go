package pipelineread

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/queued"
	"github.com/redislint/redislint/internal/redisapi"
)

// Analyzer reports replies of queued pipeline commands read before Exec.
var Analyzer = New(Config{})

// Config holds pipelineread's settings. It has none yet; it exists so that
// every analyzer is built the same way by the command and the golangci-lint
// plugin.
type Config struct {
	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// New returns a pipelineread analyzer that uses cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "pipelineread",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/redislint/redislint/analyzers/pipelineread",
		Requires: []*analysis.Analyzer{inspect.Analyzer, queued.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if !redisapi.Reaches(pass.Pkg) {
		return nil, nil // go-redis is nowhere in the import graph
	}
	if redisapi.MajorOf(pass.Pkg.Path()) != 0 {
		return nil, nil // go-redis itself
	}
	replies := pass.ResultOf[queued.Analyzer].(*queued.Replies)
	reads := replies.All()
	if len(reads) == 0 {
		return nil, nil
	}
	dirs := directive.Load(pass, "pipelineread", cfg.Directives)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for _, rd := range reads {
		if dirs.Suppressed(rd.Call) || discarded(insp, rd.Call) {
			continue
		}
		d := analysis.Diagnostic{Pos: rd.Call.Pos(), End: rd.Call.End(), Message: message(pass, rd)}
		if fix, ok := moveFix(pass, insp, replies, rd); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
	return nil, nil
}

// discarded reports whether the value of call is thrown away
// (pipe.Set(...).Err() as a statement, or _ = cmd.Val()): reading nothing
// misbehaves in nothing.
func discarded(insp *inspector.Inspector, call *ast.CallExpr) bool {
	cur, ok := insp.Root().FindByPos(call.Pos(), call.End())
	if !ok {
		return false
	}
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	switch parent := cur.Parent().Node().(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		if cur.ParentEdgeKind() != edge.AssignStmt_Rhs || len(parent.Rhs) != 1 {
			return false
		}
		for _, l := range parent.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return false
			}
		}
		return true
	}
	return false
}

// message says what is read, from which command, and until when it is
// empty.
func message(pass *analysis.Pass, rd *queued.Read) string {
	line := func(n ast.Node) int { return pass.Fset.Position(n.Pos()).Line }
	queue := types.ExprString(rd.Queue.Fun)
	what := ""
	switch rd.Kind {
	case redisapi.ReadsErr:
		what = "the error is always nil"
	case redisapi.ReadsVal:
		what = "the value is always zero"
	case redisapi.ReadsResult:
		what = "the value is always zero and the error always nil"
	default:
		what = "it converts an empty reply"
	}
	until := "the pipeline's Exec"
	if rd.Runner != nil {
		runner := types.ExprString(rd.Runner.Fun)
		if redisapi.LifecycleOf(pass.TypesInfo, rd.Runner) == redisapi.RunsPipe {
			until = fmt.Sprintf("%s (line %d) runs the pipeline, after this closure returns", runner, line(rd.Runner))
		} else {
			until = fmt.Sprintf("%s (line %d)", runner, line(rd.Runner))
		}
	}
	if rd.Always {
		return fmt.Sprintf("%s reads %s (line %d) before the pipeline runs: %s until %s",
			readText(rd.Call), queue, line(rd.Queue), what, until)
	}
	return fmt.Sprintf("%s can read %s (line %d) before the pipeline runs: on that path %s until %s",
		readText(rd.Call), queue, line(rd.Queue), what, until)
}

// readText names the read for a message: cmd.Val(), get(),
// pipe.Get(...).Val(), cmd.Scan(&v).
func readText(call *ast.CallExpr) string {
	args := "()"
	if len(call.Args) > 0 {
		args = "(...)"
		if len(call.Args) == 1 {
			if s := types.ExprString(call.Args[0]); len(s) <= 20 {
				args = "(" + s + ")"
			}
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return types.ExprString(call.Fun) + args
	}
	if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
		return types.ExprString(inner.Fun) + "(...)." + sel.Sel.Name + args
	}
	return types.ExprString(sel) + args
}
