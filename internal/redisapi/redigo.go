package redisapi

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// redigo (github.com/gomodule/redigo/redis) has no method per command: a
// call names its Redis command in a string argument, conn.Do("KEYS", "*").
// So its calls map onto the table by Redis command name, as go-redis's Do
// does, and a name that is not a constant is an unknown command.
//
// Its connections come from (*Pool).Get and GetContext, which take one of
// the pool's connections until Close, and from Dial and its friends, which
// open a network connection of their own.

// Paths of redigo's client package and module.
const (
	PathRedigo   = "github.com/gomodule/redigo/redis"
	ModuleRedigo = "github.com/gomodule/redigo"
)

// A Client is a Redis client library that redislint understands.
type Client uint8

// The clients.
const (
	NoClient Client = iota
	GoRedis         // github.com/redis/go-redis/v9 or github.com/go-redis/redis/v8
	Redigo          // github.com/gomodule/redigo/redis
	Rueidis         // github.com/redis/rueidis
	ValkeyGo        // github.com/valkey-io/valkey-go, rueidis's fork
)

func (c Client) String() string {
	switch c {
	case GoRedis:
		return "go-redis"
	case Redigo:
		return "redigo"
	case Rueidis:
		return "rueidis"
	case ValkeyGo:
		return "valkey-go"
	}
	return "none"
}

// unvendor strips the vendor directory from an import path:
// ".../vendor/github.com/gomodule/redigo/redis" is redigo's package.
func unvendor(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return path
}

// IsRedigo reports whether path is redigo's client package.
func IsRedigo(path string) bool { return ClientOf(path) == Redigo }

// ClientOf returns the client whose package path is path. It runs for
// every call the analyzers look at, so it strips a vendor prefix once and
// compares once.
func ClientOf(path string) Client {
	switch unvendor(path) {
	case PathV9, PathV8:
		return GoRedis
	case PathRedigo:
		return Redigo
	case PathRueidis:
		return Rueidis
	case PathValkey:
		return ValkeyGo
	}
	return NoClient
}

// methodOf returns the method that sel selects as a method value (not a
// method expression or a field) when the path of the package that declares
// it is one in reports true, and nil otherwise.
func methodOf(info *types.Info, sel *ast.SelectorExpr, in func(path string) bool) *types.Func {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return nil
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || !in(fn.Pkg().Path()) {
		return nil
	}
	return fn
}

// IsClient reports whether path is the package of a client: a go-redis
// major, redigo, rueidis or valkey-go.
func IsClient(path string) bool { return ClientOf(path) != NoClient }

// IsClientModule reports whether path is the module of a client. go-redis
// majors are modules of one package; redigo's module holds redis and redisx;
// rueidis's and valkey-go's hold their internal packages and their lock
// packages (rueidislock, valkeylock), while rueidiscompat, rueidisaside and
// the mocks are modules of their own.
func IsClientModule(path string) bool {
	return MajorOf(path) != 0 || unvendor(path) == ModuleRedigo || IsRueidis(path)
}

// CallClient returns the client that declares the function or method that
// call calls, or NoClient.
func CallClient(info *types.Info, call *ast.CallExpr) Client {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return NoClient
	}
	return ClientOf(fn.Pkg().Path())
}

// redigoFunc returns the redigo function or method that call calls (a
// method value, not a method expression), and the type name of its
// declared receiver ("" for a function).
func redigoFunc(info *types.Info, call *ast.CallExpr) (fn *types.Func, recv string) {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if s, ok := info.Selections[fun]; ok && s.Kind() != types.MethodVal {
			return nil, ""
		}
		id = fun.Sel
	case *ast.Ident:
		id = fun
	default:
		return nil, ""
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || !IsRedigo(fn.Pkg().Path()) {
		return nil, ""
	}
	if r := fn.Signature().Recv(); r != nil {
		n := namedOf(r.Type())
		if n == nil {
			return nil, ""
		}
		recv = n.Obj().Name()
	}
	return fn, recv
}

// redigoSenders are redigo's functions and methods that send the command
// named by one of their arguments, with that argument's index. Send only
// writes the command to the connection's buffer; Flush sends it and
// Receive reads its reply.
var redigoSenders = map[[2]string]int{
	{"Conn", "Do"}:                       0,
	{"Conn", "Send"}:                     0,
	{"ConnWithContext", "DoContext"}:     1,
	{"ConnWithTimeout", "DoWithTimeout"}: 1,
	{"", "DoContext"}:                    2, // redis.DoContext(c, ctx, cmd, args...)
	{"", "DoWithTimeout"}:                2, // redis.DoWithTimeout(c, timeout, cmd, args...)
}

