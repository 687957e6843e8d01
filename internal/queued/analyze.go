package queued

import (
	"go/ast"
	"go/token"
	"go/types"
	"math/bits"
	"slices"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/stdpkg"
)

// function is the analysis of one function body.
type function struct {
	r    *Replies
	node ast.Node
	body *ast.BlockStmt
	g    *cfg.CFG

	sites    []*ast.CallExpr // queued calls in the body, in source order
	siteIdx  map[*ast.CallExpr]int
	sitePipe []*pipeInfo // per site; nil when the receiver is not a tracked variable
	pipeOf   map[*types.Var]*pipeInfo
	pipeSets map[*pipeInfo]set // the sites queued on each pipeline
	weakSet  set               // the sites queued on weak pipelines
	early    set               // the sites whose error may be set before Exec (redisapi.MayFailEarly)
	words    int               // words in a set of sites

	vars   []*types.Var // tracked variables: commands, and method values reading them
	varIdx map[*types.Var]int
	reader []readerOf // per variable; zero for a command variable

	events map[ast.Node][]event // per graph node, in evaluation order
	execs  map[*types.Var][]*ast.CallExpr

	reads    map[*ast.CallExpr]*Read
	readList []*Read

	// Variables that may hold a value read from a reply (n := cmd.Val()),
	// and, at the start of each graph node that uses one, which of them hold
	// an empty reply's value on every path there.
	zvars  []*types.Var
	zIdx   map[*types.Var]int
	zUses  map[ast.Node]bool
	zeroIn map[ast.Node][]bool
	nodes  map[ast.Node]bool // the graph's nodes
}

// readerOf is the accessor a method-value variable is bound to.
type readerOf struct {
	method string
	kind   redisapi.ReplyRead
}

// A source is where a command value comes from: a queued call, or a
// tracked variable.
type source struct {
	site int // index in sites, or -1
	v    int // index in vars, or -1
}

var noSource = source{-1, -1}

func (s source) ok() bool { return s.site >= 0 || s.v >= 0 }

type evKind uint8

const (
	evDef  evKind = iota // a tracked variable is assigned (src, or noSource)
	evRead               // a reply is read through src
	evExec               // a method other than a command is called on pipe
	evCall               // a call that may run a weak pipeline
	evZero               // a variable that may hold a reply's value is assigned
)

type event struct {
	kind   evKind
	v      int // evDef
	src    source
	call   *ast.CallExpr // evRead, evExec
	pipe   *pipeInfo     // evExec
	method string        // evRead
	kind2  redisapi.ReplyRead
	multi  bool // evZero: call is multi-valued
	none   bool // evZero: var x T, the zero value
}

// analyze builds the analysis of fn, whose body queues sites. The caller
// holds r.mu.
func (r *Replies) analyze(fn ast.Node, sites []*ast.CallExpr) *function {
	f := &function{
		r:        r,
		node:     fn,
		body:     funcBody(fn),
		g:        r.graph(fn),
		sites:    sites,
		siteIdx:  map[*ast.CallExpr]int{},
		pipeOf:   map[*types.Var]*pipeInfo{},
		pipeSets: map[*pipeInfo]set{},
		varIdx:   map[*types.Var]int{},
		events:   map[ast.Node][]event{},
		execs:    map[*types.Var][]*ast.CallExpr{},
		reads:    map[*ast.CallExpr]*Read{},
		zIdx:     map[*types.Var]int{},
		zUses:    map[ast.Node]bool{},
		zeroIn:   map[ast.Node][]bool{},
		nodes:    map[ast.Node]bool{},
	}
	if f.body == nil || f.g == nil {
		return f
	}
	f.words = (len(sites) + 63) / 64
	f.weakSet = newSet(f.words)
	f.early = newSet(f.words)
	f.sitePipe = make([]*pipeInfo, len(sites))
	for i, call := range sites {
		f.siteIdx[call] = i
		if redisapi.MayFailEarly(r.info, call) {
			f.early.add(i)
		}
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := r.info.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		p := r.pipe(v)
		if p.class == untracked {
			continue
		}
		f.pipeOf[v] = p
		f.sitePipe[i] = p
		s, ok := f.pipeSets[p]
		if !ok {
			s = newSet(f.words)
			f.pipeSets[p] = s
		}
		s.add(i)
		if p.class == weak {
			f.weakSet.add(i)
		}
	}
	sc := f.scan()
	f.track(sc)
	f.zeroCandidates(sc)
	f.buildEvents()
	first := f.solve(false)
	f.record(first, false)
	second := f.solve(true)
	f.record(second, true)
	for call, rd := range f.reads {
		if rd.Queue == nil {
			delete(f.reads, call) // only on paths that are never taken
		}
	}
	slices.SortFunc(f.readList, func(a, b *Read) int { return int(a.Call.Pos() - b.Call.Pos()) })
	return f
}

