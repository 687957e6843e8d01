package requirettl

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/stdpkg"
)

// An event is what one call does to key lifetimes.
type event struct {
	kind evKind
	call *ast.CallExpr
	keys []ast.Expr // evWrite, evCover, evBound, evPersist, evFields: the keys
	args []ast.Expr // evLoose: the expressions through which a key may reach unseen code
	what string     // evWrite: the command, and the wrapper it goes through
	name string     // evWrite of a raw command: the command alone, for the facts of a wrapper

	fields  []ast.Expr  // evWrite of a hash, evFields: the fields; nil when they cannot be listed
	hash    bool        // evWrite: a hash write (fields says which fields)
	unnamed bool        // evWrite: its keys cannot be named (MSet of pairs built in a slice)
	keeps   bool        // evWrite: keeps the TTL of a key that exists (not SET, GETSET, MSET)
	ttl     bool        // evCover: sets a TTL, rather than removing the key
	script  ScriptParam // evScript: the parameters that hold the script and its KEYS
}

type evKind uint8

const (
	evWrite   evKind = iota // creates a key without a TTL
	evCover                 // leaves the key with a TTL, or removes it
	evBound                 // bounds the key's size (LTRIM after a list push)
	evLoose                 // may set a TTL on a key its arguments mention, in code we cannot see
	evAny                   // may set a TTL on any key: a Lua script, a command whose name is not a constant
	evPersist               // removes the key's TTL
	evFields                // sets a TTL on hash fields of the key (HEXPIRE, HSETEX EX)
	evScript                // runs the script its caller hands it: any key, as far as the function can tell
)

// events returns what call does, computing it once.
func (c *checker) events(fi *funcInfo, call *ast.CallExpr) []*event {
	if evs, ok := c.classified[call]; ok {
		return evs
	}
	evs := c.classify(fi, call)
	c.classified[call] = evs
	return evs
}

func (c *checker) classify(fi *funcInfo, call *ast.CallExpr) []*event {
	info := c.pass.TypesInfo
	cmd, ok := redisapi.CallCommand(info, call)
	if ok {
		return c.command(fi, call, cmd)
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel != nil {
		if cmd, ok := redisapi.CommandOf(info, sel); ok && cmd.Effect.Has(redisapi.Generic) {
			return one(&event{kind: evAny, call: call}) // Do with a command that is not a constant
		}
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return nil // a conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return nil
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return c.dynamic(fi, call, sel)
	}
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return nil
	}
	if redisapi.IsClientAPI(fn.Pkg().Path()) {
		return c.clientCall(fi, call) // redigo's, rueidis's or valkey-go's own API
	}
	if redisapi.MajorOf(fn.Pkg().Path()) != 0 {
		if sig := fn.Type().(*types.Signature); sig.Recv() == nil && returnsGoRedisCmd(fn) {
			return one(&event{kind: evAny, call: call}) // NewCmd(ctx, name, ...) with a name that is not a constant
		}
		return nil // the client's own API: lifecycles, hooks, Process
	}
	if c.pending[fn] {
		return one(&event{kind: evLoose, call: call, args: allArgs(call, sel, info)}) // recursion
	}
	if fn.Pkg() != c.pass.Pkg && !c.hasFacts(fn.Pkg()) {
		return c.foreign(fn, call, sel)
	}
	sum := c.summaryOf(fn)
	if sum == nil {
		return nil // it does nothing to the keys it is handed
	}
	var evs []*event
	arg := func(i int) ast.Expr { return argFor(info, fn, call, sel, i) }
	for _, i := range sum.Expires {
		if a := arg(i); a != nil {
			evs = append(evs, &event{kind: evCover, call: call, keys: []ast.Expr{a}, ttl: !slices.Contains(sum.Removes, i)})
		}
	}
	if sum.Any {
		evs = append(evs, &event{kind: evAny, call: call})
	}
	for _, sp := range sum.Scripts {
		if ev := c.scriptArg(fi, call, arg(sp.Script), arg(sp.Keys), sp.Keys >= 0); ev != nil {
			evs = append(evs, ev)
		}
	}
	for _, i := range sum.May {
		if a := arg(i); a != nil {
			evs = append(evs, &event{kind: evLoose, call: call, args: []ast.Expr{a}})
		}
	}
	for _, w := range sum.Writes {
		if a := arg(w.Param); a != nil {
			evs = append(evs, &event{kind: evWrite, call: call, keys: []ast.Expr{a}, what: w.Command + " through " + types.ExprString(call.Fun), keeps: !w.Clears, hash: w.Hash})
		}
	}
	return evs
}

