package pipelineloop

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// checker holds what one pass knows about its loops.
type checker struct {
	pass   *analysis.Pass
	strict bool
	values map[types.Object]*ast.SelectorExpr // f := rdb.Set: f -> rdb.Set

	analyzed map[ast.Stmt]*loop         // memo: nested loops are asked about again
	commands map[*ast.CallExpr]*command // memo of commandAt; nil values for non-commands
}

// A dataKind says what a loop iterates over.
type dataKind uint8

const (
	notData  dataKind = iota // a channel, an unknown iterator, for {} or for cond {}
	elements                 // slice, array, pointer to array, standard iterator
	entries                  // map
	runes                    // string
	times                    // integer
	counted                  // for init; cond; post
)

// A loop is a for or range statement and what its body does.
type loop struct {
	cur    inspector.Cursor
	stmt   ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	body   *ast.BlockStmt
	kind   dataKind
	phrase string // "once per element of users", "n times"

	cmds       []*command // every command sent in the body, nested loops included, function literals excluded, in source order
	reportable []*command // those of the loop's own body (outside nested loops) on a client that is not a pipeline, with a receiver that stays the same, that run per item
	perItem    []*command // like reportable, nested loops included: what a fix of this loop would queue
	queues     bool       // a command in the body is queued on a pipeline
	blocked    bool       // a reason to stay silent was found while scanning
	litCmds    bool       // a function literal, go or defer statement in the body sends commands
	nested     []inspector.Cursor
	discarded  map[*ast.CallExpr]bool // commands whose reply and error are both dropped

	seqKnown, seq bool // memo of sequential
}

// A command is one call that sends a go-redis command.
type command struct {
	call   *ast.CallExpr
	sel    *ast.SelectorExpr // the method: call.Fun, or the selector a method value was taken from
	recv   ast.Expr          // the client expression
	kind   string            // the receiver as redisapi.Receiver names it
	cmd    redisapi.Command
	major  redisapi.Major
	direct bool // called as recv.Method(...), the shape a fix can rewrite

	// client is the client library the command is sent through: go-redis,
	// or redigo, rueidis or valkey-go, whose commands get no fix.
	client redisapi.Client

	// fn is the function of the module that the call sends its round trips
	// through (it has roundTrip), for a call that is not a command itself;
	// recv is then its receiver, or nil for a function, and sel its
	// selector, or nil.
	fn *types.Func
}

// loopAt analyzes the loop at cur, once.
func (c *checker) loopAt(cur inspector.Cursor) *loop {
	stmt := cur.Node().(ast.Stmt)
	if l, ok := c.analyzed[stmt]; ok {
		return l
	}
	l := &loop{cur: cur, stmt: stmt, discarded: map[*ast.CallExpr]bool{}}
	c.analyzed[stmt] = l
	switch s := stmt.(type) {
	case *ast.RangeStmt:
		l.body = s.Body
		l.kind, l.phrase = c.rangeKind(s)
	case *ast.ForStmt:
		l.body = s.Body
		l.kind, l.phrase = countedKind(s)
		// A command in the condition or the post statement runs every
		// iteration and its reply decides whether the loop goes on.
		for _, part := range []ast.Node{s.Cond, s.Post} {
			if part != nil && c.sendsCommand(part) {
				l.blocked = true
			}
		}
	}
	c.scan(l)
	return l
}

// rangeKind classifies a range statement's collection.
func (c *checker) rangeKind(s *ast.RangeStmt) (dataKind, string) {
	x := exprText(s.X)
	t := c.pass.TypesInfo.TypeOf(s.X)
	if t == nil {
		return notData, ""
	}
	switch u := coreType(t).(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			return times, x + " times"
		case u.Info()&types.IsString != 0:
			return runes, "once per rune of " + x
		}
	case *types.Slice, *types.Array:
		return elements, "once per element of " + x
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok {
			return elements, "once per element of " + x
		}
	case *types.Map:
		return entries, "once per entry of " + x
	case *types.Signature:
		// Range over a function: only the standard library's iterators
		// over data in memory; any other may be a stream, like a channel.
		if stdIterator(c.pass.TypesInfo, s.X) {
			return elements, "once per element of " + x
		}
	}
	return notData, ""
}

