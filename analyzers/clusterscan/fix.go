package clusterscan

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/fixes"
	"github.com/redislint/redislint/internal/redisapi"
)

// rediskitPath is the package the suggested fix points to.
const rediskitPath = "github.com/redislint/redislint/runtime/rediskit"

// scanKeysFix offers rediskit.ScanKeys for an iterator that collects every
// key into a slice, on a go-redis v9 client:
//
//	it := x.Scan(ctx, 0, match, n).Iterator()
//	for it.Next(ctx) {
//		keys = append(keys, it.Val())
//	}
//	if err := it.Err(); err != nil {
//		return ...  // not using keys
//	}
//
// becomes
//
//	if ks, err := rediskit.ScanKeys(ctx, x, match); err != nil {
//		return ...
//	} else {
//		keys = append(keys, ks...)
//	}
//
// The error branch must return (with results that do not mention keys),
// so the partial slice the loop leaves on an error is never seen; and it
// must be the only use of the iterator.
func (c *checker) scanKeysFix(cur inspector.Cursor, scan *ast.CallExpr, cmd redisapi.Command) (analysis.SuggestedFix, bool) {
	info := c.pass.TypesInfo
	none := analysis.SuggestedFix{}
	sel := ast.Unparen(scan.Fun).(*ast.SelectorExpr)
	if !redisapi.ScanAll(cmd) || len(scan.Args) != 4 || scan.Ellipsis.IsValid() || !redisapi.UniversalV9(info.TypeOf(sel.X)) {
		return none, false
	}
	ctxArg, cursorArg, match := scan.Args[0], scan.Args[1], scan.Args[2]
	if tv := info.Types[cursorArg]; tv.Value == nil || constant.Sign(tv.Value) != 0 {
		return none, false // resumes a walk
	}
	if !fixes.Pure(ctxArg) || !fixes.Pure(match) || !fixes.Pure(sel.X) || !fixes.Pure(scan.Args[3]) {
		return none, false
	}
	// it := x.Scan(...).Iterator()
	if cur.ParentEdgeKind() != edge.SelectorExpr_X || cur.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
		return none, false
	}
	iterCur := cur.Parent().Parent()
	if !redisapi.IsIterator(info, iterCur.Node().(*ast.CallExpr)) || iterCur.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return none, false
	}
	s1, ok := iterCur.Parent().Node().(*ast.AssignStmt)
	if !ok || s1.Tok != token.DEFINE || len(s1.Lhs) != 1 || len(s1.Rhs) != 1 || iterCur.Parent().ParentEdgeKind() != edge.BlockStmt_List {
		return none, false
	}
	itID, ok := s1.Lhs[0].(*ast.Ident)
	if !ok || info.Defs[itID] == nil {
		return none, false
	}
	it := info.Defs[itID]
	block := iterCur.Parent().Parent().Node().(*ast.BlockStmt)
	i := slices.Index(block.List, ast.Stmt(s1))
	if i < 0 || i+2 >= len(block.List) {
		return none, false
	}
	// for it.Next(ctx) { keys = append(keys, it.Val()) }
	loop, ok := block.List[i+1].(*ast.ForStmt)
	if !ok || loop.Init != nil || loop.Post != nil || !c.iterCall(loop.Cond, it, redisapi.IterNext) || len(loop.Body.List) != 1 {
		return none, false
	}
	if next := ast.Unparen(loop.Cond).(*ast.CallExpr); len(next.Args) != 1 || !sameIdent(info, next.Args[0], ctxArg) {
		return none, false
	}
	keys, ok := c.appendsVal(loop.Body.List[0], it)
	if !ok {
		return none, false
	}
	// if err := it.Err(); err != nil { ...; return ... }
	check, ok := block.List[i+2].(*ast.IfStmt)
	if !ok || check.Else != nil {
		return none, false
	}
	errName, ok := c.errCheck(check, it)
	if !ok || !returns(check.Body) || mentions(info, check.Body, keys) {
		return none, false
	}
	if fn := c.enclosingBody(iterCur); fn == nil || uses(info, fn, it) != 3 {
		return none, false // the iterator is used elsewhere too
	}
	file := c.enclosingFile(cur)
	pkg, importEdits, ok := fixes.ImportName(c.pass, file, s1.Pos(), rediskitPath, "rediskit")
	if !ok {
		return none, false
	}
	ks, ok := freshName(info, file, s1.Pos(), check.Body, "ks", "scanned", "allKeys")
	if !ok {
		return none, false
	}
	src := func(n ast.Node) string { return fixes.Source(c.pass.Fset, n) }
	text := fmt.Sprintf("if %s, %s := %s.ScanKeys(%s, %s, %s); %s != nil %s else {\n%s = append(%s, %s...)\n}",
		ks, errName, pkg, src(ctxArg), src(sel.X), src(match), errName, c.bodySource(check.Body), src(keys), src(keys), ks)
	return analysis.SuggestedFix{
		Message:   "Walk every master with rediskit.ScanKeys",
		TextEdits: append([]analysis.TextEdit{{Pos: s1.Pos(), End: check.End(), NewText: []byte(text)}}, importEdits...),
	}, true
}

