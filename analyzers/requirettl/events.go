package requirettl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/stdpkg"
)

// An event is what one call does to key lifetimes.
type event struct {
	kind evKind
	call *ast.CallExpr
	keys []ast.Expr // evWrite, evCover, evBound, evPersist: the keys
	args []ast.Expr // evLoose: the expressions through which a key may reach unseen code
	what string     // evWrite: the command, and the wrapper it goes through
}

type evKind uint8

const (
	evWrite   evKind = iota // creates a key without a TTL
	evCover                 // leaves the key with a TTL, or removes it
	evBound                 // bounds the key's size (LTRIM after a list push)
	evLoose                 // may set a TTL on a key its arguments mention, in code we cannot see
	evAny                   // may set a TTL on any key: a Lua script, a command whose name is not a constant
	evPersist               // removes the key's TTL
)

// existingOnlyModes are SET modes that only touch an existing key.
var existingOnlyModes = map[string]bool{"XX": true, "IFEQ": true, "IFDEQ": true}

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
		return c.command(call, cmd)
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
		return c.dynamic(call, sel)
	}
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return nil
	}
	if redisapi.MajorOf(fn.Pkg().Path()) != 0 {
		if sig := fn.Type().(*types.Signature); sig.Recv() == nil && returnsGoRedisCmd(fn) {
			return one(&event{kind: evAny, call: call}) // NewCmd(ctx, name, ...) with a name that is not a constant
		}
		return nil // the client's own API: lifecycles, hooks, Process
	}
	sum, known := c.summaryOf(fn)
	if !known {
		if c.pending[fn] {
			return one(&event{kind: evLoose, call: call, args: allArgs(call, sel, info)}) // recursion
		}
		if fn.Pkg() != c.pass.Pkg {
			return c.foreign(fn, call, sel)
		}
		return nil
	}
	var evs []*event
	arg := func(i int) ast.Expr { return argFor(info, fn, call, sel, i) }
	for _, i := range sum.Expires {
		if a := arg(i); a != nil {
			evs = append(evs, &event{kind: evCover, call: call, keys: []ast.Expr{a}})
		}
	}
	if sum.Any {
		evs = append(evs, &event{kind: evAny, call: call})
	}
	for _, i := range sum.May {
		if a := arg(i); a != nil {
			evs = append(evs, &event{kind: evLoose, call: call, args: []ast.Expr{a}})
		}
	}
	for _, w := range sum.Writes {
		if a := arg(w.Param); a != nil {
			evs = append(evs, &event{kind: evWrite, call: call, keys: []ast.Expr{a}, what: w.Command + " through " + types.ExprString(call.Fun)})
		}
	}
	return evs
}

func one(e *event) []*event { return []*event{e} }

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
		args = typedArgs(info, fn, call, sel)
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

