package pipelineloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/redisapi"
)

// This file holds the def-use half of the analysis: whether a command's
// reply flows into a later iteration or into the loop's exit. The check is
// flow-insensitive and over-approximates the flows (a struct field, a map
// entry or a slice element taints its variable's path), which errs towards
// silence.

// A level is what a value derives from.
type level uint8

const (
	clean    level = iota
	errorish       // a command's error, and nothing of its reply
	reply          // a command's reply value
)

// A path is a variable, or a chain of fields in one: s, s.cache.
type path struct {
	obj    types.Object
	fields string // "" for the variable itself, ".cache" for s.cache
}

// pathOf returns the variable path that e reads or writes: x, x.f, x[i]
// (the element of x counts as x), *x.
func pathOf(info *types.Info, e ast.Expr) (path, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(e).(*types.Var); ok {
			return path{obj: v}, true
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok {
			if s.Kind() != types.FieldVal {
				return path{}, false
			}
			p, ok := pathOf(info, e.X)
			if !ok {
				return path{}, false
			}
			p.fields += "." + e.Sel.Name
			return p, true
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok { // pkg.Var
			return path{obj: v}, true
		}
	case *ast.IndexExpr:
		return pathOf(info, e.X)
	case *ast.StarExpr:
		return pathOf(info, e.X)
	case *ast.SliceExpr:
		return pathOf(info, e.X)
	}
	return path{}, false
}

// overlaps reports whether two field chains of one variable share storage:
// one is the other or contains it.
func overlaps(a, b string) bool {
	return a == b || strings.HasPrefix(b, a+".") || strings.HasPrefix(a, b+".")
}

// A flow propagates levels through the assignments of one loop. With
// sources set, commands are where levels start: a reply is reply, an error
// errorish. Without, levels start only at the seeds (values carried from an
// earlier iteration) and a command's result has the level of its
// arguments.
type flow struct {
	c       *checker
	info    *types.Info
	sources bool
	levels  map[types.Object]map[string]level
	cmdVars map[types.Object]bool // variables holding a command: cmd := rdb.Get(...)
}

func newFlow(c *checker, sources bool) *flow {
	return &flow{c: c, info: c.pass.TypesInfo, sources: sources, levels: map[types.Object]map[string]level{}, cmdVars: map[types.Object]bool{}}
}

func (f *flow) get(p path) level {
	lv := clean
	for fields, l := range f.levels[p.obj] {
		if overlaps(fields, p.fields) {
			lv = max(lv, l)
		}
	}
	return lv
}

func (f *flow) set(e ast.Expr, lv level) bool {
	lv = max(lv, f.indexLevel(e))
	if lv == clean {
		return false
	}
	p, ok := pathOf(f.info, e)
	if !ok {
		return false
	}
	return f.setPath(p, lv)
}

// indexLevel returns the level of the indexes in a written expression:
// seen[m] = true makes seen depend on m.
func (f *flow) indexLevel(e ast.Expr) level {
	lv := clean
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			lv = max(lv, f.taint(x.Index))
			e = x.X
			continue
		case *ast.SelectorExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		}
		return lv
	}
}

func (f *flow) setPath(p path, lv level) bool {
	m := f.levels[p.obj]
	if m == nil {
		m = map[string]level{}
		f.levels[p.obj] = m
	}
	if m[p.fields] >= lv {
		return false
	}
	m[p.fields] = lv
	return true
}

// cmdSource reports whether e evaluates to a command: a command call or a
// variable that holds one.
func (f *flow) cmdSource(e ast.Expr) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		return f.c.isCommand(call)
	}
	p, ok := pathOf(f.info, e)
	return ok && f.cmdVars[p.obj]
}