// iterCall reports whether e is it.<step>(...) on the iterator it.
func (c *checker) iterCall(e ast.Expr, it types.Object, step redisapi.IterStep) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || redisapi.IteratorStep(c.pass.TypesInfo, sel) != step {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == it
}

// appendsVal matches keys = append(keys, it.Val()) on a []string variable
// and returns keys.
func (c *checker) appendsVal(s ast.Stmt, it types.Object) (*ast.Ident, bool) {
	info := c.pass.TypesInfo
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil, false
	}
	keys, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil, false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return nil, false
	}
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if b, isB := info.Uses[fn].(*types.Builtin); !ok || !isB || b.Name() != "append" {
		return nil, false
	}
	if !sameIdent(info, call.Args[0], keys) || !c.iterCall(call.Args[1], it, redisapi.IterVal) {
		return nil, false
	}
	sl, ok := info.TypeOf(keys).Underlying().(*types.Slice)
	if !ok || !types.Identical(sl.Elem(), types.Typ[types.String]) {
		return nil, false
	}
	return keys, true
}

// errCheck matches if err := it.Err(); err != nil and returns the name of
// err.
func (c *checker) errCheck(s *ast.IfStmt, it types.Object) (string, bool) {
	info := c.pass.TypesInfo
	as, ok := s.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !c.iterCall(as.Rhs[0], it, redisapi.IterErr) {
		return "", false
	}
	errID, ok := as.Lhs[0].(*ast.Ident)
	if !ok || info.Defs[errID] == nil {
		return "", false
	}
	bin, ok := s.Cond.(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ || !sameIdent(info, bin.X, errID) || !info.Types[bin.Y].IsNil() {
		return "", false
	}
	return errID.Name, true
}

// returns reports whether body ends in a return with results.
func returns(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	ret, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if ok && len(ret.Results) > 0 {
		return true
	}
	if es, ok := body.List[len(body.List)-1].(*ast.ExprStmt); ok {
		if call, ok := es.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// mentions reports whether n refers to the variable id names.
func mentions(info *types.Info, n ast.Node, id *ast.Ident) bool {
	obj := info.ObjectOf(id)
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if x, ok := x.(*ast.Ident); ok && info.Uses[x] == obj {
			found = true
		}
		return !found
	})
	return found
}

// uses counts the references to obj in n.
func uses(info *types.Info, n ast.Node, obj types.Object) int {
	count := 0
	ast.Inspect(n, func(x ast.Node) bool {
		if x, ok := x.(*ast.Ident); ok && info.Uses[x] == obj {
			count++
		}
		return true
	})
	return count
}

// sameIdent reports whether a and b are identifiers of the same object.
func sameIdent(info *types.Info, a, b ast.Expr) bool {
	x, ok1 := ast.Unparen(a).(*ast.Ident)
	y, ok2 := ast.Unparen(b).(*ast.Ident)
	return ok1 && ok2 && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
}

// freshName returns the first of names that nothing in scope at pos, in
// the file or in body uses.
func freshName(info *types.Info, file *ast.File, pos token.Pos, body ast.Node, names ...string) (string, bool) {
	scope := info.Scopes[file]
	if scope == nil {
		return "", false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		return "", false
	}
next:
	for _, name := range names {
		if _, obj := inner.LookupParent(name, pos); obj != nil {
			continue
		}
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == name {
				found = true
			}
			return !found
		})
		if found {
			continue next
		}
		return name, true
	}
	return "", false
}

// bodySource returns the source text of body, comments included.
func (c *checker) bodySource(body *ast.BlockStmt) string {
	tf := c.pass.Fset.File(body.Pos())
	if tf != nil {
		if src, err := c.pass.ReadFile(tf.Name()); err == nil && tf.Size() == len(src) {
			return string(src[tf.Offset(body.Pos()):tf.Offset(body.End())])
		}
	}
	return fixes.Source(c.pass.Fset, body)
}

func (c *checker) enclosingBody(cur inspector.Cursor) ast.Node {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f.Node()
	}
	return nil
}

func (c *checker) enclosingFile(cur inspector.Cursor) *ast.File {
	for f := range cur.Enclosing((*ast.File)(nil)) {
		return f.Node().(*ast.File)
	}
	return nil
}
