package pipelineread

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/queued"
	"github.com/redislint/redislint/internal/redisapi"
)

// moveFix offers to move the statement that reads the reply to just after
// the Exec that runs the pipeline, when both are statements of one block
// and the move keeps the code's meaning:
//
//	n := incr.Val()                      (or var n = ..., n, err := ....Result())
//	if err := set.Err(); err != nil {...} (a branch that is never taken, with no else)
//
// The statement must read only replies of the same pipeline, queue nothing
// and touch no pipeline; nothing between it and the Exec may use what it
// defines, assign what it uses, or declare a name it uses. When the Exec's
// error check follows the Exec, the statement goes after that check.
func moveFix(pass *analysis.Pass, insp *inspector.Inspector, replies *queued.Replies, rd *queued.Read) (analysis.SuggestedFix, bool) {
	info := pass.TypesInfo
	if !rd.Always || rd.Pipe == nil || rd.Runner == nil || redisapi.LifecycleOf(info, rd.Runner) != redisapi.ExecsPipe {
		return analysis.SuggestedFix{}, false
	}
	sCur, ok := blockStmt(insp, rd.Call)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	eCur, ok := blockStmt(insp, rd.Runner)
	if !ok || sCur.Parent().Node() != eCur.Parent().Node() {
		return analysis.SuggestedFix{}, false
	}
	block := sCur.Parent().Node().(*ast.BlockStmt)
	si, ei := slices.Index(block.List, sCur.Node().(ast.Stmt)), slices.Index(block.List, eCur.Node().(ast.Stmt))
	if si < 0 || ei <= si {
		return analysis.SuggestedFix{}, false
	}
	s := block.List[si]
	defined, ok := movable(info, replies, rd, s)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	at := ei
	if ei+1 < len(block.List) && checksErrOf(info, block.List[ei], block.List[ei+1]) {
		at = ei + 1
	}
	if !independent(info, s, defined, block.List[si+1:at+1], rd.Pipe) {
		return analysis.SuggestedFix{}, false
	}
	edits, ok := moveEdits(pass, s, block.List[at])
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Move the read after " + types.ExprString(rd.Runner.Fun),
		TextEdits: edits,
	}, true
}

// blockStmt returns the statement of a block's list that holds n, within
// n's function.
func blockStmt(insp *inspector.Inspector, n ast.Node) (inspector.Cursor, bool) {
	cur, ok := insp.Root().FindByPos(n.Pos(), n.End())
	for ok && cur.Node() != nil {
		if _, lit := cur.Node().(*ast.FuncLit); lit {
			return inspector.Cursor{}, false
		}
		if cur.ParentEdgeKind() == edge.BlockStmt_List {
			return cur, true
		}
		cur = cur.Parent()
	}
	return inspector.Cursor{}, false
}

// movable reports whether s has a shape that can move after Exec, and
// returns the variables it defines for the statements after it.
func movable(info *types.Info, replies *queued.Replies, rd *queued.Read, s ast.Stmt) ([]types.Object, bool) {
	var defined []types.Object
	// defines accepts lhs := call, where call is a read of this pipeline
	// and every name on the left is new.
	defines := func(as *ast.AssignStmt) bool {
		if as.Tok != token.DEFINE || len(as.Rhs) != 1 {
			return false
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || replies.ReadAt(call) == nil {
			return false
		}
		var objs []types.Object
		for _, l := range as.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return false
			}
			if id.Name == "_" {
				continue
			}
			obj := info.Defs[id]
			if obj == nil {
				return false // assigns a variable declared before
			}
			objs = append(objs, obj)
		}
		defined = objs
		return true
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		if !defines(s) {
			return nil, false
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil, false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Values) != 1 {
			return nil, false
		}
		if call, ok := ast.Unparen(vs.Values[0]).(*ast.CallExpr); !ok || replies.ReadAt(call) == nil {
			return nil, false
		}
		for _, n := range vs.Names {
			if obj := info.Defs[n]; obj != nil {
				defined = append(defined, obj)
			}
		}
	case *ast.IfStmt:
		if s.Else != nil {
			return nil, false
		}
		if s.Init != nil {
			as, ok := s.Init.(*ast.AssignStmt)
			if !ok || !defines(as) {
				return nil, false
			}
			defined = nil // scoped to the if
		}
		if v, ok := replies.Value(s.Cond); !ok || v {
			return nil, false // a branch that runs before Exec would run after it
		}
	default:
		return nil, false
	}
	// Every reply s reads is this pipeline's, pending on every path; s
	// queues nothing and calls nothing on a pipeline.
	clean := true
	ast.Inspect(s, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !clean {
			return clean
		}
		if other := replies.ReadAt(call); other != nil {
			if !other.Always || other.Runner != rd.Runner {
				clean = false
			}
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if recv, ok := redisapi.Receiver(info, sel); ok && redisapi.IsPipeline(recv) {
				clean = false
			}
		}
		return clean
	})
	return defined, clean
}