// stdIterator reports whether e is a call to a function of the slices,
// maps, strings or bytes packages (slices.Values(s), maps.Keys(m),
// strings.SplitSeq(s, ",")), which iterate over data in memory.
func stdIterator(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := calleeFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "slices", "maps", "strings", "bytes":
		return true
	}
	return false
}

// countedKind classifies a three-clause for loop: counted when its post
// statement steps a variable that its condition tests.
func countedKind(s *ast.ForStmt) (dataKind, string) {
	if s.Cond == nil || s.Post == nil {
		return notData, ""
	}
	var counter *ast.Ident
	switch p := s.Post.(type) {
	case *ast.IncDecStmt:
		counter, _ = ast.Unparen(p.X).(*ast.Ident)
	case *ast.AssignStmt:
		if len(p.Lhs) == 1 {
			counter, _ = ast.Unparen(p.Lhs[0]).(*ast.Ident)
		}
	}
	if counter == nil || !mentionsName(s.Cond, counter.Name) {
		return notData, ""
	}
	return counted, "once per iteration while " + exprText(s.Cond)
}

func mentionsName(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// exprText prints e for a message, shortened when it is long.
func exprText(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// coreType returns t's underlying type; for a type parameter, the
// underlying type of its constraint's terms when they all share one kind.
func coreType(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	var terms []types.Type
	var walk func(iface *types.Interface) bool
	walk = func(iface *types.Interface) bool {
		for i := range iface.NumEmbeddeds() {
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				for j := range e.Len() {
					terms = append(terms, e.Term(j).Type().Underlying())
				}
			default:
				inner, ok := e.Underlying().(*types.Interface)
				if !ok {
					terms = append(terms, e.Underlying())
				} else if !walk(inner) {
					return false
				}
			}
		}
		return true
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok || !walk(iface) || len(terms) == 0 {
		return nil
	}
	kind := func(t types.Type) string { return fmt.Sprintf("%T", t) }
	for _, t := range terms[1:] {
		if kind(t) != kind(terms[0]) {
			return nil
		}
	}
	return terms[0]
}

// isCommand reports whether call sends a go-redis command.
func (c *checker) isCommand(call *ast.CallExpr) bool {
	_, ok := c.commandAt(call)
	return ok
}

// commandAt returns the command that call sends, if any: a command method
// on a go-redis client (rdb.Set(...), rdb.Do(ctx, "set", ...)), a method
// expression ((*redis.Client).Set(rdb, ...)) or a method value (f(...)
// after f := rdb.Set).
func (c *checker) commandAt(call *ast.CallExpr) (*command, bool) {
	if cmd, ok := c.commands[call]; ok {
		return cmd, cmd != nil
	}
	cmd, ok := c.findCommand(call)
	c.commands[call] = cmd
	return cmd, ok
}

func (c *checker) findCommand(call *ast.CallExpr) (*command, bool) {
	if cmd, ok := c.findRedisCommand(call); ok {
		return cmd, true
	}
	if fn := c.roundTripCall(call); fn != nil {
		cmd := &command{call: call, kind: "func", fn: fn}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
				cmd.sel, cmd.recv = sel, sel.X
			}
		}
		return cmd, true
	}
	return nil, false
}

func (c *checker) findRedisCommand(call *ast.CallExpr) (*command, bool) {
	info := c.pass.TypesInfo
	var (
		sel    *ast.SelectorExpr
		recv   ast.Expr
		cmd    redisapi.Command
		direct bool
	)
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if other, ok := c.otherClientCommand(call, fun); ok {
			return other, other != nil
		}
		s, ok := info.Selections[fun]
		if !ok {
			return nil, false // redis.NewCmd(...) builds a command; it sends nothing
		}
		if cmd, ok = redisapi.CallCommand(info, call); !ok {
			return nil, false
		}
		sel = fun
		switch s.Kind() {
		case types.MethodVal:
			recv, direct = fun.X, true
		case types.MethodExpr:
			if len(call.Args) == 0 {
				return nil, false
			}
			recv = call.Args[0]
		default:
			return nil, false
		}
	case *ast.Ident:
		mv, ok := c.values[info.Uses[fun]]
		if !ok {
			return nil, false
		}
		if cmd, ok = redisapi.CommandOf(info, mv); !ok || cmd.Effect.Has(redisapi.Generic) {
			return nil, false
		}
		sel = mv
		if s := info.Selections[mv]; s.Kind() == types.MethodExpr {
			if len(call.Args) == 0 {
				return nil, false
			}
			recv = call.Args[0]
		} else {
			recv = mv.X
		}
	default:
		return nil, false
	}
	kind, ok := redisapi.Receiver(info, sel)
	if !ok {
		return nil, false
	}
	fn := info.Selections[sel].Obj().(*types.Func)
	return &command{
		call: call, sel: sel, recv: recv, kind: kind, cmd: cmd,
		major: redisapi.MajorOf(fn.Pkg().Path()), direct: direct, client: redisapi.GoRedis,
	}, true
}

