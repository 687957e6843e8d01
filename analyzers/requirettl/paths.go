package requirettl

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// A search state carries the set of the key's variables (bits of
// key.vars) that the path has assigned since the write: while it is empty
// an expiry must name the same key; after that, the key can only be named
// again by the same expression over other variables (see key.matches).

// A search looks for a path from one write to the end of its function on
// which the written key gets no expiry.
type search struct {
	c       *checker
	fi      *funcInfo
	w       *event
	k       *key
	errVars map[*types.Var]bool // variables that hold the write's error
	cont    map[contKey]*badPath
	excuses map[ast.Stmt]bool
}

type contKey struct {
	b      *body
	killed uint64
}

// A badPath is a path from the write to a return of its function that
// sets no expiry on the key.
type badPath struct {
	b      *body
	blocks []*cfg.Block
	ret    *ast.ReturnStmt
}

// from searches b's graph from node start (events in it before after are
// ignored) and returns a bad path, or nil when every path sets an expiry,
// fails the write, or never returns.
func (s *search) from(b *body, start loc, after token.Pos, killed uint64) *badPath {
	type item struct {
		blk    *cfg.Block
		first  int
		killed uint64
		prev   int
	}
	type state struct {
		blk    int32
		killed uint64
	}
	items := []item{{start.b, start.i, killed, -1}}
	visited := map[state]bool{}
	for head := 0; head < len(items); head++ {
		it := items[head]
		m := it.killed
		covered := false
		for i := it.first; i < len(it.blk.Nodes); i++ {
			n := it.blk.Nodes[i]
			lim := token.NoPos
			if head == 0 && i == start.i {
				lim = after
			}
			if s.nodeCovers(n, lim, m) {
				covered = true
				break
			}
			m |= s.kills(n)
		}
		if covered {
			continue
		}
		if len(it.blk.Succs) == 0 {
			ret := lastReturn(it.blk)
			if ret == nil {
				continue // panic, log.Fatal, os.Exit: not a way the function ends normally
			}
			if s.returnsKey(ret, m) {
				continue // the caller gets the key and may expire it
			}
			if b.parent != nil && s.continueIn(b, m) == nil {
				continue // the enclosing function sets the expiry after the closure
			}
			var blocks []*cfg.Block
			for j := head; j >= 0; j = items[j].prev {
				blocks = append([]*cfg.Block{items[j].blk}, blocks...)
			}
			return &badPath{b: b, blocks: blocks, ret: ret}
		}
		skip := s.errEdge(it.blk)
		for j, succ := range it.blk.Succs {
			if j == skip || !succ.Live || s.excused(succ) {
				continue
			}
			sm := m
			if succ.Kind == cfg.KindRangeLoop {
				sm |= s.rangeKills(succ)
			}
			v := state{succ.Index, sm}
			if visited[v] {
				continue
			}
			visited[v] = true
			items = append(items, item{succ, 0, sm, head})
		}
	}
	return nil
}

// returnsKey reports whether ret hands the key to the caller: a result
// that is the key, or a literal that holds it (return &Session{Key: k}).
func (s *search) returnsKey(ret *ast.ReturnStmt, killed uint64) bool {
	var holds func(e ast.Expr) bool
	holds = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			return holds(e.X)
		case *ast.KeyValueExpr:
			return holds(e.Value)
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				if holds(el) {
					return true
				}
			}
			return false
		}
		if !isString(s.c.pass.TypesInfo.TypeOf(e)) {
			return false
		}
		o := s.c.keyOf(s.fi, e)
		return o != nil && s.k.matches(o, killed)
	}
	for _, r := range ret.Results {
		if holds(r) {
			return true
		}
	}
	return false
}

