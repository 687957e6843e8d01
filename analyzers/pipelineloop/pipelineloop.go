package pipelineloop

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
	cfgflow "github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/testcode"
)

// Config holds pipelineloop's settings.
type Config struct {
	// Strict also reports commands on a receiver typed redis.Cmdable (or a
	// per-family interface such as StringCmdable, or StatefulCmdable), which
	// may be a pipeline already. Off by default.
	Strict bool `json:"strict"`

	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// Analyzer is pipelineloop with the zero Config.
var Analyzer = New(Config{})

// New returns a pipelineloop analyzer that uses cfg.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "pipelineloop",
		Doc:       doc,
		URL:       "https://pkg.go.dev/github.com/redislint/redislint/analyzers/pipelineloop",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, cfgflow.Analyzer},
		FactTypes: []analysis.Fact{new(roundTrip)},
	}
	a.Flags.BoolVar(&cfg.Strict, "strict", cfg.Strict, "also report loops on Cmdable receivers, which may already be pipelines")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, &cfg) }
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	if !redisapi.Reaches(pass.Pkg) {
		return nil, nil // go-redis is nowhere in the import graph
	}
	if redisapi.MajorOf(pass.Pkg.Path()) != 0 {
		return nil, nil // go-redis itself
	}
	dirs := directive.Load(pass, "pipelineloop", cfg.Directives)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:     pass,
		strict:   cfg.Strict,
		values:   methodValues(pass.TypesInfo, insp),
		analyzed: map[ast.Stmt]*loop{},
		commands: map[*ast.CallExpr]*command{},
	}
	fixed := map[ast.Node]bool{}
	tests := testcode.Of(pass) // test code is not checked: see internal/testcode
	c.exportFacts(insp, pass.ResultOf[cfgflow.Analyzer].(*cfgflow.Graphs), tests)
	clear(c.commands) // computed before the package's facts were known
	for cur := range insp.Root().Preorder((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		if tests.At(pass.Fset, cur.Node().Pos()) || inPipelineClosure(pass.TypesInfo, cur) {
			continue
		}
		l := c.loopAt(cur)
		if l.kind == notData || len(l.reportable) == 0 || c.silent(l) {
			continue
		}
		first := l.reportable[0]
		if dirs.Suppressed(first.call) || dirs.Suppressed(l.stmt) {
			continue
		}
		d := analysis.Diagnostic{Pos: first.call.Pos(), End: first.call.End(), Message: c.message(l, first)}
		if fix, ok := c.fix(l, first); ok && !insideFixed(cur, fixed) {
			fixed[l.stmt] = true
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
	return nil, nil
}

// insideFixed reports whether cur is nested, within the same function, in a
// loop whose diagnostic offers a fix already: that fix moves this loop too.
func insideFixed(cur inspector.Cursor, reported map[ast.Node]bool) bool {
	for anc := range cur.Parent().Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
		if reported[anc.Node()] {
			return true
		}
	}
	return false
}

// inPipelineClosure reports whether cur lies in a function literal passed to
// Pipelined, TxPipelined or Watch, whose commands are queued or part of a
// transaction whatever client they name.
func inPipelineClosure(info *types.Info, cur inspector.Cursor) bool {
	for lit := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if lit.ParentEdgeKind() != edge.CallExpr_Args {
			continue
		}
		switch redisapi.LifecycleOf(info, lit.Parent().Node().(*ast.CallExpr)) {
		case redisapi.RunsPipe, redisapi.RunsWatch:
			return true
		}
	}
	return false
}

// message builds the diagnostic: the command, its client, the collection.
func (c *checker) message(l *loop, first *command) string {
	if first.fn != nil {
		name := first.fn.Name()
		if first.recv != nil {
			name = types.ExprString(first.recv) + "." + name
		}
		return fmt.Sprintf("%s sends a round trip on every call and runs %s: one round trip per item at least; fetch the items in one batch (a pipeline or a multi-key command) instead", name, l.phrase)
	}
	switch first.kind {
	case kindRedigo:
		conn := types.ExprString(first.recv)
		return fmt.Sprintf("%s(%s) runs %s: one round trip each; queue them with %s.Send, then one %s.Flush and a %s.Receive per reply",
			types.ExprString(first.sel), strconv.Quote(first.cmd.Name), l.phrase, conn, conn, conn)
	case kindRueidis:
		client := types.ExprString(first.recv)
		return fmt.Sprintf("%s(%s) runs %s: one round trip each; build the commands into one %s.DoMulti(ctx, cmds...)",
			types.ExprString(first.sel), first.cmd.Name, l.phrase, client)
	}
	name := first.sel.Sel.Name
	if first.cmd.Raw {
		name = fmt.Sprintf("Do(%s)", strconv.Quote(first.cmd.Name))
	}
	recv := types.ExprString(first.recv)
	how := "a pipeline"
	if _, ok := pipelinedOn(c.pass, c.pass.TypesInfo.TypeOf(first.recv)); ok {
		how = recv + ".Pipelined"
	}
	if first.major == redisapi.V9 {
		how += " (or rediskit's batch helpers)"
	}
	return fmt.Sprintf("%s on %s runs %s: one round trip each; queue them on %s", name, recv, l.phrase, how)
}
