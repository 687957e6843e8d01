package redisapi

import (
	"go/ast"
	"go/types"
	"strings"
	"sync"
	"unicode"
)

// rueidis (github.com/redis/rueidis) and its fork valkey-go
// (github.com/valkey-io/valkey-go), the same API under another path, build
// each command with a typed chain on a Builder:
//
//	client.Do(ctx, client.B().Set().Key(k).Value(v).Ex(ttl).Build())
//
// Every step of the chain has a type of its own in the client's
// internal/cmds package, and the first one, returned by the Builder method,
// is named after the command: Keys for KEYS, ObjectEncoding for OBJECT
// ENCODING, JsonArrappend for JSON.ARRAPPEND. So a chain maps onto the
// table by that type's name, compared with the rows' Redis names without
// their separators. The built command is sent by Do, DoMulti, DoCache,
// DoMultiCache, DoStream, DoMultiStream or Receive.
//
// Dedicate hands out a client bound to one pooled connection and a cancel
// func that puts it back; Dedicated(fn) puts it back by itself.
//
// rueidiscompat and valkeycompat, which mirror go-redis's API on top of
// these clients, are not matched.

// Paths of rueidis's and valkey-go's client packages, which are also their
// modules' paths.
const (
	PathRueidis = "github.com/redis/rueidis"
	PathValkey  = "github.com/valkey-io/valkey-go"
)

// cmdsSuffix is the path, under a client's, of the package that declares
// the Builder and the types of its chains.
const cmdsSuffix = "/internal/cmds"

// IsRueidis reports whether path is the client package of rueidis or
// valkey-go.
func IsRueidis(path string) bool {
	c := ClientOf(path)
	return c == Rueidis || c == ValkeyGo
}

// isRueidisCmds reports whether path is the internal/cmds package of
// rueidis or valkey-go.
func isRueidisCmds(path string) bool {
	p, ok := strings.CutSuffix(unvendor(path), cmdsSuffix)
	return ok && IsRueidis(p)
}

// cmdsMethod returns the method of a rueidis or valkey-go internal/cmds
// type that call calls, and the type name of its receiver.
func cmdsMethod(info *types.Info, call *ast.CallExpr) (fn *types.Func, recv string, sel *ast.SelectorExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, "", nil
	}
	if fn = methodOf(info, sel, isRueidisCmds); fn == nil {
		return nil, "", nil
	}
	n := namedOf(fn.Signature().Recv().Type())
	if n == nil {
		return nil, "", nil
	}
	return fn, n.Obj().Name(), sel
}

// builderName is the type name of the Builder in internal/cmds.
const builderName = "Builder"

// BuiltCommand returns the command that e builds, when e is a whole
// rueidis or valkey-go chain ending in Build() or Cache():
// client.B().Keys().Pattern(p).Build() is KEYS. The chain must start at a
// Builder (client.B(), or a variable that holds one) and be written as one
// expression. b.Arbitrary("KEYS").Args(p).Build() is KEYS too, when its
// first tokens are constants. The Command is Raw: Key and TTL do not
// describe the chain. A command the table does not know has no effect.
func BuiltCommand(info *types.Info, e ast.Expr) (Command, bool) {
	step, fn := chainEntry(info, e)
	if step == nil {
		return Command{}, false
	}
	return entryCommand(info, step, fn)
}

// BuilderEntry returns the first step after the Builder of the chain e
// that BuiltCommand understands: client.B().Keys() of
// client.B().Keys().Pattern(p).Build(). Messages name the command by it.
func BuilderEntry(info *types.Info, e ast.Expr) (*ast.CallExpr, bool) {
	step, _ := chainEntry(info, e)
	return step, step != nil
}

// chainEntry returns the Builder method's call that starts the chain e,
// and that method.
func chainEntry(info *types.Info, e ast.Expr) (*ast.CallExpr, *types.Func) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	fn, _, sel := cmdsMethod(info, call)
	if fn == nil || (fn.Name() != "Build" && fn.Name() != "Cache") || len(call.Args) != 0 {
		return nil, nil
	}
	for {
		step, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return nil, nil // the chain goes through a variable
		}
		fn, recv, s := cmdsMethod(info, step)
		if fn == nil {
			return nil, nil
		}
		if recv == builderName {
			return step, fn
		}
		sel = s
	}
}

// entryCommand is the command of a Builder method's call.
func entryCommand(info *types.Info, call *ast.CallExpr, fn *types.Func) (Command, bool) {
	if fn.Name() == "Arbitrary" {
		c, ok := rawCommand(info, call, V9, 0)
		if !ok {
			return Command{}, false
		}
		c.Method = fn.Name()
		return c, true
	}
	res := fn.Signature().Results()
	if res.Len() != 1 {
		return Command{}, false
	}
	n := namedOf(res.At(0).Type())
	if n == nil || n.Obj().Pkg() != fn.Pkg() {
		return Command{}, false
	}
	c, ok := BuilderCommand(n.Obj().Name())
	if !ok {
		c = Command{Row: Row{Name: strings.ToUpper(n.Obj().Name())}}
	}
	c.Method = fn.Name()
	c.Key, c.TTL, c.Raw = NoKey, NoTTL, true
	return c, true
}

// rueidisNames maps a Redis command name folded as rueidis spells its
// builder types (upper case, letters and digits only: "OBJECTENCODING",
// "JSONARRAPPEND") to the table's Redis name.
var rueidisNames = sync.OnceValue(buildRueidisNames)

