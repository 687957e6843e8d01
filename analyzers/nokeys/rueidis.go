package nokeys

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/redisapi"
)

// rueidisWhy is the tail of the messages about rueidis and valkey-go.
const rueidisWhy = "walks the whole keyspace in one blocking call; iterate with SCAN: send B().Scan().Cursor(c).Match(p).Count(n).Build() until the cursor it returns is 0"

// reportSent reports send, a rueidis or valkey-go call that sends args,
// when one of them is a chain that builds KEYS, and marks the chains it
// sends in sent.
func reportSent(pass *analysis.Pass, dirs *directive.Set, send *ast.CallExpr, args []ast.Expr, sent map[ast.Node]bool) {
	keys := false
	for _, a := range args {
		a = ast.Unparen(a)
		sent[a] = true
		if cmd, ok := redisapi.BuiltCommand(pass.TypesInfo, a); ok && cmd.Effect.Has(redisapi.WalksAll) {
			keys = true
		}
	}
	if !keys || dirs.Suppressed(send) {
		return
	}
	pass.ReportRangef(send, "%s sends KEYS, which %s", types.ExprString(send.Fun), rueidisWhy)
}

// reportBuilt reports the chain at cur, which builds KEYS, when the
// command it builds is held in a local variable (alone, appended to a
// slice, or in a slice literal) that a rueidis call of the same function
// sends. A command handed to anything else stays silent: it is not known to
// be sent.
func reportBuilt(pass *analysis.Pass, dirs *directive.Set, cur inspector.Cursor) {
	chain := cur.Node().(*ast.CallExpr)
	v := holder(pass.TypesInfo, cur)
	if v == nil {
		return
	}
	var body ast.Node
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		body = f.Node()
		break
	}
	if body == nil {
		return
	}
	var send *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || send != nil {
			return send == nil
		}
		args, _, ok := redisapi.SentCommands(pass.TypesInfo, call)
		if !ok {
			return true
		}
		for _, a := range args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && pass.TypesInfo.Uses[id] == v {
				send = call
			}
		}
		return send == nil
	})
	if send == nil || dirs.Suppressed(chain) {
		return
	}
	first, _ := redisapi.BuilderEntry(pass.TypesInfo, chain)
	pass.ReportRangef(chain, "%s builds KEYS, sent by %s at line %d, which %s",
		types.ExprString(first), types.ExprString(send.Fun), pass.Fset.Position(send.Pos()).Line, rueidisWhy)
}

// holder returns the local variable that the chain at cur is stored in:
// v := chain, v = append(v, chain), v := rueidis.Commands{chain}.
func holder(info *types.Info, cur inspector.Cursor) *types.Var {
	for {
		switch cur.ParentEdgeKind() {
		case edge.ParenExpr_X, edge.CompositeLit_Elts:
			cur = cur.Parent()
			continue
		case edge.CallExpr_Args:
			call := cur.Parent().Node().(*ast.CallExpr)
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if b, isBuiltin := info.Uses[id].(*types.Builtin); !ok || !isBuiltin || b.Name() != "append" || cur.ParentEdgeIndex() == 0 {
				return nil
			}
			cur = cur.Parent()
			continue
		case edge.AssignStmt_Rhs:
			as := cur.Parent().Node().(*ast.AssignStmt)
			if len(as.Lhs) != len(as.Rhs) || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) {
				return nil
			}
			return localVar(info, as.Lhs[cur.ParentEdgeIndex()])
		case edge.ValueSpec_Values:
			vs := cur.Parent().Node().(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) {
				return nil
			}
			return localVar(info, vs.Names[cur.ParentEdgeIndex()])
		}
		return nil
	}
}

// localVar returns the function-local variable that e names, or nil.
func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}