// Kinds of the commands of the other clients.
const (
	kindRedigo  = "redigo"  // a redigo Do: sends and waits for the reply
	kindRueidis = "rueidis" // a rueidis or valkey-go Do of one built command
	kindQueued  = "Pipeline"
)

// connState are the commands that change what the connection's next
// commands mean (a transaction, the database, the user): a loop of them is
// not a batch of independent round trips. go-redis has methods for them
// that the table and LifecycleOf know; redigo sends them by name.
var connState = map[string]bool{
	"MULTI": true, "EXEC": true, "DISCARD": true, "WATCH": true, "UNWATCH": true,
	"SELECT": true, "AUTH": true, "HELLO": true, "RESET": true, "CLIENT REPLY": true,
}

// otherClientCommand returns the command that call sends through redigo,
// rueidis or valkey-go, with handled set when call is one of their calls
// at all (a nil command then: a send whose command is not known, which
// unknownRaw reports).
//
// redigo: conn.Do("GET", k), conn.DoContext(ctx, "GET", k) and the
// functions redis.DoContext(conn, ctx, ...), redis.DoWithTimeout(conn, d,
// ...) send a command and wait for its reply; conn.Send only writes it to
// the connection's buffer (queued, like a pipeline's). rueidis: c.Do(ctx,
// c.B()...Build()) sends one command and waits for its reply.
func (c *checker) otherClientCommand(call *ast.CallExpr, fun *ast.SelectorExpr) (cmd *command, handled bool) {
	info := c.pass.TypesInfo
	switch redisapi.CalleeClient(info, call) {
	case redisapi.Redigo:
		if !redisapi.RedigoSend(info, call) {
			return nil, false // Pool.Get, Close, Flush, redis.String...
		}
		rc, ok := redisapi.CallCommand(info, call)
		if !ok || !rc.Redigo || !redisapi.Known(rc) || connState[rc.Name] {
			return nil, true
		}
		cmd := &command{call: call, sel: fun, cmd: rc, client: redisapi.Redigo, kind: kindRedigo}
		if s, ok := info.Selections[fun]; ok {
			if s.Kind() != types.MethodVal {
				return nil, true // a method expression: rare, not followed
			}
			cmd.recv = fun.X
		} else {
			if len(call.Args) == 0 {
				return nil, true
			}
			cmd.recv = call.Args[0] // redis.DoContext(conn, ctx, ...)
		}
		if rc.Queued {
			cmd.kind = kindQueued
		}
		return cmd, true
	case redisapi.Rueidis, redisapi.ValkeyGo:
		rc, ok, sends := redisapi.RueidisDo(info, call)
		if !sends {
			return nil, false // a builder step, Dedicate, Close...
		}
		if !ok || !redisapi.Known(rc) {
			return nil, true
		}
		client := redisapi.Rueidis
		if redisapi.CalleeClient(info, call) == redisapi.ValkeyGo {
			client = redisapi.ValkeyGo
		}
		return &command{call: call, sel: fun, recv: fun.X, cmd: rc, client: client, kind: kindRueidis}, true
	}
	return nil, false
}

// unknownRaw reports whether call is a Do-style call whose command name is
// not a constant: it may be anything, a blocking command included.
func (c *checker) unknownRaw(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if other, handled := c.otherClientCommand(call, sel); handled {
		// A redigo send of a name that is not a constant or that the table
		// does not know (MULTI, WATCH), a rueidis send of a command built
		// elsewhere, or DoMulti, DoCache, DoStream, Receive: anything may
		// be sent, or a batch is sent already.
		return other == nil
	}
	cmd, ok := redisapi.CommandOf(c.pass.TypesInfo, sel)
	if !ok || !cmd.Effect.Has(redisapi.Generic) {
		return false
	}
	_, resolved := redisapi.CallCommand(c.pass.TypesInfo, call)
	return !resolved
}