// sourceLevel returns the level of a command value e (cmdSource).
func (f *flow) sourceLevel(e ast.Expr) level {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if f.sources {
			return reply
		}
		lv := clean
		for _, arg := range call.Args {
			lv = max(lv, f.taint(arg))
		}
		if cmd, ok := f.c.commandAt(call); ok {
			lv = max(lv, f.clientLevel(cmd))
		}
		return lv
	}
	p, _ := pathOf(f.info, e)
	return f.get(p)
}

// clientLevel returns the level of the client a command is sent on.
func (f *flow) clientLevel(cmd *command) level {
	if p, ok := clientPath(f.info, cmd.recv, cmd.sel); ok {
		return f.get(p)
	}
	return f.taint(cmd.recv)
}

// cmdMethod classifies a method called on a command (cmd.Val(), cmd.Err(),
// rdb.Get(...).Result()). With sources, a method whose only result is an
// error yields the command's error, any other its reply; without, the
// command's own level. The method's arguments (Scan's destinations) are
// outputs, not inputs.
func (f *flow) cmdMethod(call *ast.CallExpr) (level, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return clean, false
	}
	if s, ok := f.info.Selections[sel]; !ok || s.Kind() != types.MethodVal || !f.cmdSource(sel.X) {
		return clean, false
	}
	lv := f.sourceLevel(sel.X)
	if !f.sources || lv == clean {
		return lv, true
	}
	sig, ok := f.info.TypeOf(sel).(*types.Signature)
	if !ok {
		return clean, false
	}
	switch {
	case sig.Results().Len() == 0:
		return clean, true // SetErr, SetVal
	case sig.Results().Len() == 1 && isError(sig.Results().At(0).Type()):
		return errorish, true
	}
	return reply, true
}

// taint returns the level of the value n computes.
func (f *flow) taint(n ast.Node) level {
	if n == nil {
		return clean
	}
	lv := clean
	ast.Inspect(n, func(n ast.Node) bool {
		if lv == reply {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if f.c.isCommand(n) {
				lv = max(lv, f.sourceLevel(n)) // the command itself, kept or passed on
				return false
			}
			if l, ok := f.cmdMethod(n); ok {
				lv = max(lv, l)
				return false
			}
			if f.besideClient(n) {
				// r.key(id): a method of the struct that holds the client
				// builds its result from its arguments.
				for _, arg := range n.Args {
					lv = max(lv, f.taint(arg))
				}
				return false
			}
		case *ast.Ident:
			if p, ok := pathOf(f.info, n); ok {
				lv = max(lv, f.get(p))
			}
			return false
		case *ast.SelectorExpr:
			if p, ok := pathOf(f.info, n); ok {
				lv = max(lv, f.get(p))
				return false
			}
		}
		return true
	})
	return lv
}

// flowNodes lists the statements and calls of l that move values, function
// literals included (a closure can carry a reply out of an iteration).
func flowNodes(l *loop) []ast.Node {
	var nodes []ast.Node
	ast.Inspect(l.body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.AssignStmt, *ast.ValueSpec, *ast.RangeStmt, *ast.CallExpr, *ast.TypeSwitchStmt, *ast.IncDecStmt:
			nodes = append(nodes, n)
		}
		return true
	})
	if s, ok := l.stmt.(*ast.ForStmt); ok && s.Post != nil {
		nodes = append(nodes, s.Post)
	}
	return nodes
}

