package ctxclose

import (
	"go/ast"
	"go/types"

	"github.com/redislint/redislint/internal/redisapi"
)

// lifecycle returns what call does to a go-redis resource, and the name of
// the called function or method for messages.
//
// It extends redisapi.LifecycleOf with two receivers the table does not
// list: a go-redis method other than those that returns a *Conn (go-redis
// v9.23's EphemeralConn, a Conn whose Close drops the connection instead of
// pooling it) acquires a connection, and one that returns a *PubSub
// (AutoPipeliner's Subscribe family) subscribes.
func (c *checker) lifecycle(call *ast.CallExpr) (redisapi.Lifecycle, string) {
	info := c.pass.TypesInfo
	var name string
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	case *ast.Ident:
		name = fun.Name
	case *ast.IndexExpr, *ast.IndexListExpr:
		return redisapi.NoLifecycle, ""
	}
	if l := redisapi.LifecycleOf(info, call); l != redisapi.NoLifecycle {
		return l, name
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return redisapi.NoLifecycle, ""
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return redisapi.NoLifecycle, ""
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || redisapi.MajorOf(fn.Pkg().Path()) == 0 {
		return redisapi.NoLifecycle, ""
	}
	if _, ok := redisapi.Receiver(info, sel); !ok {
		return redisapi.NoLifecycle, ""
	}
	res := fn.Signature().Results()
	if res.Len() != 1 {
		return redisapi.NoLifecycle, ""
	}
	ptr, ok := types.Unalias(res.At(0).Type()).(*types.Pointer)
	if !ok {
		return redisapi.NoLifecycle, ""
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() != fn.Pkg() {
		return redisapi.NoLifecycle, ""
	}
	switch named.Obj() {
	case fn.Pkg().Scope().Lookup("Conn"):
		return redisapi.AcquiresConn, name
	case fn.Pkg().Scope().Lookup("PubSub"):
		return redisapi.Subscribes, name
	}
	return redisapi.NoLifecycle, ""
}

// closeable reports whether a resource is released by Close.
func closeable(life redisapi.Lifecycle) bool {
	return life == redisapi.AcquiresConn || life == redisapi.Subscribes || life == redisapi.NewsClient
}

// releases reports whether calling sel releases a resource acquired with
// life: Close for connections, subscriptions and clients; Exec, Discard or
// Pipelined for a pipeline.
func (c *checker) releases(life redisapi.Lifecycle, sel *ast.SelectorExpr) bool {
	l := redisapi.MethodLifecycle(c.pass.TypesInfo, sel)
	if life != redisapi.StartsPipe {
		return l == redisapi.Releases
	}
	switch l {
	case redisapi.ExecsPipe, redisapi.DiscardsPipe, redisapi.RunsPipe, redisapi.Releases:
		return true
	}
	return c.pipeDiscards(sel)
}

// pipeDiscards reports whether sel is a pipeline method that takes nothing
// and returns only an error, other than a command: go-redis v8's
// (*Pipeline).Close, which discards the queued commands (defer pipe.Close()
// is the v8 idiom), and Discard. redisapi lists Close only for clients,
// connections and subscriptions.
func (c *checker) pipeDiscards(sel *ast.SelectorExpr) bool {
	info := c.pass.TypesInfo
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || redisapi.MajorOf(fn.Pkg().Path()) == 0 {
		return false
	}
	if recv, ok := redisapi.Receiver(info, sel); !ok || (recv != "Pipeliner" && recv != "Pipeline") {
		return false
	}
	if _, ok := redisapi.CommandOf(info, sel); ok {
		return false
	}
	sig := fn.Signature()
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	return types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type())
}