// continueIn follows a closure's exit into the function that contains it,
// from the statement that holds the closure (the Pipelined, TxPipelined or
// Watch call, a go statement, an assignment).
func (s *search) continueIn(b *body, killed uint64) *badPath {
	ck := contKey{b, killed}
	if bp, ok := s.cont[ck]; ok {
		return bp
	}
	s.cont[ck] = nil // a closure that reaches itself: assume covered
	lit := b.node.(*ast.FuncLit)
	l, ok := b.parent.find(lit.Pos())
	var bp *badPath
	if ok {
		s.addErrVars(b.parent.fi, l.b.Nodes[l.i], lit)
		bp = s.from(b.parent, l, lit.End(), killed)
	}
	s.cont[ck] = bp
	return bp
}

// nodeCovers reports whether graph node n sets an expiry on the key, or may
// (events in closures it contains included). Events before after are ignored.
func (s *search) nodeCovers(n ast.Node, after token.Pos, killed uint64) bool {
	covered := false
	ast.Inspect(n, func(x ast.Node) bool {
		if covered {
			return false
		}
		if call, ok := x.(*ast.CallExpr); ok && call.Pos() >= after {
			for _, ev := range s.c.events(s.fi, call) {
				if s.covers(ev, killed) {
					covered = true
					return false
				}
			}
		}
		return true
	})
	return covered
}

// covers reports whether ev sets an expiry on the key, or may, once the
// variables in killed have been assigned. With killed set to all, it
// answers for any iteration (see key.similar).
func (s *search) covers(ev *event, killed uint64) bool {
	switch ev.kind {
	case evCover, evBound:
		for _, e := range ev.keys {
			o := s.c.keyOf(s.fi, e)
			if killed == all && s.k.similar(o) || killed != all && s.k.matches(o, killed) || killed != 0 && s.rangesOver(o) {
				return true
			}
		}
	case evLoose:
		for _, a := range ev.args {
			if s.c.mentionedBy(s.fi, s.k, a) {
				return true
			}
		}
	case evAny:
		return true
	}
	return false
}

// all is the killed set of covers that answers for any iteration.
const all = ^uint64(0)

// rangesOver reports whether o is the value variable of a range over a
// collection the key is indexed in: after for i := range keys { Incr(keys[i]) },
// for _, k := range keys { Expire(k) } expires every written key.
func (s *search) rangesOver(o *key) bool {
	if o == nil || o.t.kind != tVar {
		return false
	}
	vi := s.fi.vars[o.t.obj]
	if vi == nil || vi.rangeX == nil {
		return false
	}
	id, ok := ast.Unparen(vi.rangeX).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := s.c.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && slices.Contains(s.k.vars, v)
}

// kills returns the variables of the key that node n assigns.
func (s *search) kills(n ast.Node) uint64 {
	info := s.c.pass.TypesInfo
	var m uint64
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			m |= s.k.bit(baseVar(info, lhs))
		}
	case *ast.IncDecStmt:
		m |= s.k.bit(baseVar(info, n.X))
	case *ast.ValueSpec:
		for _, name := range n.Names {
			v, _ := info.Defs[name].(*types.Var)
			m |= s.k.bit(v)
		}
	}
	return m
}

// rangeKills returns the variables of the key that entering a range
// loop's head rebinds.
func (s *search) rangeKills(blk *cfg.Block) uint64 {
	rs, ok := blk.Stmt.(*ast.RangeStmt)
	if !ok {
		return 0
	}
	var m uint64
	for _, e := range []ast.Expr{rs.Key, rs.Value} {
		if e != nil {
			m |= s.k.bit(baseVar(s.c.pass.TypesInfo, e))
		}
	}
	return m
}