// run propagates levels over nodes until nothing changes.
func (f *flow) run(nodes []ast.Node) {
	for range 50 { // levels only grow over finitely many paths; the bound is a safeguard
		changed := false
		for _, n := range nodes {
			if f.apply(n) {
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

func (f *flow) apply(n ast.Node) bool {
	changed := false
	switch n := n.(type) {
	case *ast.AssignStmt:
		changed = f.assign(n.Lhs, n.Rhs)
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(n.Names))
		for i, id := range n.Names {
			lhs[i] = id
		}
		changed = f.assign(lhs, n.Values)
	case *ast.RangeStmt:
		lv := f.taint(n.X)
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if e != nil && f.set(e, lv) {
				changed = true
			}
		}
	case *ast.IncDecStmt:
		changed = f.set(n.X, clean) // counts[v]++
	case *ast.TypeSwitchStmt:
		var x ast.Expr
		switch a := n.Assign.(type) {
		case *ast.AssignStmt:
			if len(a.Rhs) == 1 {
				if ta, ok := a.Rhs[0].(*ast.TypeAssertExpr); ok {
					x = ta.X
				}
			}
		}
		if lv := f.taint(x); lv != clean {
			for _, cc := range n.Body.List {
				if obj := f.info.Implicits[cc]; obj != nil {
					m := f.levels[obj]
					if m == nil {
						m = map[string]level{}
						f.levels[obj] = m
					}
					if m[""] < lv {
						m[""] = lv
						changed = true
					}
				}
			}
		}
	case *ast.CallExpr:
		changed = f.call(n)
	}
	return changed
}

func (f *flow) assign(lhs, rhs []ast.Expr) bool {
	changed := false
	switch {
	case len(lhs) == len(rhs):
		for i := range lhs {
			if f.cmdSource(rhs[i]) {
				if p, ok := pathOf(f.info, lhs[i]); ok && !f.cmdVars[p.obj] {
					f.cmdVars[p.obj] = true
					changed = true
				}
				if f.set(lhs[i], f.sourceLevel(rhs[i])) {
					changed = true
				}
				continue
			}
			lv := f.taint(rhs[i])
			if call, ok := ast.Unparen(rhs[i]).(*ast.CallExpr); ok {
				lv = f.parseLevel(call, f.info.TypeOf(call), lv)
			}
			if f.set(lhs[i], lv) {
				changed = true
			}
		}
	case len(rhs) == 1:
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			if src, ok := f.cmdMethod(call); ok { // v, err := cmd.Result()
				tuple, _ := f.info.TypeOf(call).(*types.Tuple)
				for i, e := range lhs {
					lv := src
					if f.sources && src != clean {
						lv = reply
						if tuple != nil && i < tuple.Len() && isError(tuple.At(i).Type()) {
							lv = errorish
						}
					}
					if f.set(e, lv) {
						changed = true
					}
				}
				return changed
			}
		}
		lv := f.taint(rhs[0])
		call, _ := ast.Unparen(rhs[0]).(*ast.CallExpr)
		tuple, _ := f.info.TypeOf(rhs[0]).(*types.Tuple)
		for i, e := range lhs {
			elv := lv
			if call != nil && tuple != nil && i < tuple.Len() {
				elv = f.parseLevel(call, tuple.At(i).Type(), lv) // n, err := strconv.Atoi(v)
			}
			if f.set(e, elv) {
				changed = true
			}
		}
	}
	return changed
}

// call propagates through a call's side effects: cmd.Scan(&dst) fills dst
// with the reply, json.Unmarshal([]byte(v), &out) fills out, sb.WriteString(v)
// changes sb.
func (f *flow) call(call *ast.CallExpr) bool {
	if f.c.isCommand(call) {
		return false // a command does not change its client
	}
	changed := false
	writable := func(arg ast.Expr, lv level) {
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
			if f.setBesideClient(u.X, lv) {
				changed = true
			}
			return
		}
		switch f.info.TypeOf(arg).(type) {
		case *types.Pointer, *types.Slice, *types.Map, *types.Chan:
			if f.setBesideClient(arg, lv) {
				changed = true
			}
		}
	}
	if _, ok := f.cmdMethod(call); ok {
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if lv := f.sourceLevel(sel.X); lv != clean {
			for _, arg := range call.Args {
				writable(arg, lv) // cmd.Scan(&dst)
			}
		}
		return changed
	}
	lvArgs := clean
	for _, arg := range call.Args {
		lvArgs = max(lvArgs, f.taint(arg))
	}
	var recv ast.Expr
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := f.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			recv = sel.X
		}
	}
	all := max(lvArgs, f.taint(recv))
	if all != clean {
		for _, arg := range call.Args {
			writable(arg, all)
		}
	}
	if recv != nil && lvArgs != clean && f.setBesideClient(recv, lvArgs) {
		changed = true
	}
	return changed
}

