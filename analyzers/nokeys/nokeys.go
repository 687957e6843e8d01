package nokeys

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/fixes"
	"github.com/redislint/redislint/internal/redisapi"
)

// Analyzer reports calls that send KEYS to a Redis server.
var Analyzer = New(Config{})

// Config holds nokeys' settings. It has none yet; it exists so that every
// analyzer is built the same way by the command and the golangci-lint plugin.
type Config struct {
	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// New returns a nokeys analyzer that uses cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "nokeys",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/redislint/redislint/analyzers/nokeys",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

// rediskitPath is the package the suggested fix points to.
const rediskitPath = "github.com/redislint/redislint/runtime/rediskit"

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if !redisapi.Reaches(pass.Pkg) {
		return nil, nil // go-redis is nowhere in the import graph
	}
	if redisapi.MajorOf(pass.Pkg.Path()) != 0 {
		return nil, nil // go-redis itself, where Keys is implemented, not used
	}
	dirs := directive.Load(pass, "nokeys", cfg.Directives)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	sentHere := map[ast.Node]bool{} // rueidis chains reported at the call that sends them
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			if redisapi.CalleeClient(pass.TypesInfo, n) == redisapi.NoClient {
				continue
			}
			if args, _, ok := redisapi.SentCommands(pass.TypesInfo, n); ok {
				reportSent(pass, dirs, n, args, sentHere)
				continue
			}
			if cmd, ok := redisapi.BuiltCommand(pass.TypesInfo, n); ok {
				if cmd.Effect.Has(redisapi.WalksAll) && !sentHere[n] {
					reportBuilt(pass, dirs, cur)
				}
				continue
			}
			cmd, ok := redisapi.CallCommand(pass.TypesInfo, n)
			if !ok || !cmd.Effect.Has(redisapi.WalksAll) || dirs.Suppressed(n) {
				continue
			}
			d := analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: message(pass, n, cmd)}
			if fix, ok := scanFix(pass, cur.Node().(*ast.CallExpr), cur); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			pass.Report(d)
		case *ast.SelectorExpr:
			if cur.ParentEdgeKind() == edge.CallExpr_Fun {
				continue // the call is reported as a whole
			}
			cmd, ok := redisapi.CommandOf(pass.TypesInfo, n)
			if !ok || !cmd.Effect.Has(redisapi.WalksAll) || dirs.Suppressed(n) {
				continue
			}
			pass.ReportRangef(n, "method value %s sends KEYS, which walks the whole keyspace in one blocking call; iterate with SCAN (rediskit.ScanKeys)",
				types.ExprString(n))
		}
	}
	return nil, nil
}

func message(pass *analysis.Pass, call *ast.CallExpr, cmd redisapi.Command) string {
	const why = "walks the whole keyspace in one blocking call; iterate with SCAN (rediskit.ScanKeys, or Scan(...).Iterator())"
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if cmd.Redigo {
		const why = "walks the whole keyspace in one blocking call; iterate with SCAN: send SCAN cursor MATCH pattern COUNT n until the cursor it returns is 0"
		verb := "sends"
		if cmd.Queued {
			verb = "queues"
		}
		return fmt.Sprintf("%s %s KEYS, which %s", types.ExprString(call.Fun), verb, why)
	}
	switch {
	case cmd.Raw && sel != nil && pass.TypesInfo.Selections[sel] != nil:
		return fmt.Sprintf("%s.%s sends KEYS, which %s", types.ExprString(sel.X), sel.Sel.Name, why)
	case cmd.Raw:
		return fmt.Sprintf("%s builds a KEYS command, which %s", types.ExprString(call.Fun), why)
	case sel != nil:
		return fmt.Sprintf("%s.Keys %s", types.ExprString(sel.X), why)
	}
	return "KEYS " + why
}

