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

// advice returns what to do about a resource held in name (or, when name is
// empty, not held anywhere), as the tail of a message.
func advice(life redisapi.Lifecycle, name string, perCall bool) string {
	if name == "" {
		name = "it"
		switch life {
		case redisapi.AcquiresConn:
			return "keep it in a variable and defer its Close, or use rediskit.WithConn"
		case redisapi.Subscribes:
			return "it stays subscribed on its own connection; keep it in a variable and defer its Close"
		case redisapi.NewsClient:
			return "a new connection pool is built on every call; create one client at startup and share it (rediskit.NewClient)"
		case redisapi.StartsPipe:
			return "the command is never sent; keep the pipeline and call Exec"
		}
	}
	switch life {
	case redisapi.AcquiresConn:
		return fmt.Sprintf("it holds a pool connection until closed: defer %s.Close() after Conn, or use rediskit.WithConn", name)
	case redisapi.Subscribes:
		return fmt.Sprintf("it holds a connection until closed: defer %s.Close()", name)
	case redisapi.NewsClient:
		if perCall {
			return "a new connection pool is built on every call; create one client at startup and share it (rediskit.NewClient), or defer " + name + ".Close()"
		}
		return "its connection pool leaks; close it before returning"
	case redisapi.StartsPipe:
		return fmt.Sprintf("call %[1]s.Exec, or %[1]s.Discard to drop them on purpose", name)
	}
	return ""
}

// resourceName names the type of the resource call returns: "PubSub",
// "Conn", "Client", "Pipeliner".
func resourceName(info *types.Info, call *ast.CallExpr) string {
	t := info.TypeOf(call)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return "value"
}

// reportDropped reports an acquisition whose value is discarded (sel nil) or
// used by one method call and then unreachable.
func (c *checker) reportDropped(a *acquisition, sel *ast.SelectorExpr) {
	if sel == nil && a.life == redisapi.StartsPipe {
		return // an empty pipeline thrown away loses nothing
	}
	if c.dirs.Suppressed(a.call) {
		return
	}
	res := resourceName(c.pass.TypesInfo, a.call)
	var msg string
	switch {
	case sel == nil:
		msg = fmt.Sprintf("the %s from %s is discarded and never closed; %s", res, a.what, advice(a.life, "", false))
	case a.life == redisapi.StartsPipe:
		msg = fmt.Sprintf("the %s from %s queues %s and is dropped; %s", res, a.what, sel.Sel.Name, advice(a.life, "", false))
	default:
		msg = fmt.Sprintf("the %s from %s is used for %s and never closed; %s", res, a.what, sel.Sel.Name, advice(a.life, "", false))
	}
	c.pass.Report(analysis.Diagnostic{Pos: a.call.Pos(), End: a.call.End(), Message: msg})
}

// reportLeak reports a tracked acquisition that l loses.
func (c *checker) reportLeak(fi *funcInfo, t *tracked, a *acquisition, l leak) {
	if c.dirs.Suppressed(a.call) {
		return
	}
	name := t.v.Name()
	line := func(p token.Pos) int { return c.pass.Fset.Position(p).Line }
	never := t.handled == 0 && len(t.sites) == 1
	var where string
	switch {
	case l.kind == atAcquire && l.node == a.node:
		if loop := enclosingLoop(fi, a.cur); loop != nil {
			where = fmt.Sprintf("before the loop at line %d acquires the next one", line(loop.Pos()))
		} else {
			where = fmt.Sprintf("before %s runs again at line %d", a.what, line(a.call.Pos()))
		}
	case l.kind == atAcquire:
		where = fmt.Sprintf("before %s is reassigned at line %d", name, line(l.pos))
	case l.node.(*ast.ReturnStmt).Return == fi.body.Rbrace:
		where = fmt.Sprintf("on the path that reaches the end of the function at line %d", line(l.pos))
	default:
		where = fmt.Sprintf("on the path through the return at line %d", line(l.pos))
	}
	var msg string
	switch {
	case a.life == redisapi.StartsPipe && never:
		msg = fmt.Sprintf("%s from %s queues commands that are never sent; %s", name, a.what, advice(a.life, name, false))
	case a.life == redisapi.StartsPipe:
		msg = fmt.Sprintf("%s from %s has queued commands that are never sent %s; %s", name, a.what, where, advice(a.life, name, false))
	case never && l.kind == atReturn:
		sep := "; "
		if a.life == redisapi.NewsClient {
			sep = ": "
		}
		msg = fmt.Sprintf("%s from %s is never closed%s%s", name, a.what, sep, advice(a.life, name, true))
	default:
		msg = fmt.Sprintf("%s from %s is not closed %s; %s", name, a.what, where, advice(a.life, name, never))
	}
	d := analysis.Diagnostic{Pos: a.call.Pos(), End: a.call.End(), Message: msg}
	if never && closeable(a.life) {
		if fix, ok := deferFix(fi, a, name); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.pass.Report(d)
}

// enclosingLoop returns the innermost for or range statement of fi around
// cur, or nil.
func enclosingLoop(fi *funcInfo, cur inspector.Cursor) ast.Node {
	for p := cur; p.Valid() && p != fi.cur; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// deferFix inserts defer name.Close() after the statement that acquires a,
// when that statement sits in a statement list outside any loop (a defer in
// a loop would hold every iteration's resource until the function returns).
func deferFix(fi *funcInfo, a *acquisition, name string) (analysis.SuggestedFix, bool) {
	if enclosingLoop(fi, a.cur) != nil {
		return analysis.SuggestedFix{}, false
	}
	// The statement: the assignment, or the declaration around a var spec.
	stmt := a.cur
	for stmt.Valid() && stmt.Node() != a.node {
		stmt = stmt.Parent()
	}
	if !stmt.Valid() {
		return analysis.SuggestedFix{}, false
	}
	if _, ok := a.node.(*ast.ValueSpec); ok {
		stmt = stmt.Parent().Parent() // ValueSpec -> GenDecl -> DeclStmt
		if _, ok := stmt.Node().(*ast.DeclStmt); !ok {
			return analysis.SuggestedFix{}, false
		}
	}
	var at token.Pos
	switch stmt.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		if next, ok := stmt.NextSibling(); ok {
			at = next.Node().Pos()
		} else if block, ok := stmt.Parent().Node().(*ast.BlockStmt); ok {
			at = block.Rbrace
		} else {
			return analysis.SuggestedFix{}, false
		}
	default:
		return analysis.SuggestedFix{}, false // an if or switch initializer
	}
	text := "defer " + name + ".Close()"
	return analysis.SuggestedFix{
		Message:   "Add " + text,
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text + "\n")}},
	}, true
}
