package requirettl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// Existing keys: a write that keeps the TTL of an existing key is not
// reported on a path where the same key was just found to exist: EXISTS
// or HEXISTS said so, or a read of it returned a value (no redis.Nil).
// Every path into the write must pass such a test; the test may be in an
// enclosing function literal (a Watch or TxPipelined closure).

// A probe is a variable that holds what an existence test or a read of a
// key replied.
type probe struct {
	call *ast.CallExpr // the go-redis command
	key  ast.Expr
	err  bool // the variable holds the command's error, not its value
	cmd  bool // the variable holds the command itself (cmd := rdb.Exists(...))
}

// existing reports whether every path into the write, at node at of b,
// passes a test that found the key to exist.
func (s *search) existing(b *body, at loc) bool {
	seen := map[*cfg.Block]bool{}
	var back func(b *body, blk *cfg.Block) bool
	back = func(b *body, blk *cfg.Block) bool {
		if seen[blk] {
			return true // a loop: the other ways in decide
		}
		seen[blk] = true
		preds := s.c.preds(b)[blk]
		if len(preds) == 0 {
			if blk.Index != 0 || b.parent == nil {
				return false // the function's entry, or unreachable
			}
			lit := b.node.(*ast.FuncLit)
			l, ok := b.parent.find(lit.Pos())
			return ok && back(b.parent, l.b)
		}
		for _, p := range preds {
			if cond, value, ok := edgeCond(p, blk); ok && s.impliesExists(cond, value) {
				continue
			}
			if !back(b, p) {
				return false
			}
		}
		return true
	}
	return back(b, at.b)
}

// edgeCond returns the condition of p and the value it has on the edge
// from p to succ.
func edgeCond(p, succ *cfg.Block) (ast.Expr, bool, bool) {
	if len(p.Succs) != 2 || len(p.Nodes) == 0 || p.Succs[0] == p.Succs[1] {
		return nil, false, false
	}
	cond, ok := p.Nodes[len(p.Nodes)-1].(ast.Expr)
	if !ok {
		return nil, false, false
	}
	return cond, p.Succs[0] == succ, true
}

// preds returns the predecessors of the blocks of b's graph.
func (c *checker) preds(b *body) map[*cfg.Block][]*cfg.Block {
	if b.preds == nil {
		b.preds = map[*cfg.Block][]*cfg.Block{}
		for _, blk := range b.g.Blocks {
			if !blk.Live {
				continue // after a return: no way in
			}
			for _, succ := range blk.Succs {
				b.preds[succ] = append(b.preds[succ], blk)
			}
		}
	}
	return b.preds
}

// impliesExists reports whether cond having value proves that the key
// exists.
func (s *search) impliesExists(cond ast.Expr, value bool) bool {
	info := s.c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.NOT && s.impliesExists(e.X, !value)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return value && (s.impliesExists(e.X, true) || s.impliesExists(e.Y, true))
		case token.LOR:
			return !value && (s.impliesExists(e.X, false) || s.impliesExists(e.Y, false))
		}
		x, y, op := ast.Unparen(e.X), ast.Unparen(e.Y), e.Op
		if info.Types[x].Value != nil || info.Types[x].IsNil() || isRedisNil(info, x) {
			x, y, op = y, x, mirror(op)
		}
		if pr, ok := s.probeOf(x); ok && !pr.err && info.Types[y].Value != nil {
			return countExists(op, info.Types[y].Value, value)
		}
		if pr, ok := s.probeOf(x); ok && pr.err {
			switch {
			case info.Types[y].IsNil(), isRedisNil(info, y):
				return op == token.EQL && value || op == token.NEQ && !value
			}
		}
	case *ast.CallExpr:
		if fn := typeutil.StaticCallee(info, e); fn != nil && fn.FullName() == "errors.Is" && len(e.Args) == 2 && isRedisNil(info, e.Args[1]) {
			pr, ok := s.probeOf(ast.Unparen(e.Args[0]))
			return ok && pr.err && !value
		}
		if pr, ok := s.probeOf(e); ok && !pr.err && isBool(info.TypeOf(e)) {
			return value // if rdb.HExists(ctx, k, f).Val()
		}
	case *ast.Ident:
		if pr, ok := s.probeOf(e); ok && !pr.err && isBool(info.TypeOf(e)) {
			return value // ok, _ := rdb.HExists(...).Result(); if ok
		}
	}
	return false
}

