package requirettl

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/cfg"
)

// Conditional expiry: an expiry inside a branch covers the paths that skip
// it only when the branch condition reads the write's own executed reply
// (if n == 1 { Expire } after n, err := rdb.Incr(...).Result()). A
// condition on anything else (a flag, another command's reply, the reply
// of a queued command read before Exec, which is always empty) covers
// nothing.

// excused reports whether entering blk leaves a conditional or a loop that
// holds an expiry of the key under conditions that read the write's reply
// (and that does not hold the write in its body): the path skipped the
// expiry because the reply said so.
func (s *search) excused(blk *cfg.Block) bool {
	switch blk.Kind {
	case cfg.KindIfDone, cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
	default:
		return false
	}
	st := blk.Stmt
	if st == nil || inBody(st, s.w.call) {
		return false
	}
	if v, ok := s.excuses[st]; ok {
		return v
	}
	v := false
	evs := s.fi.events // in source order
	for i := sort.Search(len(evs), func(i int) bool { return evs[i].call.Pos() >= st.Pos() }); i < len(evs) && evs[i].call.Pos() < st.End(); i++ {
		if s.covers(evs[i], all) && s.trusted(st, evs[i].call) {
			v = true
			break
		}
	}
	s.excuses[st] = v
	return v
}

// inBody reports whether call is in the body of st (not in the init or the
// condition of an if or switch, where a write's reply can decide).
func inBody(st ast.Stmt, call *ast.CallExpr) bool {
	in := func(n ast.Node) bool { return n != nil && n.Pos() <= call.Pos() && call.Pos() < n.End() }
	switch st := st.(type) {
	case *ast.IfStmt:
		return in(st.Body) || st.Else != nil && in(st.Else)
	case *ast.SwitchStmt:
		return in(st.Body)
	}
	return in(st)
}

// trusted reports whether every conditional statement between st (itself
// included) and call has a condition that reads the write's reply.
func (s *search) trusted(st ast.Stmt, call *ast.CallExpr) bool {
	ok := true
	visit := func(n ast.Node) bool {
		if !ok || n == nil || call.Pos() < n.Pos() || n.End() <= call.Pos() {
			return false // not on the way to call
		}
		switch n := n.(type) {
		case *ast.IfStmt:
			if in(n.Body, call) || n.Else != nil && in(n.Else, call) {
				if !s.readsReply(n.Cond) {
					ok = false
				}
			}
		case *ast.SwitchStmt:
			if in(n.Body, call) && !s.readsReply(n.Tag) && !s.caseReadsReply(n, call) {
				ok = false
			}
		case *ast.TypeSwitchStmt, *ast.SelectStmt:
			if in(n, call) {
				ok = false
			}
		}
		return ok
	}
	ast.Inspect(st, visit)
	return ok
}

func in(n ast.Node, call *ast.CallExpr) bool {
	return n.Pos() <= call.Pos() && call.Pos() < n.End()
}

// caseReadsReply reports whether the case clause of sw that holds call
// tests the write's reply (switch { case n == 1: Expire }).
func (s *search) caseReadsReply(sw *ast.SwitchStmt, call *ast.CallExpr) bool {
	for _, cl := range sw.Body.List {
		cc := cl.(*ast.CaseClause)
		if !in(cc, call) {
			continue
		}
		for _, e := range cc.List {
			if s.readsReply(e) {
				return true
			}
		}
	}
	return false
}

// readsReply reports whether cond reads the write's reply once it was
// sent: the write's call itself (if rdb.SetNX(...).Val()), or a variable
// that holds its reply (n, _ := rdb.Incr(...).Result(); cmd := rdb.Incr(...)),
// or one defined from those. A read of a command queued on a pipeline
// before its Exec is always empty, and does not count.
func (s *search) readsReply(cond ast.Expr) bool {
	if cond == nil || s.c.replies.ReadsQueued(cond) {
		return false
	}
	if s.replies == nil {
		s.replies = s.replyVars()
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND: // skipped when either is false: both must be the reply's
			return s.readsReply(e.X) && s.readsReply(e.Y)
		case token.LOR: // skipped when both are false
			return s.readsReply(e.X) || s.readsReply(e.Y)
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return s.readsReply(e.X)
		}
	}
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n == s.w.call {
				found = true
			}
		case *ast.Ident:
			if v, ok := s.c.pass.TypesInfo.Uses[n].(*types.Var); ok && s.replies[v] {
				found = true
			}
		}
		return !found
	})
	return found
}

// replyVars returns the variables of the function that hold the write's
// reply, or a value computed from it.
func (s *search) replyVars() map[*types.Var]bool {
	info := s.c.pass.TypesInfo
	out := map[*types.Var]bool{}
	isReply := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if e == s.w.call {
			return true // cmd := rdb.Incr(ctx, k)
		}
		if call, ok := e.(*ast.CallExpr); ok {
			if s.c.replyOf(call) == s.w.call {
				return true // n, err := redis.Int(conn.Do("INCR", k))
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				return ast.Unparen(sel.X) == s.w.call // rdb.Incr(ctx, k).Result()
			}
		}
		return false
	}
	record := func(lhs []ast.Expr) {
		for _, l := range lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					out[v] = true
				}
			}
		}
	}
	for _, a := range s.fi.assigns {
		if isReply(a.rhs) {
			record(a.lhs)
		}
	}
	// first := n == 1: a local defined once from the reply.
	for changed := true; changed; {
		changed = false
		for v, vi := range s.fi.vars {
			if out[v] || vi.defs != 1 || vi.def == nil {
				continue
			}
			ast.Inspect(vi.def, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if u, ok := info.Uses[id].(*types.Var); ok && out[u] {
						out[v], changed = true, true
					}
				}
				return !out[v]
			})
		}
	}
	return out
}