func buildRueidisNames() map[string]string {
	m := map[string]string{}
	for _, major := range []Major{V9, V8} {
		for name := range index().names[major] {
			if k := foldName(name); m[k] == "" {
				m[k] = name
			}
		}
	}
	return m
}

// foldName upper-cases name and drops everything but letters and digits.
func foldName(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, name)
}

// BuilderCommand returns the row of the Redis command whose rueidis
// builder entry type is named typeName ("Keys", "ObjectEncoding"), for
// BuiltCommand and the table's tests.
func BuilderCommand(typeName string) (Command, bool) {
	name, ok := rueidisNames()[foldName(typeName)]
	if !ok {
		return Command{}, false
	}
	if c, ok := ByName(V9, name); ok {
		return c, true
	}
	return ByName(V8, name)
}

// rueidisSenders are the client methods that send the commands they are
// handed, declared on rueidis's CommandClient, CoreClient and Client
// interfaces (and valkey-go's), by the index of their first command
// parameter; the variadic ones take commands from there on.
var rueidisSenders = map[string]int{
	"Do":            1,
	"DoMulti":       1,
	"DoCache":       1,
	"DoMultiCache":  1,
	"DoStream":      1,
	"DoMultiStream": 1,
	"Receive":       1,
}

// rueidisMethod returns the method of a rueidis or valkey-go client
// package that call calls (a method value, not a method expression).
func rueidisMethod(info *types.Info, call *ast.CallExpr) *types.Func {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	return rueidisSelected(info, sel)
}

// rueidisSelected returns the method of a rueidis or valkey-go client
// package that sel selects as a method value.
func rueidisSelected(info *types.Info, sel *ast.SelectorExpr) *types.Func {
	return methodOf(info, sel, IsRueidis)
}

// SentCommands returns the arguments that hold the commands call sends,
// when call is a rueidis or valkey-go Do, DoMulti, DoCache, DoMultiCache,
// DoStream, DoMultiStream or Receive: for DoMultiCache, the command of each
// rueidis.CT(cmd, ttl) or CacheableTTL{Cmd: cmd} argument. A spread slice
// (DoMulti(ctx, cmds...)) is returned as it is, with spread set.
func SentCommands(info *types.Info, call *ast.CallExpr) (args []ast.Expr, spread, ok bool) {
	fn := rueidisMethod(info, call)
	if fn == nil {
		return nil, false, false
	}
	first, ok := rueidisSenders[fn.Name()]
	if !ok || len(call.Args) < first {
		return nil, false, false
	}
	for _, a := range call.Args[first:] {
		if fn.Name() == "DoMultiCache" && !call.Ellipsis.IsValid() {
			a = cacheableOf(info, a)
		}
		args = append(args, a)
	}
	if fn.Name() == "Receive" || fn.Name() == "DoCache" {
		args = args[:min(len(args), 1)]
	}
	return args, call.Ellipsis.IsValid(), true
}

// cacheableOf returns the command of a DoMultiCache argument written as
// rueidis.CT(cmd, ttl) or CacheableTTL{Cmd: cmd, ...}, or e itself.
func cacheableOf(info *types.Info, e ast.Expr) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn := namedCallee(info, x.Fun); fn != nil && fn.Pkg() != nil && IsRueidis(fn.Pkg().Path()) && fn.Name() == "CT" && len(x.Args) == 2 {
			return x.Args[0]
		}
	case *ast.CompositeLit:
		n := namedOf(info.TypeOf(x))
		if n == nil || n.Obj().Pkg() == nil || !IsRueidis(n.Obj().Pkg().Path()) || n.Obj().Name() != "CacheableTTL" {
			return e
		}
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Cmd" {
					return kv.Value
				}
			}
		}
	}
	return e
}

// rueidisLifecycle is LifecycleOf for rueidis and valkey-go: Dedicate
// returns a client bound to one connection of the client's blocking pool
// and the cancel func that puts it back. Dedicated(fn) puts it back by
// itself when fn returns, so it holds nothing for its caller.
func rueidisLifecycle(info *types.Info, call *ast.CallExpr) Lifecycle {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return NoLifecycle
	}
	if l := rueidisMethodLifecycle(info, sel); l != NoLifecycle {
		return l
	}
	fn := rueidisSelected(info, sel)
	if fn == nil || fn.Name() != "Dedicate" || fn.Signature().Results().Len() != 2 {
		return NoLifecycle
	}
	return Dedicates
}

// rueidisMethodLifecycle is MethodLifecycle for rueidis and valkey-go:
// Close releases a client, and a dedicated client's connection with it.
func rueidisMethodLifecycle(info *types.Info, sel *ast.SelectorExpr) Lifecycle {
	if fn := rueidisSelected(info, sel); fn != nil && fn.Name() == "Close" && fn.Signature().Params().Len() == 0 {
		return Releases
	}
	return NoLifecycle
}

// RueidisDo returns the command that call sends when call is a rueidis or
// valkey-go Do (of a Client, a DedicatedClient or the CoreClient and
// CommandClient interfaces) whose command is a chain written in the call
// (c.Do(ctx, c.B().Get().Key(k).Build())): one command, one round trip.
// sends is set for any of those clients' sends (DoMulti, DoCache, a Do of
// a command built elsewhere...), recognized or not.
func RueidisDo(info *types.Info, call *ast.CallExpr) (cmd Command, ok, sends bool) {
	args, spread, sends := SentCommands(info, call)
	if !sends {
		return Command{}, false, false
	}
	fn := rueidisMethod(info, call)
	if fn.Name() != "Do" || spread || len(args) != 1 {
		return Command{}, false, true
	}
	cmd, ok = BuiltCommand(info, args[0])
	return cmd, ok, true
}