// countExists reports whether a key count n (n >= 0) compared with c by
// op having value means n >= 1.
func countExists(op token.Token, c constant.Value, value bool) bool {
	if !value {
		switch op {
		case token.EQL:
			op = token.NEQ
		case token.NEQ:
			op = token.EQL
		case token.LSS:
			op = token.GEQ
		case token.GEQ:
			op = token.LSS
		case token.GTR:
			op = token.LEQ
		case token.LEQ:
			op = token.GTR
		}
	}
	c = constant.ToInt(c)
	if c.Kind() != constant.Int {
		return false
	}
	zero, one := constant.MakeInt64(0), constant.MakeInt64(1)
	switch op {
	case token.EQL: // n == c, c >= 1
		return constant.Compare(c, token.GEQ, one)
	case token.NEQ: // n != 0
		return constant.Compare(c, token.EQL, zero)
	case token.GTR: // n > c, c >= 0
		return constant.Compare(c, token.GEQ, zero)
	case token.GEQ: // n >= c, c >= 1
		return constant.Compare(c, token.GEQ, one)
	}
	return false
}

func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// isRedisNil reports whether e is go-redis's Nil error.
func isRedisNil(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.Name() == "Nil" && v.Pkg() != nil && redisapi.MajorOf(v.Pkg().Path()) != 0
}

// probeOf returns the existence test or read of the key that e holds the
// reply of: a variable assigned from it, or an accessor call on it
// (rdb.Exists(ctx, k).Val(), cmd.Val()).
func (s *search) probeOf(e ast.Expr) (probe, bool) {
	info := s.c.pass.TypesInfo
	var pr probe
	var ok bool
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		pr, ok = s.fi.probes(s.c)[v]
		if pr.cmd {
			return probe{}, false // the command itself, not a reply
		}
	case *ast.CallExpr:
		sel, isSel := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !isSel {
			return probe{}, false
		}
		if inner, isCall := ast.Unparen(sel.X).(*ast.CallExpr); isCall {
			pr, ok = s.c.probeCall(inner)
		} else if id, isID := ast.Unparen(sel.X).(*ast.Ident); isID {
			v, _ := info.Uses[id].(*types.Var)
			pr, ok = s.fi.probes(s.c)[v]
			ok = ok && pr.cmd
			pr.cmd = false
		}
		pr.err = redisapi.ReplyOf(info, sel) == redisapi.ReadsErr
	}
	if !ok {
		return probe{}, false
	}
	o := s.c.keyOf(s.fi, pr.key)
	return pr, o != nil && s.k.matches(o, 0)
}

// probeCall returns the probe of an existence test or a read of one key.
func (c *checker) probeCall(call *ast.CallExpr) (probe, bool) {
	cmd, ok := redisapi.CallCommand(c.pass.TypesInfo, call)
	if !ok || cmd.Redigo {
		return c.rawProbe(call, cmd, ok) // conn.Do("EXISTS", k), c.Do(ctx, c.B().Exists().Key(k).Build())
	}
	if cmd.Raw || cmd.Effect&(redisapi.ChecksExists|redisapi.NilIfMissing) == 0 {
		return probe{}, false
	}
	i := cmd.Key.Index
	if i < 0 || i >= len(call.Args) || call.Ellipsis.IsValid() || cmd.Key.Form == redisapi.ManyKeys && len(call.Args) != i+1 {
		return probe{}, false // EXISTS of several keys counts them together
	}
	return probe{call: call, key: call.Args[i]}, true
}

// probes returns the variables of fi that hold the reply (or the error) of
// an existence test or a read.
func (fi *funcInfo) probes(c *checker) map[*types.Var]probe {
	if fi.probeVars != nil {
		return fi.probeVars
	}
	fi.probeVars = map[*types.Var]probe{}
	info := c.pass.TypesInfo
	record := func(lhs []ast.Expr, rhs ast.Expr) {
		rhs = ast.Unparen(rhs)
		set := func(i int, pr probe) {
			if i < len(lhs) {
				if id, ok := ast.Unparen(lhs[i]).(*ast.Ident); ok {
					if v, ok := info.ObjectOf(id).(*types.Var); ok {
						fi.probeVars[v] = pr
					}
				}
			}
		}
		call, ok := rhs.(*ast.CallExpr)
		if !ok {
			return
		}
		if pr, ok := c.probeCall(call); ok {
			pr.cmd = true
			set(0, pr) // cmd := rdb.Exists(ctx, k)
			return
		}
		if inner := c.replyOf(call); inner != nil {
			if pr, ok := c.probeCall(inner); ok {
				set(0, pr) // ok, err := redis.Bool(conn.Do("EXISTS", k)); n, err := c.Do(ctx, exists).AsInt64()
			}
			return
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return
		}
		pr, ok := c.probeCall(inner)
		if !ok {
			return
		}
		switch redisapi.ReplyOf(info, sel) {
		case redisapi.ReadsResult: // v, err := rdb.Get(ctx, k).Result()
			set(0, pr)
			pr.err = true
			set(len(lhs)-1, pr)
		case redisapi.ReadsErr:
			pr.err = true
			set(0, pr)
		default:
			set(0, pr)
		}
	}
	for _, a := range fi.assigns {
		record(a.lhs, a.rhs)
	}
	return fi.probeVars
}
