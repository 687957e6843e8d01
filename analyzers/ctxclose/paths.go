package ctxclose

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/redislint/redislint/internal/redisapi"
)

// The state of a resource on a path.
type state uint8

const (
	done      state = iota // released or handed on: the path is fine
	clean                  // a pipeline with nothing queued
	held                   // a resource that must be released; a pipeline with queued commands
	heldFresh              // held, and the error assigned with it (t.err) is still the acquisition's
)

// holding reports whether a path in state st holds a resource.
func holding(st state) bool { return st >= held }

// How a path loses a resource.
type leakKind uint8

const (
	atReturn   leakKind = iota // the function returns while the resource is held
	atAcquire                  // the variable is given a new resource while the old one is held
	handedAway                 // (strict search) the value is handed on instead of closed
)

// A leak is the first place where a path loses a resource.
type leak struct {
	kind leakKind
	node ast.Node // the return statement or the acquiring graph node
	pos  token.Pos
}

// search walks the paths that start at node i of block b with the resource
// in state st, and returns the leak nearest the top of the file, if any.
//
// A strict search, for facts, asks whether every path releases the
// resource itself: handing it on is a failure too, and conditions are not
// trusted to guard a release.
func (c *checker) search(fi *funcInfo, t *tracked, b *cfg.Block, i int, st state, strict bool) (leak, bool) {
	type item struct {
		b  *cfg.Block
		i  int
		st state
	}
	var (
		best  leak
		found bool
		seen  = make(map[[2]int32]bool)
		stack = []item{{b, i, st}}
	)
	note := func(l leak) {
		if !found || l.pos < best.pos {
			best, found = l, true
		}
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		st := it.st
		if c.walk(t, it.b, it.i, &st, strict, note) {
			continue
		}
		for _, s := range c.successors(t, it.b, st, strict) {
			k := [2]int32{s.Index, int32(st)}
			if !seen[k] {
				seen[k] = true
				stack = append(stack, item{s, 0, st})
			}
		}
	}
	return best, found
}

// walk applies the nodes of b from index i to *st and reports whether the
// path ends in b: the resource is released or handed on, the function
// returns, or the variable is given a new resource.
func (c *checker) walk(t *tracked, b *cfg.Block, i int, st *state, strict bool, note func(leak)) bool {
	for _, n := range b.Nodes[i:] {
		if t.acquired[n] {
			if holding(*st) {
				note(leak{atAcquire, n, n.Pos()})
			}
			return true
		}
		if *st == heldFresh && assigns(c.pass.TypesInfo, n, t.err) {
			*st = held
		}
		for _, ev := range t.events[n] {
			switch ev.use {
			case release:
				*st = done
				if t.life == redisapi.StartsPipe {
					*st = clean // a pipeline may queue and execute again
				}
			case deferred:
				*st = done
			case escape:
				if strict {
					note(leak{handedAway, n, ev.pos})
				}
				*st = done
			case queue:
				*st = held
			}
			if *st == done {
				return true
			}
		}
		if ret, ok := n.(*ast.ReturnStmt); ok {
			if holding(*st) {
				note(leak{atReturn, ret, ret.Pos()})
			}
			return true
		}
	}
	return false
}

// successors returns the successors of b that a path holding t's resource
// can take. A condition that reads the reply of a command queued on a
// pipeline that has not run yet (if err := pipe.Del(ctx, k).Err(); err !=
// nil) has one outcome: the reply is empty until Exec. A nil check of the variable after it was acquired has one
// outcome. An if statement whose condition is not
// about an error and whose one branch releases or hands on the resource is
// trusted: the other branch is the case where there is nothing to release
// (if len(keys) > 0 { pipe.Exec(ctx) }, if needConn { conn.Close() }).
// A check of the error returned with the resource, before anything else
// is assigned to it (conn, err := pool.GetContext(ctx); if err != nil), and
// a check of a redigo connection's own Err(), have one outcome on which
// the path holds something: the other is a failed acquisition.
func (c *checker) successors(t *tracked, b *cfg.Block, st state, strict bool) []*cfg.Block {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return b.Succs
	}
	switch c.queue.Infeasible(b) {
	case 0:
		return b.Succs[1:]
	case 1:
		return b.Succs[:1]
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return b.Succs
	}
	if nonNil, ok := c.nilCheck(cond, t.v); ok {
		if nonNil {
			return b.Succs[:1]
		}
		return b.Succs[1:]
	}
	if failed, ok := c.failureCheck(t, b, st, cond); ok {
		if failed {
			return b.Succs[1:]
		}
		return b.Succs[:1]
	}
	if strict {
		return b.Succs
	}
	then := b.Succs[0]
	s, ok := then.Stmt.(*ast.IfStmt)
	if !ok || then.Kind != cfg.KindIfThen || s.Cond != cond || c.mentionsError(cond) {
		return b.Succs
	}
	inThen, inElse := t.within(s.Body), s.Else != nil && t.within(s.Else)
	switch {
	case inThen && !inElse:
		return b.Succs[:1]
	case inElse && !inThen:
		return b.Succs[1:]
	}
	return b.Succs
}