// sendsCommand reports whether n, outside function literals, sends a command.
func (c *checker) sendsCommand(n ast.Node) bool {
	found := false
	inspectOutsideLits(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, ok := c.commandAt(call); ok || c.unknownRaw(call) {
				found = true
			}
		}
		return !found
	})
	return found
}

// inspectOutsideLits is ast.Inspect that does not enter function literals:
// their code runs later, elsewhere or concurrently, not in the loop's
// sequence of round trips.
func inspectOutsideLits(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// reportableKind reports whether commands on a receiver of this kind are
// round trips the analyzer reports.
func (c *checker) reportableKind(kind string) bool {
	switch kind {
	case "Client", "ClusterClient", "Ring", "Conn", "UniversalClient", kindRedigo, kindRueidis:
		return true
	case "Cmdable", "StatefulCmdable":
		return c.strict
	}
	return false // Pipeliner, Pipeline, Tx, AutoPipeliner, SentinelClient, ...
}

// scan walks the loop's body (and for a counted loop its condition and
// post statement, already checked) and records its commands and anything
// that makes batching impossible or already done.
func (c *checker) scan(l *loop) {
	info := c.pass.TypesInfo
	later := map[*ast.CallExpr]bool{} // go and defer calls: not round trips of the loop
	ast.Inspect(l.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if c.sendsCommandAnywhere(n) {
				l.litCmds = true
			}
			return false
		case *ast.GoStmt:
			later[n.Call] = true
			if c.isCommand(n.Call) {
				l.litCmds = true
			}
		case *ast.DeferStmt:
			later[n.Call] = true
			if c.isCommand(n.Call) {
				l.litCmds = true
			}
		case *ast.ExprStmt:
			if call := droppedCall(info, n.X, c); call != nil {
				l.discarded[call] = true
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && allBlank(n.Lhs) {
				if call := droppedCall(info, n.Rhs[0], c); call != nil {
					l.discarded[call] = true
				}
			}
		case *ast.SelectStmt:
			l.blocked = true // waits on channels
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				l.blocked = true // waits on a channel, a ticker or a timer
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if cur, ok := l.cur.FindNode(n); ok {
				l.nested = append(l.nested, cur)
			}
		case *ast.CallExpr:
			if !later[n] {
				c.scanCall(l, n)
			}
		}
		return true
	})
}

func (c *checker) scanCall(l *loop, call *ast.CallExpr) {
	info := c.pass.TypesInfo
	if cmd, ok := c.commandAt(call); ok {
		l.cmds = append(l.cmds, cmd)
		switch {
		case cmd.cmd.Effect.Has(redisapi.Blocks):
			l.blocked = true
		case cmd.kind == "Pipeliner" || cmd.kind == "Pipeline":
			// Queued: not a round trip. Commands sent directly beside it
			// (a read per item feeding the queued writes) still are.
			l.queues = true
		case cmd.kind == "Tx":
			l.blocked = true // part of a WATCH transaction
		case cmd.fn != nil:
			if c.invariantCall(l, cmd) {
				l.perItem = append(l.perItem, cmd)
				if c.own(l, call) {
					l.reportable = append(l.reportable, cmd)
				}
			}
		case c.reportableKind(cmd.kind) && c.invariant(l, cmd.recv, cmd.sel) && !c.perBatch(l, cmd):
			l.perItem = append(l.perItem, cmd)
			if c.own(l, call) {
				l.reportable = append(l.reportable, cmd)
			}
		}
		return
	}
	if c.unknownRaw(call) {
		l.blocked = true
		return
	}
	switch redisapi.LifecycleOf(info, call) {
	case redisapi.StartsPipe, redisapi.RunsPipe, redisapi.RunsWatch, redisapi.ExecsPipe, redisapi.Subscribes:
		l.blocked = true // a pipeline or transaction per batch, or a subscription
		return
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if kind, ok := redisapi.Receiver(info, sel); ok && kind == "PubSub" {
			l.blocked = true // receives messages
			return
		}
	}
	if waits(info, call) {
		l.blocked = true
	}
}