// An assignment of a variable, as the scan found it.
type assignment struct {
	rhs    ast.Expr      // the value, or nil
	multi  *ast.CallExpr // a multi-valued call the variable takes result idx of
	idx    int
	none   bool // var x T: the zero value
	nested bool // in a function literal inside the body
}

// scanned holds what one walk of the whole body (nested literals included)
// finds about variables.
type scanned struct {
	assigns map[*types.Var][]assignment
	addr    map[*types.Var]bool // &v somewhere
	local   map[*types.Var]bool // declared in the body, outside nested literals
}

func (f *function) scan() *scanned {
	sc := &scanned{assigns: map[*types.Var][]assignment{}, addr: map[*types.Var]bool{}, local: map[*types.Var]bool{}}
	info := f.r.info
	varOf := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	var walk func(n ast.Node, nested bool)
	walk = func(root ast.Node, nested bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root {
					walk(n.Body, true)
					return false
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					v := varOf(l)
					if v == nil {
						continue
					}
					if id := ast.Unparen(l).(*ast.Ident); info.Defs[id] == v && !nested {
						sc.local[v] = true
					}
					a := assignment{nested: nested}
					switch {
					case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
					case len(n.Lhs) == len(n.Rhs):
						a.rhs = n.Rhs[i]
					case len(n.Rhs) == 1:
						a.multi, _ = ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
						a.idx = i
					}
					sc.assigns[v] = append(sc.assigns[v], a)
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					v, _ := info.Defs[name].(*types.Var)
					if v == nil {
						continue
					}
					if !nested {
						sc.local[v] = true
					}
					a := assignment{nested: nested}
					switch {
					case len(n.Values) == 0:
						a.none = true
					case len(n.Names) == len(n.Values):
						a.rhs = n.Values[i]
					case len(n.Values) == 1:
						a.multi, _ = ast.Unparen(n.Values[0]).(*ast.CallExpr)
						a.idx = i
					}
					sc.assigns[v] = append(sc.assigns[v], a)
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if v := varOf(e); v != nil {
						sc.assigns[v] = append(sc.assigns[v], assignment{nested: nested})
					}
				}
			case *ast.IncDecStmt:
				if v := varOf(n.X); v != nil {
					sc.assigns[v] = append(sc.assigns[v], assignment{nested: nested})
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := varOf(n.X); v != nil {
						sc.addr[v] = true
					}
				}
			}
			return true
		})
	}
	walk(f.body, false)
	return sc
}