// checksErrOf reports whether next is "if err != nil { ... }" on the error
// that exec, a statement, assigns.
func checksErrOf(info *types.Info, exec, next ast.Stmt) bool {
	as, ok := exec.(*ast.AssignStmt)
	if !ok || len(as.Lhs) == 0 {
		return false
	}
	id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok {
		return false
	}
	errVar := info.ObjectOf(id)
	ifs, ok := next.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || errVar == nil {
		return false
	}
	bin, ok := ifs.Cond.(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return false
	}
	x, ok := ast.Unparen(bin.X).(*ast.Ident)
	return ok && info.Uses[x] == errVar && info.Types[bin.Y].IsNil()
}

// independent reports whether s can move after the statements between:
// they do not use what s defines, assign a variable s uses or the
// pipeline, declare a name s uses, or jump by label.
func independent(info *types.Info, s ast.Stmt, defined []types.Object, between []ast.Stmt, pipe *types.Var) bool {
	used := map[types.Object]bool{pipe: true}
	names := map[string]bool{} // of what s uses from outside itself
	own := map[types.Object]bool{}
	ast.Inspect(s, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Defs[id] != nil {
			own[info.Defs[id]] = true
		}
		return true
	})
	ast.Inspect(s, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil && !own[obj] {
				if _, ok := obj.(*types.Var); ok {
					used[obj] = true
				}
				names[id.Name] = true
			}
		}
		return true
	})
	ok := true
	assigned := func(e ast.Expr) {
		if id, isID := ast.Unparen(e).(*ast.Ident); isID && used[info.ObjectOf(id)] {
			ok = false
		}
	}
	for _, st := range between {
		// Names declared at the block's level would be in scope at the
		// new place of s.
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, isID := l.(*ast.Ident); isID && info.Defs[id] != nil && names[id.Name] {
						return false
					}
				}
			}
		case *ast.DeclStmt:
			if gd, isGen := st.Decl.(*ast.GenDecl); isGen {
				for _, spec := range gd.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							if names[n.Name] {
								return false
							}
						}
					case *ast.TypeSpec:
						if names[spec.Name.Name] {
							return false
						}
					}
				}
			}
		}
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if obj := info.Uses[n]; obj != nil && slices.Contains(defined, obj) {
					ok = false
				}
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					assigned(l)
				}
			case *ast.IncDecStmt:
				assigned(n.X)
			case *ast.RangeStmt:
				if n.Key != nil {
					assigned(n.Key)
				}
				if n.Value != nil {
					assigned(n.Value)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					assigned(n.X)
				}
			case *ast.LabeledStmt:
				ok = false
			case *ast.BranchStmt:
				if n.Tok == token.GOTO {
					ok = false
				}
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	return true
}

// moveEdits deletes the lines of s and inserts them after the line on
// which after ends. s must own its lines (a trailing comment moves with
// it), and after must end its line.
func moveEdits(pass *analysis.Pass, s, after ast.Stmt) ([]analysis.TextEdit, bool) {
	tf := pass.Fset.File(s.Pos())
	if tf == nil || pass.Fset.File(after.End()) != tf {
		return nil, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return nil, false
	}
	start := tf.Offset(tf.LineStart(tf.Line(s.Pos())))
	for _, c := range src[start:tf.Offset(s.Pos())] {
		if c != ' ' && c != '\t' {
			return nil, false // something else before s on its line
		}
	}
	end, ok := restOfLine(src, tf.Offset(s.End()))
	if !ok {
		return nil, false
	}
	at, ok := restOfLine(src, tf.Offset(after.End()))
	if !ok {
		return nil, false
	}
	moved := string(src[tf.Offset(s.Pos()):end])
	del := end + 1 // with the newline
	if del > len(src) {
		del = len(src)
	}
	return []analysis.TextEdit{
		{Pos: tf.Pos(start), End: tf.Pos(del)},
		{Pos: tf.Pos(at), End: tf.Pos(at), NewText: []byte("\n" + moved)},
	}, true
}

// restOfLine returns the offset of the end of the line (its newline) from
// off, when only blanks or a line comment follow off on it.
func restOfLine(src []byte, off int) (int, bool) {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i+1 < len(src) && src[i] == '/' && src[i+1] == '/' {
		for i < len(src) && src[i] != '\n' {
			i++
		}
	}
	if i < len(src) && src[i] != '\n' {
		return 0, false
	}
	return i, true
}