// command classifies a go-redis command call.
func (c *checker) command(call *ast.CallExpr, cmd redisapi.Command) []*event {
	eff := cmd.Effect
	if eff.Has(redisapi.RunsScript) {
		return one(&event{kind: evAny, call: call})
	}
	if cmd.Raw {
		// rdb.Do(ctx, "expire", key, 60): the arguments are not laid out
		// like the method's, so any argument may be the key. A raw write
		// is not reported: its options (EX, KEEPTTL, ...) are not parsed.
		if eff&(redisapi.SetsTTL|redisapi.ChangesTTL) != 0 {
			return one(&event{kind: evLoose, call: call, args: call.Args})
		}
		return nil
	}
	info := c.pass.TypesInfo
	off := 0
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			off = 1 // (*redis.Client).Set(rdb, ctx, ...)
		}
	}
	argAt := func(i int) ast.Expr {
		if i < 0 || i+off >= len(call.Args) {
			return nil
		}
		return call.Args[i+off]
	}
	switch {
	case eff.Has(redisapi.Writes | redisapi.Creates):
		if strings.Contains(cmd.Name, ".") {
			return nil // module types (JSON, Bloom, time series...) are outside requirettl's rules
		}
		if strings.Contains(cmd.Name, " ") {
			return nil // a subcommand (XGROUP CREATE ... MKSTREAM) sets up an empty key that later writes fill
		}
		keys := c.writeKeys(call, cmd, off)
		if len(keys) == 0 || c.existingOnly(call) {
			return nil
		}
		if eff.Has(redisapi.SetsTTL) && cmd.TTL != redisapi.NoTTL {
			switch c.ttlOf(argAt(int(cmd.TTL))) {
			case ttlSet:
				return one(&event{kind: evCover, call: call, keys: keys})
			case ttlKeep, ttlNoCreate:
				return nil
			}
		} else if eff.Has(redisapi.SetsTTL) {
			return one(&event{kind: evCover, call: call, keys: keys})
		}
		return one(&event{kind: evWrite, call: call, keys: keys, what: cmd.Method})
	case eff.Has(redisapi.SetsTTL):
		if cmd.TTL != redisapi.NoTTL && c.ttlOf(argAt(int(cmd.TTL))) != ttlSet {
			return nil // SetXX(ctx, k, v, 0), GetEx(ctx, k, 0): no TTL afterwards
		}
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evCover, call: call, keys: []ast.Expr{k}})
		}
		return one(&event{kind: evLoose, call: call, args: call.Args})
	case eff.Has(redisapi.DropsTTL):
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evPersist, call: call, keys: []ast.Expr{k}})
		}
	case eff.Has(redisapi.Bounds):
		if k := c.oneKey(cmd, argAt); k != nil {
			return one(&event{kind: evBound, call: call, keys: []ast.Expr{k}})
		}
	case eff.Has(redisapi.Removes) && cmd.Key.Form == redisapi.NoKeyArg && !cmd.Raw:
		return one(&event{kind: evAny, call: call}) // FLUSHDB, FLUSHALL
	case eff.Has(redisapi.Removes):
		switch cmd.Key.Form {
		case redisapi.OneKey:
			if k := argAt(cmd.Key.Index); k != nil {
				return one(&event{kind: evCover, call: call, keys: []ast.Expr{k}})
			}
		case redisapi.ManyKeys:
			if !call.Ellipsis.IsValid() && cmd.Key.Index+off < len(call.Args) {
				return one(&event{kind: evCover, call: call, keys: call.Args[cmd.Key.Index+off:]})
			}
		}
		return one(&event{kind: evLoose, call: call, args: call.Args})
	}
	return nil
}

func (c *checker) oneKey(cmd redisapi.Command, argAt func(int) ast.Expr) ast.Expr {
	if cmd.Key.Form != redisapi.OneKey {
		return nil
	}
	return argAt(cmd.Key.Index)
}

// writeKeys returns the keys a creating command writes, or nil when they
// cannot be told: a slice or map of pairs, an XAddArgs that is not a
// literal. An XAdd that caps the stream (MaxLen, MinID) or that must not
// create it (NoMkStream) writes nothing requirettl reports.
func (c *checker) writeKeys(call *ast.CallExpr, cmd redisapi.Command, off int) []ast.Expr {
	i := cmd.Key.Index + off
	if cmd.Key.Index < 0 || i >= len(call.Args) {
		return nil
	}
	switch cmd.Key.Form {
	case redisapi.OneKey:
		return []ast.Expr{call.Args[i]}
	case redisapi.KeyPairs:
		rest := call.Args[i:]
		if call.Ellipsis.IsValid() || len(rest) < 2 {
			return nil
		}
		var keys []ast.Expr
		for j := 0; j < len(rest); j += 2 {
			keys = append(keys, rest[j])
		}
		return keys
	case redisapi.StreamKey:
		lit := compositeLit(call.Args[i])
		if lit == nil {
			return nil
		}
		var stream ast.Expr
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil
			}
			name, _ := kv.Key.(*ast.Ident)
			if name == nil {
				return nil
			}
			switch name.Name {
			case "Stream":
				stream = kv.Value
			case "MaxLen", "MaxLenApprox", "MinID", "NoMkStream":
				if !c.isZero(kv.Value) {
					return nil // capped, or never created
				}
			}
		}
		if stream == nil {
			return nil
		}
		return []ast.Expr{stream}
	}
	return nil
}