// track chooses the variables to follow: locals (or variables of an
// enclosing function) assigned, in the body itself, a queued command, a
// tracked command variable or a method value reading one, never assigned
// in a nested literal and never addressed.
func (f *function) track(sc *scanned) {
	pkgScope := f.r.pkg.Scope()
	eligible := func(v *types.Var) bool {
		if sc.addr[v] || v.IsField() || v.Pkg() != f.r.pkg || v.Parent() == pkgScope {
			return false
		}
		for _, a := range sc.assigns[v] {
			if a.nested {
				return false
			}
		}
		return true
	}
	kind := map[*types.Var]readerOf{}
	bad := map[*types.Var]bool{}
	isCmd := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			i, ok := f.siteIdx[e]
			return ok && f.sitePipe[i] != nil
		case *ast.Ident:
			v, ok := f.r.info.Uses[e].(*types.Var)
			if !ok || bad[v] {
				return false
			}
			k, ok := kind[v]
			return ok && k.kind == redisapi.NoRead
		}
		return false
	}
	// classOf returns what assigning e makes of a variable, if anything.
	classOf := func(e ast.Expr) (readerOf, bool) {
		if e == nil {
			return readerOf{}, false
		}
		if isCmd(e) {
			return readerOf{}, true
		}
		switch e := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			// A method value: the read happens when it is called.
			if rk := redisapi.ReplyOf(f.r.info, e); rk != redisapi.NoRead && isCmd(e.X) {
				return readerOf{e.Sel.Name, rk}, true
			}
		case *ast.Ident:
			if v, ok := f.r.info.Uses[e].(*types.Var); ok && !bad[v] {
				if k, ok := kind[v]; ok && k.kind != redisapi.NoRead {
					return k, true
				}
			}
		}
		return readerOf{}, false
	}
	for changed := true; changed; {
		changed = false
		for v, as := range sc.assigns {
			if bad[v] || !eligible(v) {
				continue
			}
			for _, a := range as {
				k, ok := classOf(a.rhs)
				if !ok {
					continue
				}
				if old, seen := kind[v]; !seen {
					kind[v] = k
					changed = true
				} else if old != k {
					bad[v] = true
					changed = true
				}
			}
		}
	}
	for v := range kind {
		if !bad[v] {
			f.vars = append(f.vars, v)
		}
	}
	slices.SortFunc(f.vars, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	f.reader = make([]readerOf, len(f.vars))
	for i, v := range f.vars {
		f.varIdx[v] = i
		f.reader[i] = kind[v]
	}
}

// cmdSource returns where the command value e comes from, for a read
// (direct says whether a queued call on an untracked pipeline counts).
func (f *function) cmdSource(e ast.Expr, direct bool) source {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if i, ok := f.siteIdx[e]; ok && (direct || f.sitePipe[i] != nil) {
			return source{i, -1}
		}
	case *ast.Ident:
		if v, ok := f.r.info.Uses[e].(*types.Var); ok {
			if i, ok := f.varIdx[v]; ok && f.reader[i].kind == redisapi.NoRead {
				return source{-1, i}
			}
		}
	}
	return noSource
}

// valueSource returns where a value assigned to a tracked variable comes
// from: a command, or a method value reading one.
func (f *function) valueSource(e ast.Expr) source {
	if e == nil {
		return noSource
	}
	if s := f.cmdSource(e, false); s.ok() {
		return s
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if redisapi.ReplyOf(f.r.info, e) != redisapi.NoRead {
			return f.cmdSource(e.X, true)
		}
	case *ast.Ident:
		if v, ok := f.r.info.Uses[e].(*types.Var); ok {
			if i, ok := f.varIdx[v]; ok {
				return source{-1, i}
			}
		}
	}
	return noSource
}

// buildEvents lists the events of every node of the graph.
func (f *function) buildEvents() {
	for _, b := range f.g.Blocks {
		for _, n := range b.Nodes {
			f.nodes[n] = true
			if evs := f.nodeEvents(b, n); len(evs) > 0 {
				f.events[n] = evs
			}
		}
	}
}