// nilCheck reports whether cond compares v with nil, and whether it is
// true when v is not nil.
func (c *checker) nilCheck(cond ast.Expr, v *types.Var) (nonNil, ok bool) {
	be, isBin := ast.Unparen(cond).(*ast.BinaryExpr)
	if !isBin || (be.Op != token.NEQ && be.Op != token.EQL) {
		return false, false
	}
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	isNil := func(e ast.Expr) bool { return info.Types[ast.Unparen(e)].IsNil() }
	if (is(be.X) && isNil(be.Y)) || (isNil(be.X) && is(be.Y)) {
		return be.Op == token.NEQ, true
	}
	return false, false
}

// errorType is the predeclared error interface.
var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// mentionsError reports whether an expression of cond has a type that
// implements error: err != nil, errors.Is(err, ...), ctx.Err() != nil.
func (c *checker) mentionsError(cond ast.Expr) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		tv, ok := info.Types[e]
		if !ok || tv.Type == nil || tv.IsNil() || tv.IsType() {
			return true
		}
		if types.Implements(tv.Type, errorType) {
			found = true
		}
		return !found
	})
	return found
}

// failureCheck reports whether cond, the condition that ends b, tells a
// failed acquisition of t's resource, and whether it is true on failure:
// the fresh error assigned with it compared with nil (err != nil, alone or
// as a term of && or ||, or err == nil), or a redigo connection's Err(),
// called in cond or in the if statement's initializer, compared with nil.
func (c *checker) failureCheck(t *tracked, b *cfg.Block, st state, cond ast.Expr) (failed, ok bool) {
	info := c.pass.TypesInfo
	// initErr is the variable that the if statement's initializer assigns
	// from t.v.Err(): if err := conn.Err(); err != nil.
	var initErr *types.Var
	if then := b.Succs[0]; then.Kind == cfg.KindIfThen {
		if s, isIf := then.Stmt.(*ast.IfStmt); isIf && s.Cond == cond {
			if as, isAssign := s.Init.(*ast.AssignStmt); isAssign && len(as.Lhs) == 1 && len(as.Rhs) == 1 && c.connErr(as.Rhs[0], t.v) {
				if id, isId := as.Lhs[0].(*ast.Ident); isId {
					initErr, _ = info.Defs[id].(*types.Var)
				}
			}
		}
	}
	failure := func(e ast.Expr) bool {
		if c.connErr(e, t.v) {
			return true
		}
		id, isId := ast.Unparen(e).(*ast.Ident)
		if !isId {
			return false
		}
		v := info.Uses[id]
		return (v == t.err && t.err != nil && st == heldFresh) || (v == initErr && initErr != nil)
	}
	var check func(e ast.Expr) (failed, ok bool)
	check = func(e ast.Expr) (bool, bool) {
		be, isBin := ast.Unparen(e).(*ast.BinaryExpr)
		if !isBin {
			return false, false
		}
		switch be.Op {
		case token.LAND, token.LOR:
			// A term that says the acquisition failed makes the whole
			// condition an error check, and its then branch a failure.
			for _, x := range []ast.Expr{be.X, be.Y} {
				if f, ok := check(x); ok && f {
					return true, true
				}
			}
			return false, false
		case token.NEQ, token.EQL:
			isNil := func(x ast.Expr) bool { return info.Types[ast.Unparen(x)].IsNil() }
			if (failure(be.X) && isNil(be.Y)) || (isNil(be.X) && failure(be.Y)) {
				return be.Op == token.NEQ, true
			}
		}
		return false, false
	}
	return check(cond)
}

// connErr reports whether e is a call of v.Err() on a redigo connection.
func (c *checker) connErr(e ast.Expr, v *types.Var) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || !redisapi.ReportsConnError(c.pass.TypesInfo, call) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == v
}

// assigns reports whether the graph node n may assign v: an assignment to
// it, or its address taken.
func assigns(info *types.Info, n ast.Node, v *types.Var) bool {
	if v == nil {
		return false
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Uses[id] == v || info.Defs[id] == v)
	}
	if r, ok := n.(*ast.RangeStmt); ok {
		return is(r.Key) || is(r.Value) // the body is in other nodes
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}
