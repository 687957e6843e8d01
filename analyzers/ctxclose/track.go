package ctxclose

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/redisapi"
)

// A use is what one mention of a tracked variable does to its resource.
type use uint8

const (
	neutral  use = iota // a command, a nil check: the resource stays here
	release             // Close, Exec, Discard, or a helper that closes it
	deferred            // a release deferred to the function's return: settled for the rest of the path
	escape              // the value is handed on: returned, stored, passed
	queue               // a command queued on a pipeline
	reassign            // the variable is assigned from another acquisition
	untrack             // the analyzer cannot follow the variable any more
)

// An event is a use at a position of a graph node.
type event struct {
	use use
	pos token.Pos
}

// tracked is a variable that holds a resource, and what the function does
// with it, node by node.
type tracked struct {
	v        *types.Var
	life     redisapi.Lifecycle
	skip     bool                 // address taken, captured, reassigned: stay silent
	events   map[ast.Node][]event // release, escape and queue uses, by graph node, in order
	acquired map[ast.Node]bool    // nodes that assign v a new resource
	sites    []*acquisition       // those acquisitions
	handled  int                  // release and escape events
	escapes  int                  // escape events
	err      *types.Var           // the error assigned with the acquisition being searched, or nil
}

// track classifies every use of v in fi. sites are the acquisitions
// assigned to v (none for a parameter).
func (c *checker) track(fi *funcInfo, v *types.Var, life redisapi.Lifecycle, sites []*acquisition) *tracked {
	t := &tracked{
		v:        v,
		life:     life,
		events:   make(map[ast.Node][]event),
		acquired: make(map[ast.Node]bool),
		sites:    sites,
	}
	for _, a := range sites {
		t.acquired[a.node] = true
	}
	info := c.pass.TypesInfo
	for cur := range fi.cur.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if info.Uses[id] != v {
			continue
		}
		node, lits := fi.graphNode(cur)
		if node == nil {
			t.skip = true
			return t
		}
		u := c.classify(cur, t)
		if len(lits) > 0 {
			// Inside a closure: only a deferred closure that releases v is
			// understood; any other capture may release it anywhere.
			if len(lits) != 1 || !deferredLit(node, lits[0]) {
				t.skip = true
				return t
			}
			switch u {
			case neutral:
				continue
			case release:
				// fall through: released when the deferred call is registered
			default:
				t.skip = true
				return t
			}
		}
		switch u {
		case untrack:
			t.skip = true
			return t
		case neutral, reassign:
			continue
		case release:
			if _, ok := node.(*ast.DeferStmt); ok {
				u = deferred
			}
			t.handled++
		case escape:
			t.handled++
			t.escapes++
		}
		t.events[node] = append(t.events[node], event{u, id.Pos()})
	}
	for _, evs := range t.events {
		slices.SortFunc(evs, func(a, b event) int { return int(a.pos - b.pos) })
	}
	return t
}

// deferredLit reports whether lit is the function of the deferred call that
// is the graph node node: defer func() { ... }().
func deferredLit(node ast.Node, lit *ast.FuncLit) bool {
	d, ok := node.(*ast.DeferStmt)
	return ok && ast.Unparen(d.Call.Fun) == lit
}

// classify says what the mention of t.v at cur does.
func (c *checker) classify(cur inspector.Cursor, t *tracked) use {
	info := c.pass.TypesInfo
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	parent := cur.Parent()
	k, i := cur.ParentEdge()
	switch k {
	case edge.SelectorExpr_X:
		sel := parent.Node().(*ast.SelectorExpr)
		s := info.Selections[sel]
		if s == nil || s.Kind() == types.FieldVal {
			return neutral
		}
		if s.Kind() != types.MethodVal || parent.ParentEdgeKind() != edge.CallExpr_Fun {
			return escape // a method value carries the receiver away
		}
		call := parent.Parent().Node().(*ast.CallExpr)
		if c.releases(t.life, sel) {
			return release
		}
		if parent.Parent().ParentEdgeKind() == edge.GoStmt_Call {
			return escape // a goroutine now uses it, for as long as it likes
		}
		if t.life == redisapi.StartsPipe {
			if _, ok := redisapi.CommandOf(info, sel); ok {
				return queue
			}
		}
		if aliases(info, call, t.v.Type()) {
			return escape
		}
		return neutral

	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		return neutral // a comparison, such as ps != nil

	case edge.CallExpr_Fun:
		if t.life == redisapi.Dedicates {
			return release // cancel(): Dedicate's connection goes back
		}
		return escape

	case edge.CallExpr_Args:
		// What the callee does with it, when a fact says: closes it on
		// every path, or only uses it. Otherwise the callee owns it now; it
		// may close it, keep it, or return it.
		call := parent.Node().(*ast.CallExpr)
		switch c.fateOf(parent.ParentEdgeKind(), call, i) {
		case closes:
			return release
		case borrows:
			return neutral
		}
		return escape

	case edge.AssignStmt_Lhs:
		as := parent.Node().(*ast.AssignStmt)
		var rhs ast.Expr
		switch {
		case as.Tok != token.ASSIGN && as.Tok != token.DEFINE:
		case len(as.Lhs) == len(as.Rhs):
			rhs = as.Rhs[i]
		case len(as.Rhs) == 1 && (i == 0 || t.life == redisapi.Dedicates): // conn, err = pool.GetContext(ctx); c, cancel = client.Dedicate()
			rhs = as.Rhs[0]
		}
		if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok {
			if life, _ := c.lifecycle(call); life == t.life {
				return reassign
			}
		}
		return untrack

	case edge.AssignStmt_Rhs:
		as := parent.Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) && isBlank(as.Lhs[i]) {
			return neutral // _ = ps keeps the compiler quiet, nothing more
		}
		return escape

	case edge.ValueSpec_Values:
		vs := parent.Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) && vs.Names[i].Name == "_" {
			return neutral
		}
		return escape

	case edge.UnaryExpr_X:
		if parent.Node().(*ast.UnaryExpr).Op == token.AND {
			return untrack // a pointer may close it anywhere
		}
		return escape

	case edge.RangeStmt_Key, edge.RangeStmt_Value, edge.IncDecStmt_X:
		return untrack
	}
	return escape
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// within reports whether t has a release or escape event inside n.
func (t *tracked) within(n ast.Node) bool {
	if n == nil {
		return false
	}
	for _, evs := range t.events {
		for _, ev := range evs {
			if ev.use != queue && n.Pos() <= ev.pos && ev.pos < n.End() {
				return true
			}
		}
	}
	return false
}