func (f *function) nodeEvents(b *cfg.Block, n ast.Node) []event {
	var evs []event
	info := f.r.info
	// zdef records the assignment of a variable that may hold a reply's
	// value: the read call it takes its value from, if any.
	zdef := func(lhs ast.Expr, rhs ast.Expr, multi, none bool) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		z, ok := f.zIdx[v]
		if !ok {
			return
		}
		call, _ := ast.Unparen(rhs).(*ast.CallExpr)
		evs = append(evs, event{kind: evZero, v: z, call: call, multi: multi, none: none})
	}
	def := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		i, ok := f.varIdx[v]
		if !ok {
			return
		}
		evs = append(evs, event{kind: evDef, v: i, src: f.valueSource(rhs)})
	}
	if rs, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeBody && (n == rs.Key || n == rs.Value) {
		def(n.(ast.Expr), nil)
		zdef(n.(ast.Expr), nil, false, false)
		return evs
	}
	var deferred *ast.CallExpr
	if d, ok := n.(*ast.DeferStmt); ok {
		deferred = d.Call // runs at return, not here
	}
	var stack []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top := top.(type) {
			case *ast.CallExpr:
				if top != deferred {
					evs = f.callEvent(evs, top)
				}
			case *ast.IncDecStmt:
				zdef(top.X, nil, false, false)
			case *ast.AssignStmt:
				for i, l := range top.Lhs {
					switch {
					case top.Tok != token.ASSIGN && top.Tok != token.DEFINE:
						zdef(l, nil, false, false)
					case len(top.Lhs) == len(top.Rhs):
						zdef(l, top.Rhs[i], false, false)
					default:
						zdef(l, top.Rhs[0], true, false)
					}
				}
				if top.Tok != token.ASSIGN && top.Tok != token.DEFINE || len(top.Lhs) != len(top.Rhs) {
					for _, l := range top.Lhs {
						def(l, nil)
					}
					break
				}
				// All values are computed before any variable is assigned.
				srcs := make([]source, len(top.Rhs))
				for i, r := range top.Rhs {
					srcs[i] = f.valueSource(r)
				}
				for i, l := range top.Lhs {
					id, ok := ast.Unparen(l).(*ast.Ident)
					if !ok {
						continue
					}
					v, _ := info.ObjectOf(id).(*types.Var)
					if vi, ok := f.varIdx[v]; ok {
						evs = append(evs, event{kind: evDef, v: vi, src: srcs[i]})
					}
				}
			case *ast.ValueSpec:
				for i, name := range top.Names {
					var rhs ast.Expr
					switch {
					case len(top.Values) == len(top.Names):
						rhs = top.Values[i]
						zdef(name, rhs, false, false)
					case len(top.Values) == 0:
						zdef(name, nil, false, true)
					default:
						zdef(name, top.Values[0], true, false)
					}
					def(name, rhs)
				}
			case *ast.Ident:
				if v, ok := info.Uses[top].(*types.Var); ok {
					if _, ok := f.zIdx[v]; ok {
						f.zUses[n] = true
					}
				}
			}
			return true
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false // runs some other time, if ever
		}
		stack = append(stack, x)
		return true
	})
	return evs
}

// callEvent appends the event of call, if any.
func (f *function) callEvent(evs []event, call *ast.CallExpr) []event {
	info := f.r.info
	if _, ok := f.siteIdx[call]; ok {
		return evs // queuing runs nothing
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if rk := redisapi.ReplyOf(info, fun); rk != redisapi.NoRead {
			if s := f.cmdSource(fun.X, true); s.ok() {
				return append(evs, event{kind: evRead, src: s, call: call, method: fun.Sel.Name, kind2: rk})
			}
			return evs // a reply read of another command runs nothing
		}
		if id, ok := ast.Unparen(fun.X).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				if p, ok := f.pipeOf[v]; ok {
					if redisapi.LifecycleOf(info, call) == redisapi.ExecsPipe {
						f.execs[v] = append(f.execs[v], call)
					}
					return append(evs, event{kind: evExec, call: call, pipe: p})
				}
			}
		}
	case *ast.Ident:
		if v, ok := info.Uses[fun].(*types.Var); ok {
			if i, ok := f.varIdx[v]; ok && f.reader[i].kind != redisapi.NoRead {
				return append(evs, event{kind: evRead, src: source{-1, i}, call: call, method: f.reader[i].method, kind2: f.reader[i].kind})
			}
		}
	}
	if !f.weakSet.empty() && mayRun(info, call) {
		evs = append(evs, event{kind: evCall, call: call})
	}
	return evs
}

// mayRun reports whether call may run code that can reach a pipeline
// through an alias: anything but conversions, builtins, and functions and
// methods of the standard library and go-redis.
func mayRun(info *types.Info, call *ast.CallExpr) bool {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return false
		}
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return true
	}
	path := fn.Pkg().Path()
	return redisapi.MajorOf(path) == 0 && !stdpkg.Is(path)
}

// state is what is known at a point of the graph: for each tracked
// variable, the sites whose pending command it may hold (may), and whether
// it holds one on every path (must).
type state struct {
	may  []set
	must []bool
	zero []bool // per zvars: holds an empty reply's value on every path
}

func (f *function) newState() state {
	s := state{may: make([]set, len(f.vars)), must: make([]bool, len(f.vars)), zero: make([]bool, len(f.zvars))}
	for i := range s.may {
		s.may[i] = newSet(f.words)
	}
	return s
}

