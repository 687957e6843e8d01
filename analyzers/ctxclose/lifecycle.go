package ctxclose

import (
	"go/ast"

	"github.com/redislint/redislint/internal/redisapi"
)

// lifecycle returns what call does to a go-redis resource, and the name of
// the called function or method for messages.
func (c *checker) lifecycle(call *ast.CallExpr) (redisapi.Lifecycle, string) {
	var name string
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	case *ast.Ident:
		name = fun.Name
	default:
		return redisapi.NoLifecycle, ""
	}
	if l := redisapi.LifecycleOf(c.pass.TypesInfo, call); l != redisapi.NoLifecycle {
		return l, name
	}
	return redisapi.NoLifecycle, ""
}

// closeable reports whether a resource is released by Close.
func closeable(life redisapi.Lifecycle) bool {
	return life == redisapi.AcquiresConn || life == redisapi.DialsConn || life == redisapi.Subscribes || life == redisapi.NewsClient
}

// releases reports whether calling sel releases a resource acquired with
// life: Close for connections, subscriptions and clients; Exec, Discard or
// Pipelined for a pipeline.
func (c *checker) releases(life redisapi.Lifecycle, sel *ast.SelectorExpr) bool {
	l := redisapi.MethodLifecycle(c.pass.TypesInfo, sel)
	if life != redisapi.StartsPipe {
		return l == redisapi.Releases
	}
	// Close on a v8 pipeline is DiscardsPipe in the table.
	switch l {
	case redisapi.ExecsPipe, redisapi.DiscardsPipe, redisapi.RunsPipe, redisapi.Releases:
		return true
	}
	return false
}
