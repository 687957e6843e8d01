package requirettl

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
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
	k       *key                     // nil for a write whose keys cannot be named: then any expiry counts
	errs    []*types.Var             // variables that may hold the write's error (see errs.go)
	gens    map[*ast.CallExpr]uint64 // calls whose error the variables of these bits receive
	errLive uint64                   // the bits live right after the write
	replies map[*types.Var]bool      // variables that hold the write's reply (see cond.go)
	cont    map[contKey]*badPath
	excuses map[ast.Stmt]bool
}

type contKey struct {
	b      *body
	killed uint64
	live   uint64
}

// newSearch prepares the search for write w of key k in fi.
func (c *checker) newSearch(fi *funcInfo, w *event, k *key) *search {
	s := &search{c: c, fi: fi, w: w, k: k, gens: map[*ast.CallExpr]uint64{}, cont: map[contKey]*badPath{}, excuses: map[ast.Stmt]bool{}}
	if k == nil {
		s.k = &key{exact: "?", shape: "?", t: &term{kind: tConst, str: "?"}}
	}
	s.errLive = s.writeErrVars()
	return s
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
func (s *search) from(b *body, start loc, after token.Pos, killed, live uint64) *badPath {
	type item struct {
		blk    *cfg.Block
		first  int
		killed uint64
		live   uint64
		prev   int
	}
	type state struct {
		blk    int32
		killed uint64
		live   uint64
	}
	items := []item{{start.b, start.i, killed, live, -1}}
	visited := map[state]bool{}
	for head := 0; head < len(items); head++ {
		it := items[head]
		m, live := it.killed, it.live
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
			kill, gen := s.errFlow(n)
			live = live&^kill | gen
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
			if b.parent != nil && s.continueIn(b, m, live) == nil {
				continue // the enclosing function sets the expiry after the closure
			}
			var blocks []*cfg.Block
			for j := head; j >= 0; j = items[j].prev {
				blocks = append([]*cfg.Block{items[j].blk}, blocks...)
			}
			return &badPath{b: b, blocks: blocks, ret: ret}
		}
		skip := s.errEdge(it.blk, live)
		never := s.c.replies.Infeasible(it.blk) // a branch on a queued reply before Exec
		for j, succ := range it.blk.Succs {
			if j == skip || j == never || !succ.Live || s.excused(succ) {
				continue
			}
			sm := m
			if succ.Kind == cfg.KindRangeLoop {
				sm |= s.rangeKills(succ)
			}
			v := state{succ.Index, sm, live}
			if visited[v] {
				continue
			}
			visited[v] = true
			items = append(items, item{succ, 0, sm, live, head})
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
func (s *search) continueIn(b *body, killed, live uint64) *badPath {
	ck := contKey{b, killed, live}
	if bp, ok := s.cont[ck]; ok {
		return bp
	}
	s.cont[ck] = nil // a closure that reaches itself: assume covered
	lit := b.node.(*ast.FuncLit)
	l, ok := b.parent.find(lit.Pos())
	var bp *badPath
	if ok {
		s.addErrVars(b.parent.fi, l.b.Nodes[l.i], lit)
		bp = s.from(b.parent, l, lit.End(), killed, live)
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
	if s.w.unnamed {
		return ev.kind == evCover || ev.kind == evLoose || ev.kind == evAny || ev.kind == evFields || ev.kind == evScript
	}
	switch ev.kind {
	case evCover, evBound:
		for _, e := range ev.keys {
			if s.sameKey(e, killed) {
				return true
			}
		}
	case evFields:
		return s.w.hash && len(ev.keys) == 1 && s.sameKey(ev.keys[0], killed) && s.allFields(ev.fields)
	case evLoose:
		for _, a := range ev.args {
			if s.c.mentionedBy(s.fi, s.k, a) {
				return true
			}
		}
	case evAny, evScript:
		return true
	}
	return false
}

// all is the killed set of covers that answers for any iteration.
const all = ^uint64(0)

// sameKey reports whether e may name the key, once the variables in
// killed have been assigned (see covers).
func (s *search) sameKey(e ast.Expr, killed uint64) bool {
	o := s.c.keyOf(s.fi, e)
	return killed == all && s.k.similar(o) || killed != all && s.k.matches(o, killed) || killed != 0 && s.rangesOver(o)
}

// allFields reports whether hash-field expiry on fields covers every field
// the write set: then the hash disappears with its last field. Fields that
// cannot be listed or compared may be any.
func (s *search) allFields(fields []ast.Expr) bool {
	if fields == nil || s.w.fields == nil {
		return true
	}
	have := map[string]bool{}
	for _, f := range fields {
		k := s.c.keyOf(s.fi, f)
		if k == nil {
			return true
		}
		have[k.exact] = true
	}
	for _, f := range s.w.fields {
		k := s.c.keyOf(s.fi, f)
		if k != nil && !have[k.exact] {
			return false
		}
	}
	return true
}

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
	// json.Unmarshal(b, &ev): a call handed a variable's address may write it.
	for _, v := range s.k.vars {
		if vi := s.fi.vars[v]; vi != nil {
			for _, call := range vi.addrAt {
				if n.Pos() <= call.Pos() && call.End() <= n.End() {
					m |= s.k.bit(v)
				}
			}
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