func (s state) clone() state {
	c := state{may: make([]set, len(s.may)), must: slices.Clone(s.must), zero: slices.Clone(s.zero)}
	for i, m := range s.may {
		c.may[i] = slices.Clone(m)
	}
	return c
}

func (s state) equal(t state) bool {
	if !slices.Equal(s.must, t.must) || !slices.Equal(s.zero, t.zero) {
		return false
	}
	for i := range s.may {
		if !slices.Equal(s.may[i], t.may[i]) {
			return false
		}
	}
	return true
}

// join merges t into s: union for may, and for must.
func (s state) join(t state) {
	for i := range s.may {
		s.may[i].union(t.may[i])
		s.must[i] = s.must[i] && t.must[i]
	}
	for i := range s.zero {
		s.zero[i] = s.zero[i] && t.zero[i]
	}
}

// apply runs one event on s; at a read it calls see with the sites that
// may be read and whether one is read on every path.
func (f *function) apply(s state, ev event, see func(event, set, bool)) {
	switch ev.kind {
	case evDef:
		switch {
		case ev.src.site >= 0:
			s.may[ev.v].clear()
			s.may[ev.v].add(ev.src.site)
			s.must[ev.v] = true
		case ev.src.v >= 0:
			if ev.src.v != ev.v {
				copy(s.may[ev.v], s.may[ev.src.v])
				s.must[ev.v] = s.must[ev.src.v]
			}
		default:
			s.may[ev.v].clear()
			s.must[ev.v] = false
		}
	case evExec:
		f.kill(s, f.pipeSets[ev.pipe])
	case evCall:
		f.kill(s, f.weakSet)
	case evZero:
		s.zero[ev.v] = ev.none || f.emptyValue(ev.call, ev.multi)
	case evRead:
		if see == nil {
			return
		}
		if ev.src.site >= 0 {
			one := newSet(f.words)
			one.add(ev.src.site)
			see(ev, one, true)
			return
		}
		see(ev, s.may[ev.src.v], s.must[ev.src.v])
	}
}

// kill drops the sites of ks: their pipeline has run.
func (f *function) kill(s state, ks set) {
	if ks == nil {
		return
	}
	for i := range s.may {
		if s.may[i].intersects(ks) {
			s.must[i] = false
			s.may[i].remove(ks)
		}
	}
}

// solve runs the analysis to its fixed point and returns the state at the
// entry of each live block (nil for a block no path reaches). With prune,
// a successor that a block's condition never leads to is not followed.
func (f *function) solve(prune bool) []*state {
	blocks := f.g.Blocks
	in := make([]*state, len(blocks))
	if len(blocks) == 0 {
		return in
	}
	entry := f.newState()
	in[0] = &entry
	work := []int{0}
	queued := make([]bool, len(blocks))
	queued[0] = true
	for len(work) > 0 {
		i := work[0]
		work = work[1:]
		queued[i] = false
		b := blocks[i]
		out := in[i].clone()
		for _, n := range b.Nodes {
			if prune && f.zUses[n] {
				f.zeroIn[n] = slices.Clone(out.zero)
			}
			for _, ev := range f.events[n] {
				f.apply(out, ev, nil)
			}
		}
		succs := b.Succs
		if prune {
			if k := f.infeasible(b); k >= 0 {
				succs = []*cfg.Block{b.Succs[1-k]}
			}
		}
		for _, sb := range succs {
			j := int(sb.Index)
			if in[j] == nil {
				c := out.clone()
				in[j] = &c
			} else {
				before := in[j].clone()
				in[j].join(out)
				if before.equal(*in[j]) {
					continue
				}
			}
			if !queued[j] {
				queued[j] = true
				work = append(work, j)
			}
		}
	}
	return in
}

// infeasible is Infeasible for a block of f.
func (f *function) infeasible(b *cfg.Block) int {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return -1
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return -1
	}
	switch st := b.Stmt.(type) {
	case *ast.SwitchStmt:
		if st.Tag != nil {
			return -1
		}
	case *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.RangeStmt:
		return -1
	}
	v, ok := f.value(cond)
	switch {
	case !ok:
		return -1
	case v:
		return 1
	}
	return 0
}

