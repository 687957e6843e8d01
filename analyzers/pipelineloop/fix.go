package pipelineloop

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/fixes"
	"github.com/redislint/redislint/internal/redisapi"
)

// fix wraps the loop in recv.Pipelined, its commands queued on the
// pipeline, when the rewrite type-checks and keeps the loop's meaning:
//
//   - every command in the loop is recv.Method(...) on the one client, and
//     its reply and error are discarded (with a pipeline, the replies arrive
//     only after the loop);
//   - the loop neither returns, defers, starts goroutines, exits, nor
//     branches to a label outside it (the loop moves into a closure);
//   - no other call in it takes a context or a go-redis value, so none can
//     talk to Redis behind the pipeline's back and see the queued commands
//     not yet sent;
//   - when the enclosing function's last result is an error, the pipeline's
//     error is returned (with zero values for the other results, which must
//     be writable without naming a type); otherwise it is dropped, as the
//     loop dropped every command's error.
func (c *checker) fix(l *loop, first *command) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	info := c.pass.TypesInfo
	if l.litCmds || len(l.cmds) != len(l.perItem) || !purePath(info, first.recv) {
		return none, false
	}
	switch first.kind {
	case kindRedigo, kindRueidis:
		// redigo's Send/Flush/Receive and rueidis's DoMulti take the
		// replies apart in a way no rewrite of the loop keeps type-correct.
		return none, false
	case "Cmdable", "StatefulCmdable":
		// Reported under -strict; it may be a pipeline, whose Pipelined
		// would send the commands queued before the loop early.
		return none, false
	}
	recvText := types.ExprString(first.recv)
	for _, cmd := range l.cmds {
		if !cmd.direct || !l.discarded[cmd.call] || cmd.major != first.major || types.ExprString(cmd.recv) != recvText {
			return none, false
		}
	}
	if !c.movable(l) || !c.onlyQuietCalls(l) {
		return none, false
	}
	ctxText, ok := c.ctxText(l, first.call.Args[0])
	if !ok {
		return none, false
	}
	pipeliner, ok := pipelinedOn(c.pass, info.TypeOf(first.recv))
	if !ok {
		return none, false
	}
	for _, cmd := range l.cmds {
		m, _, _ := types.LookupFieldOrMethod(pipeliner, true, c.pass.Pkg, cmd.sel.Sel.Name)
		fn, ok := m.(*types.Func)
		if !ok || !types.Identical(fn.Type(), info.Selections[cmd.sel].Obj().Type()) {
			return none, false
		}
	}

	stmt := l.cur
	if stmt.ParentEdgeKind() == edge.LabeledStmt_Stmt {
		stmt = stmt.Parent()
		if c.gotoTarget(stmt) {
			return none, false
		}
	}
	switch stmt.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
	default:
		return none, false
	}
	pos := stmt.Node().Pos()
	if !c.editable(pos) || !c.editable(stmt.Node().End()) || !c.universal(pos, "nil", "error") {
		return none, false
	}
	sig := enclosingSig(info, l.cur)
	if sig == nil {
		return none, false
	}
	var zeros []string
	returnsErr := sig.Results().Len() > 0 && isError(sig.Results().At(sig.Results().Len()-1).Type())
	if returnsErr {
		for i := range sig.Results().Len() - 1 {
			z, ok := zeroText(sig.Results().At(i).Type())
			if !ok || (z == "false" && !c.universal(pos, "false")) {
				return none, false
			}
			zeros = append(zeros, z)
		}
	}
	file := enclosingFile(l.cur)
	redisName, importEdits, ok := c.importName(file, pos, pipeliner.Obj().Pkg())
	if !ok {
		return none, false
	}
	pipe, ok := c.freeName(l, pos, "pipe")
	if !ok {
		return none, false
	}

	call := fmt.Sprintf("%s.Pipelined(%s, func(%s %s.%s) error {\n", c.src(first.recv), ctxText, pipe, redisName, pipeliner.Obj().Name())
	var head, tail string
	if returnsErr {
		head = "if _, err := " + call
		tail = fmt.Sprintf("\nreturn nil\n}); err != nil {\nreturn %s\n}", strings.Join(append(zeros, "err"), ", "))
	} else {
		head = "_, _ = " + call
		tail = "\nreturn nil\n})"
	}
	edits := []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(head)}}
	for _, cmd := range l.cmds {
		edits = append(edits, analysis.TextEdit{Pos: cmd.recv.Pos(), End: cmd.recv.End(), NewText: []byte(pipe)})
	}
	end := stmt.Node().End()
	edits = append(edits, analysis.TextEdit{Pos: end, End: end, NewText: []byte(tail)})
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Queue the loop's commands on %s.Pipelined", c.src(first.recv)),
		TextEdits: append(edits, importEdits...),
	}, true
}