// setBesideClient is set for a value a call may change: a struct that
// holds a go-redis client (s.note(v), save(&s, v)) may change its other
// fields, not the client, so only those take the level. A call does not
// make the client depend on what it was handed.
func (f *flow) setBesideClient(e ast.Expr, lv level) bool {
	if isClient(f.info.TypeOf(e)) {
		return false
	}
	st, ok := deref(f.info.TypeOf(e)).Underlying().(*types.Struct)
	if !ok || !holdsClient(st) {
		return f.set(e, lv)
	}
	lv = max(lv, f.indexLevel(e))
	p, ok := pathOf(f.info, e)
	if !ok || lv == clean {
		return false
	}
	changed := false
	for fld := range st.Fields() {
		if isClient(fld.Type()) {
			continue
		}
		q := p
		q.fields += "." + fld.Name()
		if f.setPath(q, lv) {
			changed = true
		}
	}
	return changed
}

// besideClient reports whether call is a method call on a struct that
// holds a go-redis client.
func (f *flow) besideClient(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if s, ok := f.info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
		return false
	}
	st, ok := deref(f.info.TypeOf(sel.X)).Underlying().(*types.Struct)
	return ok && holdsClient(st)
}

// isClient reports whether t is a go-redis type or a pointer to one.
func isClient(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && redisapi.IsClient(n.Obj().Pkg().Path())
}

// holdsClient reports whether a field of st is a go-redis client.
func holdsClient(st *types.Struct) bool {
	for fld := range st.Fields() {
		if isClient(fld.Type()) {
			return true
		}
	}
	return false
}

// parsesReply reports whether call decodes a value (strconv.Atoi,
// json.Unmarshal, time.Parse, a Decoder's Decode): the error it returns
// says the value was malformed, so an exit on it is an error exit, like
// one on the command's own error.
func parsesReply(info *types.Info, call *ast.CallExpr) bool {
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	if redisapi.IsRedigo(path) && redigoReplyHelper(fn) {
		return true // redis.String(conn.Do("GET", k))
	}
	switch {
	case path == "strconv", strings.HasPrefix(path, "encoding/"):
		return strings.HasPrefix(name, "Parse") || strings.HasPrefix(name, "Atoi") || strings.HasPrefix(name, "Unquote") ||
			strings.HasPrefix(name, "Unmarshal") || strings.HasPrefix(name, "Decode")
	case path == "time":
		return strings.HasPrefix(name, "Parse")
	case path == "net/url", path == "net/netip", path == "math/big":
		return strings.HasPrefix(name, "Parse") || name == "SetString"
	case path == "google.golang.org/protobuf/proto", path == "github.com/golang/protobuf/proto",
		strings.HasPrefix(path, "github.com/vmihailenco/msgpack"), path == "github.com/json-iterator/go",
		path == "github.com/goccy/go-json", path == "github.com/bytedance/sonic":
		return strings.HasPrefix(name, "Unmarshal") || strings.HasPrefix(name, "Decode")
	}
	return false
}

// redigoReplyHelper reports whether fn is one of redigo's reply helpers
// (redis.String, Int64, Values, StringMap, ...): a function of (reply
// interface{}, err error) whose last result is an error, the command's own
// or one that says the reply did not convert.
func redigoReplyHelper(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Recv() != nil || sig.Params().Len() != 2 || sig.Results().Len() == 0 {
		return false
	}
	first, ok := types.Unalias(sig.Params().At(0).Type()).Underlying().(*types.Interface)
	return ok && first.Empty() && isError(sig.Params().At(1).Type()) && isError(sig.Results().At(sig.Results().Len()-1).Type())
}