// scanFix offers rediskit.ScanKeys for the two shapes with a type-correct
// rewrite on a go-redis v9 client:
//
//	x.Keys(ctx, p).Result()          -> rediskit.ScanKeys(ctx, x, p)
//	v := x.Keys(ctx, p).Val()        -> v, _ := rediskit.ScanKeys(ctx, x, p)
func scanFix(pass *analysis.Pass, call *ast.CallExpr, cur inspector.Cursor) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return analysis.SuggestedFix{}, false
	}
	cmd, ok := redisapi.CommandOf(pass.TypesInfo, sel)
	if !ok || cmd.Method != "Keys" || !isV9Universal(pass, sel) {
		return analysis.SuggestedFix{}, false
	}
	ctxArg, pattern := call.Args[0], call.Args[1]
	// The rewrite evaluates ctx before x; that is only safe when neither
	// argument can have side effects.
	if !fixes.Pure(ctxArg) || !fixes.Pure(pattern) {
		return analysis.SuggestedFix{}, false
	}
	// call is the X of a selector .Result or .Val that is itself called.
	if cur.ParentEdgeKind() != edge.SelectorExpr_X {
		return analysis.SuggestedFix{}, false
	}
	method := cur.Parent().Node().(*ast.SelectorExpr)
	if cur.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
		return analysis.SuggestedFix{}, false
	}
	outerCur := cur.Parent().Parent()
	outer := outerCur.Node().(*ast.CallExpr)
	if len(outer.Args) != 0 {
		return analysis.SuggestedFix{}, false
	}
	file := enclosingFile(cur)
	name, importEdits, ok := fixes.ImportName(pass, file, call.Pos(), rediskitPath, "rediskit")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	replacement := fmt.Sprintf("%s.ScanKeys(%s, %s, %s)", name, src(pass, ctxArg), src(pass, sel.X), src(pass, pattern))

	var edits []analysis.TextEdit
	switch method.Sel.Name {
	case "Result":
		edits = []analysis.TextEdit{{Pos: outer.Pos(), End: outer.End(), NewText: []byte(replacement)}}
	case "Val":
		// Only as the single value of an assignment or var spec, where
		// "v, _" keeps the meaning (Val drops the error too) and makes the
		// dropped error visible.
		var lhsEnd token.Pos
		switch parent := outerCur.Parent().Node().(type) {
		case *ast.AssignStmt:
			if len(parent.Lhs) != 1 || len(parent.Rhs) != 1 || (parent.Tok != token.ASSIGN && parent.Tok != token.DEFINE) {
				return analysis.SuggestedFix{}, false
			}
			lhsEnd = parent.Lhs[0].End()
		case *ast.ValueSpec:
			if len(parent.Names) != 1 || len(parent.Values) != 1 || parent.Type != nil {
				return analysis.SuggestedFix{}, false
			}
			lhsEnd = parent.Names[0].End()
		default:
			return analysis.SuggestedFix{}, false
		}
		edits = []analysis.TextEdit{
			{Pos: lhsEnd, End: lhsEnd, NewText: []byte(", _")},
			{Pos: outer.Pos(), End: outer.End(), NewText: []byte(replacement)},
		}
	default:
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Replace KEYS with rediskit.ScanKeys",
		TextEdits: append(edits, importEdits...),
	}, true
}

// isV9Universal reports whether sel's receiver is a go-redis v9 value
// that implements redis.UniversalClient, the parameter type of ScanKeys.
func isV9Universal(pass *analysis.Pass, sel *ast.SelectorExpr) bool {
	s, ok := pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	fn := s.Obj().(*types.Func)
	if redisapi.MajorOf(fn.Pkg().Path()) != redisapi.V9 {
		return false
	}
	tn, ok := fn.Pkg().Scope().Lookup("UniversalClient").(*types.TypeName)
	if !ok {
		return false
	}
	iface, ok := tn.Type().Underlying().(*types.Interface)
	return ok && types.Implements(s.Recv(), iface)
}

func src(pass *analysis.Pass, e ast.Node) string { return fixes.Source(pass.Fset, e) }

func enclosingFile(cur inspector.Cursor) *ast.File {
	for c := range cur.Enclosing((*ast.File)(nil)) {
		return c.Node().(*ast.File)
	}
	return nil
}
