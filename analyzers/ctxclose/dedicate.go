package ctxclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/redisapi"
)

// rueidis's and valkey-go's Dedicate returns a client bound to one
// connection of the blocking pool and the cancel func that puts it back:
// c, cancel := client.Dedicate(). The tracked variable is cancel, released
// by calling it; the dedicated client's Close puts the connection back
// too, so a client that is closed, or that leaves the function and may be
// closed elsewhere, keeps the acquisition silent.

// cancelBinding is binding for Dedicate: the variable its cancel func is
// assigned to.
func (c *checker) cancelBinding(fi *funcInfo, a *acquisition, cur inspector.Cursor) (*types.Var, bindKind) {
	var client, cancel ast.Expr
	switch k, _ := cur.ParentEdge(); k {
	case edge.ExprStmt_X:
		return nil, dropped
	case edge.AssignStmt_Rhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) != 2 || len(as.Rhs) != 1 || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) {
			return nil, handedOn
		}
		client, cancel = as.Lhs[0], as.Lhs[1]
	case edge.ValueSpec_Values:
		vs := cur.Parent().Node().(*ast.ValueSpec)
		if len(vs.Names) != 2 || len(vs.Values) != 1 {
			return nil, handedOn
		}
		client, cancel = vs.Names[0], vs.Names[1]
	default:
		return nil, handedOn
	}
	if c.clientReleased(fi, client) {
		return nil, handedOn
	}
	return c.bindTo(fi, a, cur, cancel, func(t types.Type) bool {
		_, ok := t.Underlying().(*types.Signature)
		return ok
	})
}

// clientReleased reports whether the dedicated client held in e may be
// closed: e is not a variable of fi, or some mention of it is anything but
// the receiver of a method call other than Close (passed, returned,
// stored, a method value, closed).
func (c *checker) clientReleased(fi *funcInfo, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return true // stored in a field or an element
	}
	if id.Name == "_" {
		return false
	}
	info := c.pass.TypesInfo
	v := localOf(info, fi, id)
	if v == nil {
		return true
	}
	for cur := range fi.cur.Preorder((*ast.Ident)(nil)) {
		if info.Uses[cur.Node().(*ast.Ident)] != v {
			continue
		}
		for cur.ParentEdgeKind() == edge.ParenExpr_X {
			cur = cur.Parent()
		}
		switch cur.ParentEdgeKind() {
		case edge.AssignStmt_Lhs:
			continue // assigned again, from Dedicate or anything else
		case edge.SelectorExpr_X:
			sel := cur.Parent().Node().(*ast.SelectorExpr)
			s := info.Selections[sel]
			if s != nil && s.Kind() == types.MethodVal && cur.Parent().ParentEdgeKind() == edge.CallExpr_Fun &&
				redisapi.MethodLifecycle(info, sel) != redisapi.Releases {
				continue
			}
		}
		return true
	}
	return false
}

// dedicateAdvice is the tail of a message about Dedicate's cancel func
// held in name, for the dedicated client held in client ("" when unnamed).
func dedicateAdvice(name, client string) string {
	holder := "the dedicated client"
	if client != "" && client != "_" {
		holder = client
	}
	return fmt.Sprintf("until it is, %s holds one of the client's dedicated connections, and Dedicate blocks once BlockingPoolSize are out: defer %s() after Dedicate, or use Dedicated(fn)", holder, name)
}

// dedicateClient returns the name of the variable that a's dedicated
// client is assigned to, or "".
func dedicateClient(a *acquisition) string {
	switch n := a.cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok {
			return id.Name
		}
	case *ast.ValueSpec:
		return n.Names[0].Name
	}
	return ""
}

// reportDroppedCancel reports a Dedicate whose cancel func is discarded.
func (c *checker) reportDroppedCancel(a *acquisition) {
	c.pass.Report(analysis.Diagnostic{Pos: a.call.Pos(), End: a.call.End(),
		Message: fmt.Sprintf("the cancel func from %s is discarded, so its connection never goes back to the pool; keep it and defer cancel(), or use Dedicated(fn)", a.what)})
}

// cancelMessage is the message for a Dedicate whose cancel func, held in
// name, is not called on some path (where) or at all (never).
func cancelMessage(a *acquisition, name, where string, never bool) string {
	tail := dedicateAdvice(name, dedicateClient(a))
	if never {
		return fmt.Sprintf("%s from %s is never called; %s", name, a.what, tail)
	}
	return fmt.Sprintf("%s from %s is not called %s; %s", name, a.what, where, tail)
}
