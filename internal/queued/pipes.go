package queued

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/redislint/redislint/internal/redisapi"
)

// A pipeClass says how well a pipeline variable is known.
type pipeClass uint8

const (
	// untracked: the variable is passed on, stored, aliased or run from a
	// nested closure; only reads straight off a queued call are certain.
	untracked pipeClass = iota
	// weak: not known to be fresh (a Pipeliner parameter of a named
	// function): any call outside the standard library and go-redis may run
	// it through an alias.
	weak
	// strong: from Pipeline()/TxPipeline() in this function, or the pipe of
	// a Pipelined/TxPipelined closure; only its own Exec runs it.
	strong
)

// pipeInfo is what is known of one pipeline variable.
type pipeInfo struct {
	class  pipeClass
	decl   ast.Node      // the function that declares the variable
	runner *ast.CallExpr // the Pipelined/TxPipelined call whose closure declares it, or nil
}

// pipe classifies the pipeline variable v. The caller holds r.mu.
func (r *Replies) pipe(v *types.Var) *pipeInfo {
	if p, ok := r.pipes[v]; ok {
		return p
	}
	p := r.classify(v)
	r.pipes[v] = p
	return p
}

func (r *Replies) classify(v *types.Var) *pipeInfo {
	none := &pipeInfo{class: untracked}
	if v.Pkg() != r.pkg || v.IsField() || v.Parent() == nil || v.Parent() == r.pkg.Scope() {
		return none
	}
	idCur, ok := r.root.FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return none
	}
	declCur, ok := enclosingFunc(idCur)
	if !ok {
		return none
	}
	decl := declCur.Node()
	var ftype *ast.FuncType
	switch d := decl.(type) {
	case *ast.FuncDecl:
		ftype = d.Type
	case *ast.FuncLit:
		ftype = d.Type
	}
	param := ftype != nil && within(ftype, v.Pos())
	var runner *ast.CallExpr
	if lit, ok := decl.(*ast.FuncLit); ok && param && declCur.ParentEdgeKind() == edge.CallExpr_Args {
		call := declCur.Parent().Node().(*ast.CallExpr)
		if redisapi.LifecycleOf(r.info, call) == redisapi.RunsPipe && len(lit.Type.Params.List) > 0 {
			runner = call
		}
	}
	none = &pipeInfo{class: untracked, runner: runner}

	fresh := true // every value assigned is a new pipeline
	for cur := range declCur.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		switch {
		case r.info.Uses[id] == v:
		case r.info.Defs[id] == v:
			if !param && !r.assignsPipeline(cur) {
				fresh = false
			}
			continue
		default:
			continue
		}
		switch cur.ParentEdgeKind() {
		case edge.SelectorExpr_X:
			sel := cur.Parent().Node().(*ast.SelectorExpr)
			if cur.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
				return none // a method value: it may run later
			}
			if redisapi.Queues(r.info, sel) {
				continue // queuing never runs the pipeline
			}
			if fn, ok := enclosingFunc(cur); !ok || fn.Node() != decl {
				return none // Exec (or another method) from a nested closure
			}
		case edge.AssignStmt_Lhs:
			if !r.assignsPipeline(cur) {
				fresh = false
			}
		default:
			return none // passed on, stored, compared, aliased
		}
	}
	p := &pipeInfo{class: weak, decl: decl, runner: runner}
	if fresh && (!param || runner != nil) {
		p.class = strong
	}
	return p
}

// assignsPipeline reports whether the identifier at cur, on the left of an
// assignment or in a var spec, is given a new pipeline from Pipeline() or
// TxPipeline() (or no value at all, in a var spec).
func (r *Replies) assignsPipeline(cur inspector.Cursor) bool {
	id := cur.Node().(*ast.Ident)
	var rhs ast.Expr
	switch cur.ParentEdgeKind() {
	case edge.AssignStmt_Lhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) != len(as.Rhs) {
			return false
		}
		for i, l := range as.Lhs {
			if l == id {
				rhs = as.Rhs[i]
			}
		}
	case edge.ValueSpec_Names:
		vs := cur.Parent().Node().(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			return true // var pipe redis.Pipeliner: nil until assigned
		}
		if len(vs.Names) != len(vs.Values) {
			return false
		}
		for i, n := range vs.Names {
			if n == id {
				rhs = vs.Values[i]
			}
		}
	default:
		return false // a range variable, a type switch, a parameter
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	return ok && redisapi.LifecycleOf(r.info, call) == redisapi.StartsPipe
}