func one(e *event) []*event { return []*event{e} }

// hasFacts reports whether requirettl ran on pkg, so that the summaries
// of its functions arrive as facts: it reaches a client, is not go-redis
// itself or a package of another client's repository (rueidiscompat),
// and is not the standard library. A function of such a package
// without facts does nothing to the keys it is handed.
func (c *checker) hasFacts(pkg *types.Package) bool {
	v, ok := c.factPkgs[pkg]
	if !ok {
		v = redisapi.Reaches(pkg) && redisapi.MajorOf(pkg.Path()) == 0 && !redisapi.InClientRepo(pkg.Path()) && !stdpkg.Is(pkg.Path())
		c.factPkgs[pkg] = v
	}
	return v
}

// foreign classifies a call of another package's function, whose body the
// pass does not see. The standard library never sets a TTL. A function
// handed a go-redis client may expire any key. Any other function may
// expire a key its arguments name, as an interface method may (see
// dynamic): unless the argument is handed over as an empty interface (a
// logger's ...any formats the key, it does not name it in a command) and
// the signature has no go-redis type.
func (c *checker) foreign(fn *types.Func, call *ast.CallExpr, sel *ast.SelectorExpr) []*event {
	if stdpkg.Is(fn.Pkg().Path()) {
		return nil
	}
	info := c.pass.TypesInfo
	args := allArgs(call, sel, info)
	for _, a := range args {
		if goRedisType(info.TypeOf(a)) {
			return one(&event{kind: evAny, call: call}) // it has the client: it may run a script, or walk the keyspace
		}
	}
	if formatter(fn) {
		return nil
	}
	if !mentionsGoRedis(fn.Type()) && !methodExpr(info, sel) {
		args = typedArgs(fn, call)
	}
	if len(args) == 0 {
		return nil
	}
	return one(&event{kind: evLoose, call: call, args: args})
}

// formatter reports whether fn looks like a key builder: a function, not a
// method, that takes only strings and numbers and returns one string, such
// as keys.User(id). Such a function formats; it does not talk to Redis.
func formatter(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Recv() != nil || sig.Results().Len() != 1 || !basic(sig.Results().At(0).Type(), types.IsString) {
		return false
	}
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = t.(*types.Slice).Elem()
		}
		if !basic(t, types.IsString|types.IsNumeric) {
			return false
		}
	}
	return true
}

// basic reports whether t's underlying type is a basic type with one of
// the info bits.
func basic(t types.Type, info types.BasicInfo) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&info != 0
}

// methodExpr reports whether sel is a method expression, (*T).M, whose
// call passes the receiver as the first argument.
func methodExpr(info *types.Info, sel *ast.SelectorExpr) bool {
	if sel == nil {
		return false
	}
	s, ok := info.Selections[sel]
	return ok && s.Kind() == types.MethodExpr
}