// excused reports whether entering blk leaves a conditional or a loop that
// holds an expiry of the key (and not the write): if ttl > 0 { Expire },
// if n == 1 { Expire } after INCR. Whether the expiry was meant to be
// skipped there depends on data requirettl cannot see, so such a path is
// trusted.
func (s *search) excused(blk *cfg.Block) bool {
	switch blk.Kind {
	case cfg.KindIfDone, cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
	default:
		return false
	}
	st := blk.Stmt
	if st == nil || (st.Pos() <= s.w.call.Pos() && s.w.call.Pos() < st.End()) {
		return false
	}
	if v, ok := s.excuses[st]; ok {
		return v
	}
	v := false
	evs := s.fi.events // in source order
	for i := sort.Search(len(evs), func(i int) bool { return evs[i].call.Pos() >= st.Pos() }); i < len(evs) && evs[i].call.Pos() < st.End(); i++ {
		if s.covers(evs[i], all) {
			v = true
			break
		}
	}
	s.excuses[st] = v
	return v
}

// errEdge returns the index of the successor of a conditional block that
// is taken only when the write failed (err != nil on the write's error,
// alone or in a conjunction), or -1: on that path the key was not written.
func (s *search) errEdge(blk *cfg.Block) int {
	if len(blk.Succs) != 2 || len(blk.Nodes) == 0 {
		return -1
	}
	cond, ok := blk.Nodes[len(blk.Nodes)-1].(ast.Expr) // a select case's block ends with its statement
	if !ok {
		return -1
	}
	switch {
	case s.impliesFailure(cond, true):
		return 0
	case s.impliesFailure(cond, false):
		return 1
	}
	return -1
}

// impliesFailure reports whether cond evaluating to value implies that the
// write's error is not nil.
func (s *search) impliesFailure(cond ast.Expr, value bool) bool {
	info := s.c.pass.TypesInfo
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.NOT && s.impliesFailure(e.X, !value)
	case *ast.CallExpr:
		// errors.Is(err, target) and errors.As(err, &target) hold only
		// for an error that is not nil.
		if fn := typeutil.StaticCallee(info, e); value && fn != nil && len(e.Args) == 2 && !info.Types[e.Args[1]].IsNil() {
			switch fn.FullName() {
			case "errors.Is", "errors.As":
				return s.isWriteErr(ast.Unparen(e.Args[0]))
			}
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return value && (s.impliesFailure(e.X, true) || s.impliesFailure(e.Y, true))
		case token.LOR:
			return !value && (s.impliesFailure(e.X, false) || s.impliesFailure(e.Y, false))
		case token.NEQ, token.EQL:
			x, y := ast.Unparen(e.X), ast.Unparen(e.Y)
			if info.Types[x].IsNil() {
				x, y = y, x
			}
			if !info.Types[y].IsNil() || !s.isWriteErr(x) {
				return false
			}
			return (e.Op == token.NEQ) == value
		}
	}
	return false
}

// isWriteErr reports whether e holds the write's error: a variable
// assigned from it, or w.Err() itself.
func (s *search) isWriteErr(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := s.c.pass.TypesInfo.Uses[e].(*types.Var)
		return ok && s.errVars[v]
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" {
			return ast.Unparen(sel.X) == s.w.call
		}
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
					s.errVars[v] = true
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
		fi.pipeErrs = map[*types.Var][]*types.Var{}
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
		if sel, ok := ast.Unparen(rc.Fun).(*ast.SelectorExpr); ok {
			if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
				switch {
				case sel.Sel.Name == "Err" && len(lhs) == 1, sel.Sel.Name == "Result" && len(lhs) == 2:
					fi.errVars[inner] = v // err := rdb.HSet(...).Err()
				}
			}
			if redisapi.LifecycleOf(info, rc) == redisapi.ExecsPipe {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if pv, ok := info.Uses[id].(*types.Var); ok {
						fi.pipeErrs[pv] = append(fi.pipeErrs[pv], v) // _, err := pipe.Exec(ctx)
					}
				}
			}
		}
	}
	ast.Inspect(fi.root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				record(n.Lhs, n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 {
				lhs := make([]ast.Expr, len(n.Names))
				for i, name := range n.Names {
					lhs[i] = name
				}
				record(lhs, n.Values[0])
			}
		}
		return true
	})
}

