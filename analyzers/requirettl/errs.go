package requirettl

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// Which variable holds the write's error is a question of reaching
// definitions: a search carries, as bits of s.errs, the variables whose
// value on the path is the write's error (or that of the Exec or Pipelined
// call that sent it). The write's own assignment sets its bit; any other
// assignment to the variable (n, err := strconv.Atoi(s)) clears it.

// errBit returns the bit of error variable v, adding it.
func (s *search) errBit(v *types.Var) uint64 {
	for i, e := range s.errs {
		if e == v {
			return 1 << i
		}
	}
	if len(s.errs) >= 64 {
		return 0
	}
	s.errs = append(s.errs, v)
	return 1 << (len(s.errs) - 1)
}

// errFlow returns the error bits node n clears and sets.
func (s *search) errFlow(n ast.Node) (kill, gen uint64) {
	if len(s.errs) == 0 {
		return 0, 0
	}
	info := s.c.pass.TypesInfo
	bit := func(id *ast.Ident) uint64 {
		v, _ := info.ObjectOf(id).(*types.Var)
		for i, e := range s.errs {
			if e == v {
				return 1 << i
			}
		}
		return 0
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
				kill |= bit(id)
			}
		}
	case *ast.ValueSpec:
		for _, name := range n.Names {
			kill |= bit(name)
		}
	case *ast.RangeStmt:
		return 0, 0
	}
	if kill != 0 || len(s.gens) > 0 {
		ast.Inspect(n, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok {
				gen |= s.gens[call]
			}
			_, lit := x.(*ast.FuncLit)
			return !lit
		})
	}
	return kill, gen
}

// errEdge returns the index of the successor of a conditional block that
// is taken only when the write failed (err != nil on the write's error,
// alone or in a conjunction), or -1: on that path the key was not written.
// live holds the error variables whose value is the write's error there.
func (s *search) errEdge(blk *cfg.Block, live uint64) int {
	if len(blk.Succs) != 2 || len(blk.Nodes) == 0 {
		return -1
	}
	cond, ok := blk.Nodes[len(blk.Nodes)-1].(ast.Expr) // a select case's block ends with its statement
	if !ok {
		return -1
	}
	switch {
	case s.impliesFailure(cond, true, live):
		return 0
	case s.impliesFailure(cond, false, live):
		return 1
	}
	return -1
}

// impliesFailure reports whether cond evaluating to value implies that the
// write's error is not nil.
func (s *search) impliesFailure(cond ast.Expr, value bool, live uint64) bool {
	info := s.c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.NOT && s.impliesFailure(e.X, !value, live)
	case *ast.CallExpr:
		// errors.Is(err, target) and errors.As(err, &target) hold only
		// for an error that is not nil.
		if fn := typeutil.StaticCallee(info, e); value && fn != nil && len(e.Args) == 2 && !info.Types[e.Args[1]].IsNil() {
			switch fn.FullName() {
			case "errors.Is", "errors.As":
				return s.isWriteErr(ast.Unparen(e.Args[0]), live)
			}
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return value && (s.impliesFailure(e.X, true, live) || s.impliesFailure(e.Y, true, live))
		case token.LOR:
			return !value && (s.impliesFailure(e.X, false, live) || s.impliesFailure(e.Y, false, live))
		case token.NEQ, token.EQL:
			x, y := ast.Unparen(e.X), ast.Unparen(e.Y)
			if info.Types[x].IsNil() {
				x, y = y, x
			}
			if !info.Types[y].IsNil() || !s.isWriteErr(x, live) {
				return false
			}
			return (e.Op == token.NEQ) == value
		}
	}
	return false
}

// isWriteErr reports whether e holds the write's error: a variable
// assigned from it, or w.Err() itself.
func (s *search) isWriteErr(e ast.Expr, live uint64) bool {
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := s.c.pass.TypesInfo.Uses[e].(*types.Var)
		for i, ev := range s.errs {
			if ok && ev == v {
				return live&(1<<i) != 0
			}
		}
		return false
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && redisapi.ReplyOf(s.c.pass.TypesInfo, sel) == redisapi.ReadsErr {
			return ast.Unparen(sel.X) == s.w.call
		}
		// c.Do(ctx, cmd).Error(): an error read off a rueidis reply.
		return s.c.replyOf(e) == s.w.call && types.Identical(s.c.pass.TypesInfo.TypeOf(e), errorType)
	}
	return false
}

// addErrVars records the variable that receives the error of the call in
// node n that runs lit (or, with lit nil, of the write itself).
func (s *search) addErrVars(fi *funcInfo, n ast.Node, lit *ast.FuncLit) {
	ast.Inspect(n, func(x ast.Node) bool {
		call, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		for _, a := range call.Args {
			if ast.Unparen(a) == lit {
				if v := fi.errOf(s.c, call); v != nil {
					s.gens[call] |= s.errBit(v)
				}
				return false
			}
		}
		return true
	})
}

// errOf returns the variable that receives the error of call (through
// .Err(), .Result() or the call's own last result), or nil.
func (fi *funcInfo) errOf(c *checker, call *ast.CallExpr) *types.Var {
	if fi.errVars == nil {
		fi.errVars = map[*ast.CallExpr]*types.Var{}
		fi.pipeErrs = map[*types.Var][]pipeErr{}
		fi.scanErrs(c)
	}
	return fi.errVars[call]
}

func (fi *funcInfo) scanErrs(c *checker) {
	info := c.pass.TypesInfo
	record := func(lhs []ast.Expr, rhs ast.Expr) {
		rc, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(lhs) == 0 {
			return
		}
		last, ok := ast.Unparen(lhs[len(lhs)-1]).(*ast.Ident)
		if !ok {
			return
		}
		v, _ := info.ObjectOf(last).(*types.Var)
		if v == nil || !types.Identical(v.Type(), errorType) {
			return
		}
		fi.errVars[rc] = v
		if inner := c.replyOf(rc); inner != nil {
			fi.errVars[inner] = v // err := c.Do(ctx, cmd).Error(); n, err := redis.Int(conn.Do(...))
		}
		if sel, ok := ast.Unparen(rc.Fun).(*ast.SelectorExpr); ok {
			if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
				switch redisapi.ReplyOf(info, sel) {
				case redisapi.ReadsErr, redisapi.ReadsResult:
					fi.errVars[inner] = v // err := rdb.HSet(...).Err(); n, err := rdb.Incr(...).Result()
				}
			}
			if redisapi.LifecycleOf(info, rc) == redisapi.ExecsPipe {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if pv, ok := info.Uses[id].(*types.Var); ok {
						fi.pipeErrs[pv] = append(fi.pipeErrs[pv], pipeErr{v, rc}) // _, err := pipe.Exec(ctx)
					}
				}
			}
		}
	}
	for _, a := range fi.assigns {
		record(a.lhs, a.rhs)
	}
}

// writeErrVars records the variables that receive the write's error: its
// own, and for a command queued on a pipeline variable, the error of that
// pipeline's Exec calls. It returns the bits live right after the write.
func (s *search) writeErrVars() uint64 {
	var live uint64
	if v := s.fi.errOf(s.c, s.w.call); v != nil {
		live = s.errBit(v)
		s.gens[s.w.call] |= live
	}
	if sel, ok := ast.Unparen(s.w.call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			if pv, ok := s.c.pass.TypesInfo.Uses[id].(*types.Var); ok {
				for _, pe := range s.fi.pipeErrs[pv] {
					s.gens[pe.exec] |= s.errBit(pe.v)
				}
			}
		}
	}
	return live
}