// parseLevel returns the level of a result of a parsing call whose input
// has level lv: its error is errorish, its value the input's level.
func (f *flow) parseLevel(call *ast.CallExpr, t types.Type, lv level) level {
	if lv != clean && isError(t) && parsesReply(f.info, call) {
		return errorish
	}
	if cmd, ok := f.c.commandAt(call); ok && (cmd.fn != nil || cmd.client == redisapi.Redigo) && lv == reply && isError(t) {
		return errorish // u, err := repo.User(ctx, id), v, err := conn.Do("GET", k): err is the call's failure
	}
	return lv
}

// sequential reports whether l's iterations depend on each other through
// replies: a reply reaches the loop's exit, or a value carried from one
// iteration to the next reaches a command, a decision to send one, or the
// loop's condition.
func (c *checker) sequential(l *loop) bool {
	if l.seqKnown {
		return l.seq
	}
	l.seqKnown = true
	l.seq = c.computeSequential(l)
	return l.seq
}

func (c *checker) computeSequential(l *loop) bool {
	nodes := flowNodes(l)
	f := newFlow(c, true)
	f.run(nodes)

	for _, e := range c.exits(l) {
		if !c.exitAllowed(f, l, e) {
			return true
		}
	}

	// Values carried into the next iteration: variables declared outside
	// the body that receive a reply in it.
	g := newFlow(c, false)
	for obj, m := range f.levels {
		if !c.carried(l, obj) {
			continue
		}
		for fields, lv := range m {
			if lv == reply && (fields != "" || !c.overwritten(l, obj)) {
				if g.levels[obj] == nil {
					g.levels[obj] = map[string]level{}
				}
				g.levels[obj][fields] = reply
			}
		}
	}
	if len(g.levels) == 0 {
		return false
	}
	for obj := range f.cmdVars {
		g.cmdVars[obj] = true
	}
	g.run(nodes)

	if s, ok := l.stmt.(*ast.ForStmt); ok && (g.taint(s.Cond) != clean || g.taint(s.Post) != clean) {
		return true
	}
	for _, cmd := range l.cmds {
		if g.clientLevel(cmd) != clean {
			return true
		}
		for _, arg := range cmd.call.Args {
			if g.taint(arg) != clean {
				return true
			}
		}
	}
	// A carried value that decides whether a command is sent or the
	// iteration is cut short: if last != "" { rdb.Set(...) }, if seen[m] { continue }.
	decides := false
	inspectOutsideLits(l.body, func(n ast.Node) bool {
		var conds []ast.Node
		switch n := n.(type) {
		case *ast.IfStmt:
			conds = []ast.Node{n.Cond}
		case *ast.SwitchStmt:
			conds = []ast.Node{n.Tag}
			for _, cc := range n.Body.List {
				for _, e := range cc.(*ast.CaseClause).List {
					conds = append(conds, e)
				}
			}
		case *ast.TypeSwitchStmt:
			conds = []ast.Node{n.Assign}
		case *ast.ForStmt:
			conds = []ast.Node{n.Cond}
		case *ast.RangeStmt:
			conds = []ast.Node{n.X}
		default:
			return !decides
		}
		for _, cond := range conds {
			if g.taint(cond) != clean && c.sendsOrJumps(n) {
				decides = true
			}
		}
		return !decides
	})
	return decides
}

// carried reports whether obj keeps its value from one iteration of l to
// the next: it is declared outside the body and is not a range variable of
// l, which each iteration assigns afresh.
func (c *checker) carried(l *loop, obj types.Object) bool {
	if within(obj.Pos(), l.body) {
		return false
	}
	if r, ok := l.stmt.(*ast.RangeStmt); ok {
		for _, e := range []ast.Expr{r.Key, r.Value} {
			if p, ok := pathOf(c.pass.TypesInfo, e); ok && e != nil && p.obj == obj {
				return false
			}
		}
	}
	return true
}