// writeErrVars returns the variables that hold the write's error: its own,
// and for a command queued on a pipeline variable, the error of that
// pipeline's Exec.
func (s *search) writeErrVars() {
	if v := s.fi.errOf(s.c, s.w.call); v != nil {
		s.errVars[v] = true
	}
	if sel, ok := ast.Unparen(s.w.call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			if pv, ok := s.c.pass.TypesInfo.Uses[id].(*types.Var); ok {
				for _, v := range s.fi.pipeErrs[pv] {
					s.errVars[v] = true
				}
			}
		}
	}
}

func lastReturn(blk *cfg.Block) *ast.ReturnStmt {
	if len(blk.Nodes) == 0 {
		return nil
	}
	ret, _ := blk.Nodes[len(blk.Nodes)-1].(*ast.ReturnStmt)
	return ret
}

// describe names the path: the first branch statement it takes, else its
// return statement, else the end of the function.
func (c *checker) describe(bp *badPath) string {
	fset := c.pass.Fset
	for i := 0; i+1 < len(bp.blocks); i++ {
		if br := branchAfter(bp.b, bp.blocks[i], bp.blocks[i+1]); br != nil {
			return fmt.Sprintf("on the path through the %s at line %d", br.Tok, fset.Position(br.Pos()).Line)
		}
	}
	if bp.ret.Return == bp.b.block.Rbrace {
		return fmt.Sprintf("on the path to the end of the function at line %d", fset.Position(bp.ret.Return).Line)
	}
	return fmt.Sprintf("on the path through the return at line %d", fset.Position(bp.ret.Pos()).Line)
}

// branchAfter returns the break, continue or goto by which control goes
// from blk to next, or nil. The graph does not keep branch statements, so
// it is the statement that follows blk's last node in the source, when its
// kind agrees with next.
func branchAfter(b *body, blk, next *cfg.Block) *ast.BranchStmt {
	if len(blk.Succs) != 1 {
		return nil
	}
	var end token.Pos
	if n := len(blk.Nodes); n > 0 {
		end = blk.Nodes[n-1].End()
	} else {
		switch st := blk.Stmt.(type) {
		case *ast.IfStmt:
			switch blk.Kind {
			case cfg.KindIfThen:
				end = st.Body.Lbrace + 1
			case cfg.KindIfElse:
				end = st.Else.Pos()
			case cfg.KindIfDone:
				end = st.End()
			}
		case *ast.ForStmt:
			switch blk.Kind {
			case cfg.KindForBody:
				end = st.Body.Lbrace + 1
			case cfg.KindForDone:
				end = st.End()
			}
		case *ast.RangeStmt:
			switch blk.Kind {
			case cfg.KindRangeBody:
				end = st.Body.Lbrace + 1
			case cfg.KindRangeDone:
				end = st.End()
			}
		case *ast.CaseClause:
			end = st.Colon + 1
		case *ast.CommClause:
			end = st.Colon + 1
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			end = st.End()
		}
	}
	if !end.IsValid() {
		return nil
	}
	var first ast.Stmt
	ast.Inspect(b.block, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if st, ok := n.(ast.Stmt); ok && st.Pos() >= end && (first == nil || st.Pos() < first.Pos()) {
			if _, isBlock := st.(*ast.BlockStmt); !isBlock {
				first = st
			}
		}
		return true
	})
	br, ok := first.(*ast.BranchStmt)
	if !ok {
		return nil
	}
	switch br.Tok {
	case token.CONTINUE:
		switch next.Kind {
		case cfg.KindForLoop, cfg.KindForPost, cfg.KindRangeLoop, cfg.KindForBody:
			return br
		}
	case token.BREAK:
		switch next.Kind {
		case cfg.KindForDone, cfg.KindRangeDone, cfg.KindSwitchDone, cfg.KindSelectDone:
			return br
		}
	case token.GOTO:
		if next.Kind == cfg.KindLabel {
			return br
		}
	}
	return nil
}