// redigoCommand is CallCommand for redigo: the row of the Redis command
// that a Do, Send, DoContext or DoWithTimeout call names with a constant,
// Raw and marked Redigo.
func redigoCommand(info *types.Info, call *ast.CallExpr) (Command, bool) {
	fn, recv := redigoFunc(info, call)
	if fn == nil {
		return Command{}, false
	}
	first, ok := redigoSenders[[2]string{recv, fn.Name()}]
	if !ok {
		return Command{}, false
	}
	if call.Ellipsis.IsValid() {
		// conn.Do("DEL", keys...): the spread holds arguments, never the
		// command, which is a parameter of its own.
		trimmed := *call
		trimmed.Args, trimmed.Ellipsis = call.Args[:len(call.Args)-1], token.NoPos
		call = &trimmed
	}
	c, ok := rawCommand(info, call, V9, first)
	if !ok {
		return Command{}, false
	}
	// The table's Redis names are the same in both majors, but for a few
	// commands only v8 has a row.
	if _, known := ByName(V9, c.Name); !known {
		if v8, known := ByName(V8, c.Name); known {
			c.Row = v8.Row
			c.Key, c.TTL = NoKey, NoTTL
		}
	}
	c.Method = fn.Name()
	c.Redigo = true
	c.Queued = fn.Name() == "Send"
	return c, true
}

// redigoLifecycle is LifecycleOf for redigo: (*Pool).Get and GetContext
// hand out one of the pool's connections, the Dial functions open one of
// their own, Conn.Close releases either.
func redigoLifecycle(info *types.Info, call *ast.CallExpr) Lifecycle {
	fn, recv := redigoFunc(info, call)
	if fn == nil {
		return NoLifecycle
	}
	return redigoLifecycleOf(fn, recv)
}

func redigoLifecycleOf(fn *types.Func, recv string) Lifecycle {
	switch {
	case recv == "Pool" && (fn.Name() == "Get" || fn.Name() == "GetContext"):
		return AcquiresConn
	case recv == "Conn" && fn.Name() == "Close":
		return Releases
	case recv == "" && strings.HasPrefix(fn.Name(), "Dial") && returnsConn(fn):
		return DialsConn // Dial, DialContext, DialURL, DialURLContext, DialTimeout
	}
	return NoLifecycle
}

// redigoMethodLifecycle is MethodLifecycle for redigo.
func redigoMethodLifecycle(info *types.Info, sel *ast.SelectorExpr) Lifecycle {
	fn := methodOf(info, sel, IsRedigo)
	if fn == nil {
		return NoLifecycle
	}
	n := namedOf(fn.Signature().Recv().Type())
	if n == nil {
		return NoLifecycle
	}
	return redigoLifecycleOf(fn, n.Obj().Name())
}

// returnsConn reports whether fn returns a redigo Conn, alone or with an
// error.
func returnsConn(fn *types.Func) bool {
	res := fn.Signature().Results()
	if res.Len() == 0 || res.Len() > 2 {
		return false
	}
	n := namedOf(res.At(0).Type())
	return n != nil && n.Obj().Name() == "Conn" && n.Obj().Pkg() == fn.Pkg()
}

// redigoBorrowers are redigo's functions and methods that use the
// connection they are handed for one command (or one reply) and keep
// nothing: by the index of that parameter.
var redigoBorrowers = map[[2]string]int{
	{"", "DoContext"}:          0,
	{"", "DoWithTimeout"}:      0,
	{"", "ReceiveContext"}:     0,
	{"", "ReceiveWithTimeout"}: 0,
	{"Script", "Do"}:           0,
	{"Script", "DoContext"}:    1,
	{"Script", "Send"}:         0,
	{"Script", "SendHash"}:     0,
	{"Script", "Load"}:         0,
}

// BorrowsConn reports whether the client function or method that call
// calls uses the connection it gets as argument i and keeps nothing, so
// that the caller still holds the connection after the call
// (redis.DoContext(conn, ctx, "GET", k)).
func BorrowsConn(info *types.Info, call *ast.CallExpr, i int) bool {
	fn, recv := redigoFunc(info, call)
	if fn == nil {
		return false
	}
	j, ok := redigoBorrowers[[2]string{recv, fn.Name()}]
	return ok && i == j
}

// ReportsConnError reports whether call asks a connection whether it has
// failed: redigo's conn.Err(). (*Pool).Get hands out a connection that
// holds nothing from the pool when it could not get one, with its error in
// Err, so a path on which Err is not nil has nothing to close.
func ReportsConnError(info *types.Info, call *ast.CallExpr) bool {
	fn, recv := redigoFunc(info, call)
	return fn != nil && recv == "Conn" && fn.Name() == "Err" && len(call.Args) == 0
}

// RedigoSend reports whether call is one of redigo's sends (Do, Send,
// DoContext, DoWithTimeout, on a Conn or as functions), whatever its
// command name: CallCommand knows the command only when the name is a
// constant.
func RedigoSend(info *types.Info, call *ast.CallExpr) bool {
	fn, recv := redigoFunc(info, call)
	if fn == nil {
		return false
	}
	_, ok := redigoSenders[[2]string{recv, fn.Name()}]
	return ok
}

// Known reports whether the table has a row for the Redis command c names:
// a Raw command of a name it does not know (MULTI, WATCH, a module's)
// has no effect recorded, not no effect.
func Known(c Command) bool {
	if _, ok := ByName(V9, c.Name); ok {
		return true
	}
	_, ok := ByName(V8, c.Name)
	return ok
}