// overwritten reports whether every iteration assigns obj before reading
// it: the first statement of the body that mentions obj is a plain
// assignment to it that does not read it, and the loop's condition and post
// statement do not mention it. var v string; for ... { v = get(); use(v) }
// carries nothing.
func (c *checker) overwritten(l *loop, obj types.Object) bool {
	if s, ok := l.stmt.(*ast.ForStmt); ok && (c.mentions(s.Cond, obj) || c.mentions(s.Post, obj)) {
		return false
	}
	for _, stmt := range l.body.List {
		if !c.mentions(stmt, obj) {
			continue
		}
		a, ok := stmt.(*ast.AssignStmt)
		if !ok || a.Tok != token.ASSIGN {
			return false
		}
		target := false
		for _, e := range a.Lhs {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
				target = true
			} else if c.mentions(e, obj) {
				return false
			}
		}
		for _, e := range a.Rhs {
			if c.mentions(e, obj) {
				return false
			}
		}
		return target
	}
	return false
}

func (c *checker) mentions(n ast.Node, obj types.Object) bool {
	if n == nil {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
			found = true
		}
		return !found
	})
	return found
}

// sendsOrJumps reports whether n, outside function literals, sends a
// command or leaves its statement (break, continue, return, goto, an exit
// call).
func (c *checker) sendsOrJumps(n ast.Node) bool {
	found := false
	inspectOutsideLits(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BranchStmt, *ast.ReturnStmt:
			found = true
		case *ast.CallExpr:
			if c.isCommand(n) || exitCall(c.pass.TypesInfo, n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// exitCall reports whether call ends the goroutine or the program: panic,
// os.Exit, runtime.Goexit, log.Fatal and log.Panic and their variants, and
// a test's Fatal, FailNow and Skip.
func exitCall(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() == "Exit"
	case "runtime":
		return fn.Name() == "Goexit"
	case "log":
		return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic")
	case "testing":
		return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Skip") || fn.Name() == "FailNow"
	}
	return false
}

// exits returns the statements and calls in l's body that leave the loop:
// return, goto, break of l or of a statement around it, continue of an
// outer loop, and exit calls.
func (c *checker) exits(l *loop) []inspector.Cursor {
	body, ok := l.cur.FindNode(l.body)
	if !ok {
		return nil
	}
	var out []inspector.Cursor
	body.Inspect(nil, func(cur inspector.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out = append(out, cur)
		case *ast.CallExpr:
			if exitCall(c.pass.TypesInfo, n) {
				out = append(out, cur)
			}
		case *ast.BranchStmt:
			switch n.Tok {
			case token.GOTO:
				out = append(out, cur)
			case token.BREAK, token.CONTINUE:
				target := branchTarget(cur)
				if target == nil || (!within(target.Pos(), l.body) && (n.Tok == token.BREAK || target != l.stmt)) {
					out = append(out, cur)
				}
			}
		}
		return true
	})
	return out
}

// branchTarget returns the statement a break or continue at cur leaves or
// continues, or nil when it cannot be found.
func branchTarget(cur inspector.Cursor) ast.Stmt {
	br := cur.Node().(*ast.BranchStmt)
	for anc := range cur.Parent().Enclosing() {
		switch n := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.LabeledStmt:
			if br.Label != nil && n.Label.Name == br.Label.Name {
				return n.Stmt
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if br.Label == nil {
				return n.(ast.Stmt)
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if br.Label == nil && br.Tok == token.BREAK {
				return n.(ast.Stmt)
			}
		}
	}
	return nil
}

// A guard is a condition under which an exit runs.
type guard struct {
	node ast.Node // what the condition reads
	expr ast.Expr // the condition, when its polarity is known
	pol  bool     // the exit runs when expr has this value
}

// exitAllowed reports whether the exit at e leaves l only on a command's
// failure, or on a condition that no reply decides (a limit on i, the
// context's end): such exits do not make the loop sequential. An exit that
// runs on every pass, on a reply's value, or on a command's success (a retry
// loop) does.
func (c *checker) exitAllowed(f *flow, l *loop, e inspector.Cursor) bool {
	var guards []guard
	enclosed := false
	for cur := e; ; cur = cur.Parent() {
		parent := cur.Parent()
		if !parent.Valid() {
			return false
		}
		switch p := parent.Node().(type) {
		case *ast.IfStmt:
			switch cur.ParentEdgeKind() {
			case edge.IfStmt_Body:
				guards, enclosed = append(guards, guard{p.Cond, p.Cond, true}), true
			case edge.IfStmt_Else:
				guards, enclosed = append(guards, guard{p.Cond, p.Cond, false}), true
			}
		case *ast.CaseClause:
			if cur.ParentEdgeKind() == edge.CaseClause_Body {
				enclosed = true
				guards = append(guards, c.caseGuards(parent)...)
				guards = append(guards, c.precedingGuards(parent, p.Body[:cur.ParentEdgeIndex()])...)
			}
		case *ast.CommClause:
			enclosed = true
		case *ast.ForStmt:
			if cur.ParentEdgeKind() == edge.ForStmt_Body {
				enclosed = true
				if p.Cond != nil {
					guards = append(guards, guard{p.Cond, p.Cond, true})
				}
			}
		case *ast.RangeStmt:
			if cur.ParentEdgeKind() == edge.RangeStmt_Body {
				enclosed = true
				guards = append(guards, guard{node: p.X})
			}
		case *ast.BlockStmt:
			guards = append(guards, c.precedingGuards(parent, p.List[:cur.ParentEdgeIndex()])...)
		}
		if parent.Node() == l.body {
			break
		}
	}

	failure, replied := false, false
	for _, g := range guards {
		if g.expr != nil && f.impliesFailure(g.expr, g.pol) {
			failure = true
		}
		if f.taint(g.node) != clean {
			replied = true
		}
	}
	switch {
	case failure:
		return true // if err != nil { return err }
	case !enclosed:
		return false // leaves on every pass that gets this far
	}
	return !replied
}

// caseGuards returns the conditions under which the case clause at cur runs.
func (c *checker) caseGuards(cur inspector.Cursor) []guard {
	clause := cur.Node().(*ast.CaseClause)
	sw := cur.Parent().Parent().Node()
	switch sw := sw.(type) {
	case *ast.TypeSwitchStmt:
		return []guard{{node: sw.Assign}}
	case *ast.SwitchStmt:
		cond := func(e ast.Expr) ast.Expr {
			if sw.Tag == nil {
				return e
			}
			return &ast.BinaryExpr{X: sw.Tag, Op: token.EQL, Y: e}
		}
		anyOf := func(list []ast.Expr) ast.Expr {
			var or ast.Expr
			for _, e := range list {
				if or == nil {
					or = cond(e)
				} else {
					or = &ast.BinaryExpr{X: or, Op: token.LOR, Y: cond(e)}
				}
			}
			return or
		}
		var guards []guard
		for _, other := range sw.Body.List {
			other := other.(*ast.CaseClause)
			if len(other.List) == 0 {
				continue
			}
			e := anyOf(other.List)
			switch {
			case other == clause:
				guards = append(guards, guard{e, e, true})
			case clause.List == nil || other.Pos() < clause.Pos():
				guards = append(guards, guard{e, e, false}) // an earlier case, or any for default
			}
		}
		if sw.Tag != nil && len(guards) == 0 {
			guards = append(guards, guard{node: sw.Tag})
		}
		return guards
	}
	return nil
}

// precedingGuards returns the conditions under which control passes the
// statements before an exit, in the statement list at parent: an
// if err == redis.Nil { continue } before it means it runs when err is not
// redis.Nil.
func (c *checker) precedingGuards(parent inspector.Cursor, before []ast.Stmt) []guard {
	var guards []guard
	for _, s := range before {
		cur, ok := parent.FindNode(s)
		if !ok || !c.jumpsOut(cur) {
			continue
		}
		if is, ok := s.(*ast.IfStmt); ok && is.Else == nil {
			guards = append(guards, guard{is.Cond, is.Cond, false})
			continue
		}
		guards = append(guards, guard{node: s})
	}
	return guards
}

// jumpsOut reports whether the statement at cur can transfer control past
// its end: return, goto, an exit call, or a break or continue whose target
// lies outside it.
func (c *checker) jumpsOut(cur inspector.Cursor) bool {
	stmt := cur.Node()
	found := false
	cur.Inspect(nil, func(in inspector.Cursor) bool {
		switch n := in.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			switch n.Tok {
			case token.GOTO:
				found = true
			case token.BREAK, token.CONTINUE:
				if t := branchTarget(in); t == nil || !within(t.Pos(), stmt) {
					found = true
				}
			}
		case *ast.CallExpr:
			if exitCall(c.pass.TypesInfo, n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// impliesFailure reports whether e having the value pol implies that a
// command failed: err != nil, err == io.EOF, errors.Is(err, ...), with err
// holding only a command's error. A comparison with redis.Nil does not: it
// asks whether the key exists, which is the reply's content, so an exit it
// guards (if err == redis.Nil { break } in a drain loop) depends on the
// reply.
func (f *flow) impliesFailure(e ast.Expr, pol bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return f.impliesFailure(e.X, !pol)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			if pol {
				return f.impliesFailure(e.X, true) || f.impliesFailure(e.Y, true)
			}
			return f.impliesFailure(e.X, false) && f.impliesFailure(e.Y, false)
		case token.LOR:
			if pol {
				return f.impliesFailure(e.X, true) && f.impliesFailure(e.Y, true)
			}
			return f.impliesFailure(e.X, false) || f.impliesFailure(e.Y, false)
		case token.EQL, token.NEQ:
			x, y := e.X, e.Y
			if !f.errOperand(x) {
				x, y = y, x
			}
			if !f.errOperand(x) || nilReply(f.info, y) {
				return false
			}
			isNil := false
			if tv, ok := f.info.Types[y]; ok {
				isNil = tv.IsNil()
			}
			failsWhenTrue := (e.Op == token.NEQ) == isNil // err != nil, err == redis.Nil
			return pol == failsWhenTrue
		}
	case *ast.CallExpr:
		fn := calleeFunc(f.info, e)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && (fn.Name() == "Is" || fn.Name() == "As") &&
			len(e.Args) == 2 && f.errOperand(e.Args[0]) && !nilReply(f.info, e.Args[1]) {
			return pol
		}
	}
	return false
}

// nilReply reports whether e is go-redis's Nil, the error a command returns
// for a missing key or an empty list (a constant; a variable in some
// releases). redisapi classifies commands, not values, so the name is
// matched here, on a package-level object of a go-redis package.
func nilReply(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return false
	}
	obj := info.Uses[id]
	switch obj.(type) {
	case *types.Const, *types.Var:
	default:
		return false
	}
	if obj.Pkg() == nil || obj.Pkg().Scope().Lookup(obj.Name()) != obj {
		return false
	}
	switch redisapi.ClientOf(obj.Pkg().Path()) {
	case redisapi.GoRedis, redisapi.Rueidis, redisapi.ValkeyGo:
		return obj.Name() == "Nil" // redis.Nil, rueidis.Nil
	case redisapi.Redigo:
		return obj.Name() == "ErrNil"
	}
	return false
}

// errOperand reports whether e is an error value derived from a command's
// error and nothing of its reply.
func (f *flow) errOperand(e ast.Expr) bool {
	t := f.info.TypeOf(e)
	if t == nil || !types.Implements(t, errorType.Underlying().(*types.Interface)) || !types.IsInterface(t) {
		return false
	}
	return f.taint(e) == errorish
}