// dynamic classifies a call through a function value or an interface
// method: whatever it is, it may expire a key its arguments mention. The
// standard library's interfaces (io.Writer, ...) and go-redis's own are
// known not to.
func (c *checker) dynamic(fi *funcInfo, call *ast.CallExpr, sel *ast.SelectorExpr) []*event {
	info := c.pass.TypesInfo
	if sel != nil {
		if s, ok := info.Selections[sel]; ok {
			if f, ok := s.Obj().(*types.Func); ok && f.Pkg() != nil && redisapi.IsClientAPI(f.Pkg().Path()) {
				return c.clientCall(fi, call) // conn.Do(cmd, ...), c.Do(ctx, cmd)
			}
		}
	}
	args := call.Args // the receiver is not handed over: it is the code that runs
	for _, a := range args {
		if goRedisType(info.TypeOf(a)) {
			return one(&event{kind: evAny, call: call}) // handed the client: it may expire anything
		}
	}
	if sel != nil {
		if s, ok := info.Selections[sel]; ok {
			if f, ok := s.Obj().(*types.Func); ok && f.Pkg() != nil {
				if redisapi.MajorOf(f.Pkg().Path()) != 0 || stdpkg.Is(f.Pkg().Path()) {
					return nil
				}
				if !mentionsGoRedis(f.Type()) {
					// A method whose signature has no go-redis type: a key
					// handed over as an empty interface (a logger's ...any)
					// is formatted, not named in a command.
					args = typedArgs(f, call)
				}
			}
		}
	}
	if len(args) == 0 {
		return nil
	}
	return one(&event{kind: evLoose, call: call, args: args})
}

// typedArgs returns the arguments of a call whose parameter is not an
// empty interface.
func typedArgs(fn *types.Func, call *ast.CallExpr) []ast.Expr {
	sig := fn.Type().(*types.Signature)
	var args []ast.Expr
	n := sig.Params().Len()
	for i, a := range call.Args {
		var t types.Type
		switch {
		case i < n-1 || (i == n-1 && !sig.Variadic()):
			t = sig.Params().At(i).Type()
		case sig.Variadic() && n > 0:
			if call.Ellipsis.IsValid() {
				continue
			}
			t = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
		default:
			continue
		}
		if iface, ok := t.Underlying().(*types.Interface); ok && iface.Empty() {
			continue
		}
		args = append(args, a)
	}
	return args
}

// allArgs returns a call's arguments and, for a method call, its receiver.
func allArgs(call *ast.CallExpr, sel *ast.SelectorExpr, info *types.Info) []ast.Expr {
	var args []ast.Expr
	if call != nil {
		args = call.Args
	}
	if sel != nil {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			args = append([]ast.Expr{sel.X}, args...)
		}
	}
	return args
}

// argFor returns the expression passed as fn's parameter i (-1: the receiver).
func argFor(info *types.Info, fn *types.Func, call *ast.CallExpr, sel *ast.SelectorExpr, i int) ast.Expr {
	sig := fn.Type().(*types.Signature)
	off := 0
	if sel != nil {
		if s, ok := info.Selections[sel]; ok {
			switch s.Kind() {
			case types.MethodVal:
				if i < 0 {
					return sel.X
				}
			case types.MethodExpr:
				if i < 0 {
					return call.Args[0]
				}
				off = 1
			}
		}
	}
	if i < 0 || i >= sig.Params().Len() || (sig.Variadic() && i == sig.Params().Len()-1) || i+off >= len(call.Args) {
		return nil
	}
	return call.Args[i+off]
}

var errorType = types.Universe.Lookup("error").Type()

// returnsGoRedisCmd reports whether fn returns a go-redis *...Cmd.
func returnsGoRedisCmd(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return false
	}
	t := res.At(0).Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && redisapi.MajorOf(n.Obj().Pkg().Path()) != 0 && strings.HasSuffix(n.Obj().Name(), "Cmd")
}

// mentionsGoRedis reports whether a signature's parameters or results
// have a go-redis type (a client, a *Cmd, an option struct).
func mentionsGoRedis(t types.Type) bool {
	sig, ok := t.(*types.Signature)
	if !ok {
		return false
	}
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := range tuple.Len() {
			if goRedisType(tuple.At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// goRedisType reports whether t is (or points to, or is a slice of) a
// type of a client: go-redis's, or redigo's, rueidis's or valkey-go's
// (a Conn, a Client, a built command), which a function handed it may
// send any command with.
func goRedisType(t types.Type) bool {
	if t == nil {
		return false
	}
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			if u.Obj().Pkg() == nil {
				return false
			}
			p := u.Obj().Pkg().Path()
			return redisapi.MajorOf(p) != 0 || redisapi.IsClientAPI(p) // a redigo Conn, a rueidis Client
		}
		return false
	}
}