// editable reports whether an edit at pos lands where it seems to: in a
// file without //line directives around pos, unlike the files cmd/cgo
// writes, whose offsets are not those of the file the positions name.
func (c *checker) editable(pos token.Pos) bool {
	tf := c.pass.Fset.File(pos)
	return tf != nil && tf.Name() == c.pass.Fset.Position(pos).Filename
}

// purePath reports whether e is a variable or a chain of fields in one
// (rdb, s.rdb, pkg.Client): evaluating it twice yields the same client.
func purePath(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := info.Uses[e].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok {
			return s.Kind() == types.FieldVal && purePath(info, e.X)
		}
		_, ok := info.Uses[e.Sel].(*types.Var)
		return ok
	}
	return false
}

// movable reports whether l can move into a closure unchanged: it does not
// return (that would return from the closure), defer (the closure returns
// first), start goroutines, exit, or jump to a label outside itself.
func (c *checker) movable(l *loop) bool {
	ok := true
	ast.Inspect(l.stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.DeferStmt, *ast.GoStmt:
			ok = false
		case *ast.CallExpr:
			if exitCall(c.pass.TypesInfo, n) {
				ok = false
			}
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				ok = false
			case n.Label != nil:
				obj := c.pass.TypesInfo.Uses[n.Label]
				if obj == nil || !within(obj.Pos(), l.stmt) && !c.ownLabel(l, obj) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// ownLabel reports whether obj is the label of l itself, which moves into
// the closure with it.
func (c *checker) ownLabel(l *loop, obj types.Object) bool {
	if l.cur.ParentEdgeKind() != edge.LabeledStmt_Stmt {
		return false
	}
	lbl := l.cur.Parent().Node().(*ast.LabeledStmt)
	return c.pass.TypesInfo.Defs[lbl.Label] == obj
}

// gotoTarget reports whether a goto in the function jumps to the labeled
// statement at cur: moved into a closure, the label would be out of reach.
func (c *checker) gotoTarget(cur inspector.Cursor) bool {
	lbl := cur.Node().(*ast.LabeledStmt)
	obj := c.pass.TypesInfo.Defs[lbl.Label]
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		found := false
		ast.Inspect(fn.Node(), func(n ast.Node) bool {
			if br, ok := n.(*ast.BranchStmt); ok && br.Tok == token.GOTO && br.Label != nil && c.pass.TypesInfo.Uses[br.Label] == obj {
				found = true
			}
			return !found
		})
		return found
	}
	return true
}

// onlyQuietCalls reports whether every call in l other than its commands is
// a builtin, a conversion, or a function that takes no context and no
// go-redis value. A function that talks to Redis needs a context for every
// command, so without one it cannot see (or disturb) the queued commands.
func (c *checker) onlyQuietCalls(l *loop) bool {
	info := c.pass.TypesInfo
	ok := true
	ast.Inspect(l.stmt, func(n ast.Node) bool {
		call, isCall := n.(*ast.CallExpr)
		if !isCall || !ok {
			return ok
		}
		if c.isCommand(call) {
			return true
		}
		if tv, found := info.Types[call.Fun]; found && tv.IsType() {
			return true // a conversion
		}
		if id, isIdent := ast.Unparen(call.Fun).(*ast.Ident); isIdent {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				return true
			}
		}
		if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel {
			if inner, isCall := ast.Unparen(sel.X).(*ast.CallExpr); isCall && c.isCommand(inner) && l.discarded[inner] {
				return true // rdb.Set(...).Err(), dropped
			}
			if s, found := info.Selections[sel]; found && mentionsRedis(s.Recv()) {
				return false
			}
		}
		sig, isSig := info.TypeOf(call.Fun).(*types.Signature)
		if !isSig {
			ok = false
			return false
		}
		for i := range sig.Params().Len() {
			if t := sig.Params().At(i).Type(); isContext(t) || mentionsRedis(t) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// mentionsRedis reports whether t is a go-redis type or a pointer to one.
func mentionsRedis(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && redisapi.MajorOf(n.Obj().Pkg().Path()) != 0
}

// ctxText returns the source of the context the pipeline runs with: the
// first command's, when it means the same outside the loop (a variable
// declared before it, or context.Background()/TODO()).
func (c *checker) ctxText(l *loop, ctx ast.Expr) (string, bool) {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(ctx).(type) {
	case *ast.CallExpr:
		fn := calleeFunc(info, e)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Background" || fn.Name() == "TODO") && len(e.Args) == 0 {
			return c.src(e), true
		}
		return "", false
	}
	if !purePath(info, ctx) {
		return "", false
	}
	p, _ := pathOf(info, ctx)
	if within(p.obj.Pos(), l.stmt) {
		return "", false
	}
	return c.src(ctx), true
}

// pipelinedOn returns the pipeline type of t's pipeline method (Pipeliner,
// in func(Pipeliner) error), when t has one with the go-redis shape
// Pipelined(ctx, fn) ([]Cmder, error). redisapi classifies the call but
// does not name the method, which the fix must spell.
func pipelinedOn(pass *analysis.Pass, t types.Type) (*types.Named, bool) {
	if t == nil {
		return nil, false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, pass.Pkg, "Pipelined")
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || redisapi.MajorOf(fn.Pkg().Path()) == 0 {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 2 || sig.Results().Len() != 2 || !isContext(sig.Params().At(0).Type()) {
		return nil, false
	}
	cb, ok := sig.Params().At(1).Type().(*types.Signature)
	if !ok || cb.Params().Len() != 1 || cb.Results().Len() != 1 || !isError(cb.Results().At(0).Type()) {
		return nil, false
	}
	n, ok := types.Unalias(cb.Params().At(0).Type()).(*types.Named)
	if !ok || n.Obj().Pkg() != fn.Pkg() || !n.Obj().Exported() {
		return nil, false
	}
	return n, true
}

// enclosingSig returns the signature of the function l's code belongs to.
func enclosingSig(info *types.Info, cur inspector.Cursor) *types.Signature {
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch fn := fn.Node().(type) {
		case *ast.FuncDecl:
			if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
				return obj.Type().(*types.Signature)
			}
		case *ast.FuncLit:
			sig, _ := info.TypeOf(fn).(*types.Signature)
			return sig
		}
		return nil
	}
	return nil
}

// zeroText returns a zero value literal of t, when one can be written
// without naming a type.
func zeroText(t types.Type) (string, bool) {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return "", false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	}
	return "", false
}

// universal reports whether each name still means the predeclared
// identifier at pos.
func (c *checker) universal(pos token.Pos, names ...string) bool {
	scope := c.pass.TypesInfo.Scopes[enclosingFileAt(c.pass, pos)]
	if scope == nil {
		return false
	}
	inner := scope.Innermost(pos)
	for _, name := range names {
		if _, obj := inner.LookupParent(name, pos); obj != types.Universe.Lookup(name) {
			return false
		}
	}
	return true
}

// freeName returns base, or base2, base3, ..., whichever is neither in scope
// at pos nor spelled anywhere in l, so the closure's parameter shadows and
// is shadowed by nothing.
func (c *checker) freeName(l *loop, pos token.Pos, base string) (string, bool) {
	scope := c.pass.TypesInfo.Scopes[enclosingFileAt(c.pass, pos)]
	if scope == nil {
		return "", false
	}
	inner := scope.Innermost(pos)
	for i := 1; i < 10; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if _, obj := inner.LookupParent(name, pos); obj != nil || mentionsName(l.stmt, name) {
			continue
		}
		return name, true
	}
	return "", false
}

// importName returns the name under which the file refers to pkg at pos,
// with the edits that import pkg when the file does not yet.
func (c *checker) importName(file *ast.File, pos token.Pos, pkg *types.Package) (string, []analysis.TextEdit, bool) {
	return fixes.ImportName(c.pass, file, pos, pkg.Path(), pkg.Name())
}

func (c *checker) src(n ast.Node) string { return fixes.Source(c.pass.Fset, n) }

func enclosingFile(cur inspector.Cursor) *ast.File {
	for f := range cur.Enclosing((*ast.File)(nil)) {
		return f.Node().(*ast.File)
	}
	return nil
}

func enclosingFileAt(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