// zeroCandidates chooses the variables that may hold a value read from a
// reply: declared in the body, never assigned in a nested literal, never
// addressed, and assigned a reply read (n := cmd.Val()) at least once.
func (f *function) zeroCandidates(sc *scanned) {
	isRead := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			return redisapi.ReplyOf(f.r.info, fun) != redisapi.NoRead
		case *ast.Ident:
			v, ok := f.r.info.Uses[fun].(*types.Var)
			i, tracked := f.varIdx[v]
			return ok && tracked && f.reader[i].kind != redisapi.NoRead
		}
		return false
	}
	for v := range sc.local {
		if sc.addr[v] {
			continue
		}
		ok, any := true, false
		for _, a := range sc.assigns[v] {
			if a.nested {
				ok = false
			}
			if (a.rhs != nil && isRead(a.rhs)) || (a.multi != nil && isRead(a.multi)) {
				any = true
			}
		}
		if ok && any {
			f.zvars = append(f.zvars, v)
		}
	}
	slices.SortFunc(f.zvars, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	for i, v := range f.zvars {
		f.zIdx[v] = i
	}
}

// emptyValue reports whether assigning call (a result of it, when multi)
// assigns an empty reply's value: call reads a reply that is pending on
// every path, and returns only the value (Val), the error (Err) or both
// (Result).
func (f *function) emptyValue(call *ast.CallExpr, multi bool) bool {
	rd := f.reads[call]
	if call == nil || rd == nil || !rd.Always {
		return false
	}
	switch rd.Kind {
	case redisapi.ReadsVal:
		return true
	case redisapi.ReadsErr:
		return !multi
	case redisapi.ReadsResult:
		return multi
	}
	return false
}

// record walks every live block once more from its entry state and
// records the reads. The first pass (without pruning) decides Always; the
// second creates the reads that some path reaches.
func (f *function) record(in []*state, second bool) {
	for i, b := range f.g.Blocks {
		if in[i] == nil {
			continue
		}
		s := in[i].clone()
		for _, n := range b.Nodes {
			for _, ev := range f.events[n] {
				f.apply(s, ev, func(ev event, may set, must bool) {
					f.see(ev, may, must, second)
				})
			}
		}
	}
}

func (f *function) see(ev event, may set, must, second bool) {
	if ev.kind2 != redisapi.ReadsVal && may.intersects(f.early) {
		return // the error may be set already: not an empty reply
	}
	rd := f.reads[ev.call]
	if !second {
		if must {
			if rd == nil {
				rd = &Read{Call: ev.call, Method: ev.method, Kind: ev.kind2}
				f.reads[ev.call] = rd
			}
			rd.Always = true
		}
		return
	}
	if may.empty() {
		return
	}
	if rd == nil {
		rd = &Read{Call: ev.call}
		f.reads[ev.call] = rd
	}
	if rd.Queue != nil {
		return // seen already
	}
	site := may.first()
	rd.Method, rd.Kind, rd.Queue = ev.method, ev.kind2, f.sites[site]
	sel := ast.Unparen(rd.Queue.Fun).(*ast.SelectorExpr)
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
		rd.Pipe, _ = f.r.info.Uses[id].(*types.Var)
	}
	if rd.Pipe != nil {
		for _, e := range f.execs[rd.Pipe] {
			if e.Pos() > ev.call.Pos() {
				rd.Runner = e
				break
			}
		}
		if rd.Runner == nil {
			rd.Runner = f.r.pipe(rd.Pipe).runner
		}
	}
	f.readList = append(f.readList, rd)
}

// set is a bit set of sites.
type set []uint64

func newSet(words int) set { return make(set, words) }

func (s set) add(i int) { s[i/64] |= 1 << (i % 64) }
func (s set) clear()    { clear(s) }
func (s set) union(t set) {
	for i := range s {
		s[i] |= t[i]
	}
}
func (s set) remove(t set) {
	for i := range s {
		s[i] &^= t[i]
	}
}
func (s set) intersects(t set) bool {
	for i := range s {
		if s[i]&t[i] != 0 {
			return true
		}
	}
	return false
}
func (s set) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}
func (s set) first() int {
	for i, w := range s {
		if w != 0 {
			return i*64 + bits.TrailingZeros64(w)
		}
	}
	return -1
}