// existingOnly reports whether an argument struct of a write restricts it
// to existing members (ZAddArgs{XX: true}): the write never creates the key.
func (c *checker) existingOnly(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		lit := compositeLit(a)
		if lit == nil {
			continue
		}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if name, ok := kv.Key.(*ast.Ident); ok && name.Name == "XX" && !c.isZero(kv.Value) {
					return true
				}
			}
		}
	}
	return false
}

func compositeLit(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// isZero reports whether e is a constant zero value: 0, "", false or nil.
func (c *checker) isZero(e ast.Expr) bool {
	tv := c.pass.TypesInfo.Types[e]
	if tv.IsNil() {
		return true
	}
	if tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Bool:
		return !constant.BoolVal(tv.Value)
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Int, constant.Float:
		return constant.Sign(tv.Value) == 0
	}
	return false
}

type ttlStatus uint8

const (
	ttlSet      ttlStatus = iota // the write sets a TTL, or may (a duration that is not a constant)
	ttlNone                      // the write sets none: a constant 0
	ttlKeep                      // the write keeps the key's TTL (KeepTTL)
	ttlNoCreate                  // the write only touches an existing key (SetArgs{Mode: "XX"})
)

// ttlOf decides what a TTL argument does: a duration, or an argument
// struct such as SetArgs whose TTL, ExpireAt and KeepTTL fields decide.
func (c *checker) ttlOf(arg ast.Expr) ttlStatus {
	if arg == nil {
		return ttlSet
	}
	info := c.pass.TypesInfo
	if tv := info.Types[arg]; tv.Value != nil {
		if tv.Value.Kind() != constant.Int {
			return ttlSet
		}
		v, exact := constant.Int64Val(tv.Value)
		switch {
		case !exact || v > 0:
			return ttlSet
		case v == -1: // go-redis's KeepTTL
			return ttlKeep
		}
		return ttlNone
	}
	lit := compositeLit(arg)
	if lit == nil {
		return ttlSet // a value built elsewhere: trusted
	}
	if _, ok := info.TypeOf(lit).Underlying().(*types.Struct); !ok {
		return ttlSet
	}
	status := ttlNone
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return ttlSet
		}
		name, _ := kv.Key.(*ast.Ident)
		if name == nil {
			return ttlSet
		}
		t := info.TypeOf(kv.Value)
		switch {
		case c.isZero(kv.Value):
		case isNamed(t, "time", "Duration"), isNamed(t, "time", "Time"):
			return ttlSet
		case isPointer(t):
			return ttlSet // an expiration option
		case isBool(t) && strings.HasSuffix(name.Name, "TTL"):
			status = ttlKeep
		case isString(t):
			tv := info.Types[kv.Value]
			if tv.Value == nil {
				if status == ttlNone {
					status = ttlKeep // a mode decided at run time: may not create
				}
			} else if existingOnlyModes[strings.ToUpper(constant.StringVal(tv.Value))] {
				return ttlNoCreate
			}
		}
	}
	return status
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// dynamic classifies a call through a function value or an interface
// method: whatever it is, it may expire a key its arguments mention. The
// standard library's interfaces (io.Writer, ...) and go-redis's own are
// known not to.
func (c *checker) dynamic(call *ast.CallExpr, sel *ast.SelectorExpr) []*event {
	info := c.pass.TypesInfo
	args := allArgs(call, sel, info)
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
					args = typedArgs(info, f, call, sel)
				}
			}
		}
	}
	if len(args) == 0 {
		return nil
	}
	return one(&event{kind: evLoose, call: call, args: args})
}

// typedArgs returns the receiver and the arguments of a method call whose
// parameter is not an empty interface.
func typedArgs(info *types.Info, fn *types.Func, call *ast.CallExpr, sel *ast.SelectorExpr) []ast.Expr {
	sig := fn.Type().(*types.Signature)
	args := allArgs(nil, sel, info) // the receiver of a method call
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
			return u.Obj().Pkg() != nil && redisapi.MajorOf(u.Obj().Pkg().Path()) != 0
		}
		return false
	}
}
