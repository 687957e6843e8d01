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

// advice returns what to do about the resource a acquires, held in name
// (or, when name is empty, not held anywhere), as the tail of a message.
func advice(a *acquisition, name string, perCall bool) string {
	life := a.life
	if a.redigo {
		return redigoAdvice(a, name)
	}
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

// redigoAdvice is advice for a redigo connection, whose Close returns a
// pool connection to its pool.
func redigoAdvice(a *acquisition, name string) string {
	if name == "" {
		if a.life == redisapi.AcquiresConn {
			return "keep it in a variable and defer its Close: until then it holds one of the pool's connections"
		}
		return "keep it in a variable and defer its Close"
	}
	after := "after " + a.what
	if a.tuple {
		after = "once " + a.what + " succeeds"
	}
	if a.life == redisapi.AcquiresConn {
		return fmt.Sprintf("it holds one of the pool's connections until closed, and a pool with MaxActive blocks or fails once all are out: defer %s.Close() %s", name, after)
	}
	return fmt.Sprintf("it holds a network connection until closed: defer %s.Close() %s", name, after)
}

// resourceName names the type of the resource call returns: "PubSub",
// "Conn", "Client", "Pipeliner".
func resourceName(info *types.Info, call *ast.CallExpr) string {
	t := info.TypeOf(call)
	if r, ok := t.(*types.Tuple); ok && r.Len() > 0 {
		t = r.At(0).Type() // conn, err := redis.Dial(...)
	}
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
	if a.life == redisapi.Dedicates {
		c.reportDroppedCancel(a)
		return
	}
	res := resourceName(c.pass.TypesInfo, a.call)
	var msg string
	switch {
	case sel == nil:
		msg = fmt.Sprintf("the %s from %s is discarded and never closed; %s", res, a.what, advice(a, "", false))
	case a.life == redisapi.StartsPipe:
		msg = fmt.Sprintf("the %s from %s queues %s and is dropped; %s", res, a.what, sel.Sel.Name, advice(a, "", false))
	default:
		msg = fmt.Sprintf("the %s from %s is used for %s and never closed; %s", res, a.what, sel.Sel.Name, advice(a, "", false))
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
	case a.life == redisapi.Dedicates:
		msg = cancelMessage(a, name, where, never && l.kind == atReturn)
	case a.life == redisapi.StartsPipe && never:
		msg = fmt.Sprintf("%s from %s queues commands that are never sent; %s", name, a.what, advice(a, name, false))
	case a.life == redisapi.StartsPipe:
		msg = fmt.Sprintf("%s from %s has queued commands that are never sent %s; %s", name, a.what, where, advice(a, name, false))
	case never && l.kind == atReturn:
		sep := "; "
		if a.life == redisapi.NewsClient {
			sep = ": "
		}
		msg = fmt.Sprintf("%s from %s is never closed%s%s", name, a.what, sep, advice(a, name, true))
	default:
		msg = fmt.Sprintf("%s from %s is not closed %s; %s", name, a.what, where, advice(a, name, never))
	}
	d := analysis.Diagnostic{Pos: a.call.Pos(), End: a.call.End(), Message: msg}
	if never && closeable(a.life) {
		if fix, ok := deferFix(c.pass.TypesInfo, fi, a, name); ok {
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
func deferFix(info *types.Info, fi *funcInfo, a *acquisition, name string) (analysis.SuggestedFix, bool) {
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
	if a.tuple {
		// conn, err := redis.Dial(...): the defer goes after the error
		// check that must follow, where conn is known to be open.
		if a.err == nil {
			return analysis.SuggestedFix{}, false
		}
		next, ok := stmt.NextSibling()
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		check, ok := next.Node().(*ast.IfStmt)
		if !ok || check.Init != nil || check.Else != nil || !returns(check.Body) || !isErrCheck(info, check.Cond, a.err) {
			return analysis.SuggestedFix{}, false
		}
		stmt = next
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

// returns reports whether a block ends in a return statement.
func returns(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	_, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	return ok
}

// isErrCheck reports whether cond is err != nil for the variable err.
func isErrCheck(info *types.Info, cond ast.Expr, err *types.Var) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return false
	}
	id, ok := ast.Unparen(be.X).(*ast.Ident)
	return ok && info.Uses[id] == err && info.Types[ast.Unparen(be.Y)].IsNil()
}