// invariantCall reports whether the call of a function with roundTrip uses
// the same clients in every iteration: its receiver, when it is a method,
// and its go-redis arguments are invariant. A call that picks a client per
// item (one per shard) sends to different servers.
func (c *checker) invariantCall(l *loop, cmd *command) bool {
	if cmd.recv != nil && !c.invariant(l, cmd.recv, nil) {
		return false
	}
	for _, arg := range cmd.call.Args {
		if isClient(c.pass.TypesInfo.TypeOf(arg)) && !c.invariant(l, arg, nil) {
			return false
		}
	}
	return true
}

// own reports whether call lies in l's own body: not inside a loop nested
// in it, which is a loop of its own and reported on its own. The nested
// loops around call were recorded before it, since scan walks in source
// order.
func (c *checker) own(l *loop, call *ast.CallExpr) bool {
	for _, cur := range l.nested {
		if within(call.Pos(), cur.Node()) {
			return false
		}
	}
	return true
}

// perBatch reports whether cmd runs once per batch rather than once per
// item: it lies under a condition on len(b), where b is accumulated by the
// loop (b = append(b, ...), b[k] = v), and b is among its arguments
// (rdb.SAdd(ctx, key, batch...) under if len(batch) >= 500).
func (c *checker) perBatch(l *loop, cmd *command) bool {
	info := c.pass.TypesInfo
	cur, ok := l.cur.FindNode(cmd.call)
	if !ok {
		return false
	}
	for anc := range cur.Enclosing((*ast.IfStmt)(nil)) {
		is := anc.Node().(*ast.IfStmt)
		if !within(is.Pos(), l.body) {
			break
		}
		if !within(cmd.call.Pos(), is.Body) {
			continue
		}
		for _, b := range lenOperands(info, is.Cond) {
			if slices.ContainsFunc(cmd.call.Args, func(e ast.Expr) bool { return c.mentions(e, b) }) && c.accumulates(l, b) {
				return true
			}
		}
	}
	return false
}

// lenOperands returns the variables v of the len(v) calls in cond.
func lenOperands(info *types.Info, cond ast.Expr) []types.Object {
	var out []types.Object
	ast.Inspect(cond, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
				if arg, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok {
					if v, ok := info.Uses[arg].(*types.Var); ok {
						out = append(out, v)
					}
				}
			}
		}
		return true
	})
	return out
}

// accumulates reports whether l's body adds to the variable b: b =
// append(b, ...) or b[k] = v.
func (c *checker) accumulates(l *loop, b types.Object) bool {
	info := c.pass.TypesInfo
	found := false
	inspectOutsideLits(l.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found {
			return !found
		}
		for i, lhs := range as.Lhs {
			switch lhs := ast.Unparen(lhs).(type) {
			case *ast.IndexExpr:
				if id, ok := ast.Unparen(lhs.X).(*ast.Ident); ok && info.Uses[id] == b {
					found = true
				}
			case *ast.Ident:
				if info.ObjectOf(lhs) != b || len(as.Lhs) != len(as.Rhs) {
					continue
				}
				if call, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr); ok {
					if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
						if bi, ok := info.Uses[id].(*types.Builtin); ok && bi.Name() == "append" {
							found = true
						}
					}
				}
			}
		}
		return !found
	})
	return found
}

// sendsCommandAnywhere is sendsCommand including function literals.
func (c *checker) sendsCommandAnywhere(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, ok := c.commandAt(call); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// waits reports whether call sleeps or waits on a rate limiter: a loop
// that paces its commands on purpose.
func waits(info *types.Info, call *ast.CallExpr) bool {
	fn := calleeFunc(info, call)
	if fn == nil {
		return false
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Sleep" {
		return true
	}
	// limiter.Wait(ctx), limiter.WaitN(ctx, n): golang.org/x/time/rate and
	// the many limiters shaped like it.
	if fn.Name() != "Wait" && fn.Name() != "WaitN" {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type())
}

func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

var errorType = types.Universe.Lookup("error").Type()

func isError(t types.Type) bool { return types.Identical(t, errorType) }

// droppedCall returns the command call whose reply and error e drops: e is
// the call itself (rdb.Set(...)) or its Err() (rdb.Set(...).Err()) in a
// statement that keeps nothing.
func droppedCall(info *types.Info, e ast.Expr, c *checker) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if _, ok := c.commandAt(call); ok {
		return call
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if _, ok := c.commandAt(inner); !ok {
		return nil
	}
	sig, ok := info.TypeOf(sel).(*types.Signature)
	if ok && sig.Results().Len() == 1 && isError(sig.Results().At(0).Type()) {
		return inner // .Err()
	}
	return nil
}

func allBlank(exprs []ast.Expr) bool {
	for _, e := range exprs {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

// invariant reports whether the client expression recv names the same
// client in every iteration: no variable in it is declared in the loop or
// assigned in it. Commands to a client that changes per iteration (one per
// shard) cannot share one pipeline.
func (c *checker) invariant(l *loop, recv ast.Expr, sel *ast.SelectorExpr) bool {
	info := c.pass.TypesInfo
	ok := true
	ast.Inspect(recv, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			obj, isVar := info.Uses[n].(*types.Var)
			if isVar && within(obj.Pos(), l.stmt) {
				ok = false
			}
		case *ast.CallExpr, *ast.IndexExpr:
			ok = false // a lookup may pick a different client each time
		}
		return ok
	})
	if !ok {
		return false
	}
	p, isPath := clientPath(info, recv, sel)
	if !isPath {
		return false
	}
	assigned := false
	ast.Inspect(l.stmt, func(n ast.Node) bool {
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lhs = []ast.Expr{n.X}
			}
		}
		for _, e := range lhs {
			if q, ok := pathOf(info, e); ok && q.obj == p.obj && overlaps(p.fields, q.fields) {
				assigned = true
			}
		}
		return !assigned
	})
	return !assigned
}

// clientPath returns the path of the client that a command selected by sel
// is sent on: the receiver's path, extended by the embedded fields through
// which the method is promoted (c.Client for c.Get on a struct that embeds
// *redis.Client), so that writing c.local does not count as changing the
// client.
func clientPath(info *types.Info, recv ast.Expr, sel *ast.SelectorExpr) (path, bool) {
	p, ok := pathOf(info, recv)
	if !ok {
		return p, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return p, true
	}
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			break
		}
		p.fields += "." + st.Field(i).Name()
		t = st.Field(i).Type()
	}
	return p, true
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// within reports whether pos lies inside n.
func within(pos token.Pos, n ast.Node) bool {
	return pos.IsValid() && n.Pos() <= pos && pos < n.End()
}

// methodValues finds the variables that hold a go-redis command method value
// or method expression (f := rdb.Set, g := (*redis.Client).Get) and are
// never assigned again, so that calls through them are commands too.
func methodValues(info *types.Info, insp *inspector.Inspector) map[types.Object]*ast.SelectorExpr {
	values := map[types.Object]*ast.SelectorExpr{}
	assigned := map[types.Object]int{}
	escaped := map[types.Object]bool{}
	note := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		obj := info.ObjectOf(id)
		if obj == nil {
			return
		}
		assigned[obj]++
		if sel, ok := ast.Unparen(rhs).(*ast.SelectorExpr); ok && rhs != nil {
			if _, ok := redisapi.CommandOf(info, sel); ok {
				values[obj] = sel
			}
		}
	}
	for n := range insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := n.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				note(lhs, rhs)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				note(name, rhs)
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				escaped[info.ObjectOf(id)] = true // written through a pointer, perhaps
			}
		}
	}
	for obj := range values {
		if assigned[obj] != 1 || escaped[obj] {
			delete(values, obj)
		}
	}
	return values
}

// silent reports whether l must not be reported: batching is impossible
// (a reply feeds a later iteration or the loop's exit, a command blocks),
// or already done (a pipeline per batch), or the loop is paced on purpose.
// A loop nested in l that sends commands and is itself sequential, or is
// not a loop over data (a drain loop), makes l silent too.
func (c *checker) silent(l *loop) bool {
	if l.blocked {
		return true
	}
	for _, cur := range l.nested {
		inner := c.loopAt(cur)
		if len(inner.cmds) == 0 {
			continue
		}
		if inner.kind == notData || inner.blocked || c.sequential(inner) {
			return true
		}
	}
	return c.sequential(l)
}
