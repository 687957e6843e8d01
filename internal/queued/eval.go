package queued

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/redislint/redislint/internal/redisapi"
)

// value returns the value cond has on every path because of the pending
// replies it reads.
func (f *function) value(cond ast.Expr) (v, ok bool) {
	x := f.eval(cond, f.zeroAt(cond))
	if !x.known || !x.q || x.null || x.c.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(x.c), true
}

// A value is what eval knows of an expression: nothing, nil, or a constant.
type value struct {
	known bool
	null  bool           // a nil pointer, interface, slice, map, chan or func
	c     constant.Value // when known and not null
	q     bool           // it depends on a pending reply
}

var unknown = value{}

// pending marks v as coming from a pending reply.
func pending(v value) value {
	v.q = v.known
	return v
}

func boolOf(b, q bool) value { return value{known: true, c: constant.MakeBool(b), q: q} }

func constVal(c constant.Value) value { return value{known: true, c: c} }

// zeroOf returns the zero value of t, when eval can represent it.
func zeroOf(t types.Type) value {
	if t == nil {
		return unknown
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return constVal(constant.MakeBool(false))
		case u.Info()&types.IsString != 0:
			return constVal(constant.MakeString(""))
		case u.Info()&types.IsNumeric != 0:
			return constVal(constant.MakeInt64(0))
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return value{known: true, null: true}
	}
	return unknown
}

// zeroAt returns a test of whether a variable holds an empty reply's value
// on every path to the graph node that holds e.
func (f *function) zeroAt(e ast.Node) func(*types.Var) bool {
	n := f.nodeOf(e)
	z := f.zeroIn[n]
	return func(v *types.Var) bool {
		i, ok := f.zIdx[v]
		return ok && z != nil && z[i]
	}
}

// nodeOf returns the node of the graph that holds e, or nil.
func (f *function) nodeOf(e ast.Node) ast.Node {
	if f.nodes[e] {
		return e
	}
	cur, ok := f.r.root.FindByPos(e.Pos(), e.End())
	for ok && cur.Node() != f.node {
		if f.nodes[cur.Node()] {
			return cur.Node()
		}
		cur = cur.Parent()
		ok = cur.Node() != nil
	}
	return nil
}

// eval returns what is known of e when the pending replies it reads are
// empty.
func (f *function) eval(e ast.Expr, zero func(*types.Var) bool) value {
	info := f.r.info
	if tv, ok := info.Types[e]; ok {
		if tv.Value != nil {
			return constVal(tv.Value)
		}
		if tv.IsNil() {
			return value{known: true, null: true}
		}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return f.eval(e.X, zero)
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok && zero(v) {
			return pending(zeroOf(v.Type()))
		}
	case *ast.CallExpr:
		return f.evalCall(e, zero)
	case *ast.UnaryExpr:
		x := f.eval(e.X, zero)
		if !x.known || x.null {
			return unknown
		}
		switch e.Op {
		case token.NOT:
			if x.c.Kind() == constant.Bool {
				return boolOf(!constant.BoolVal(x.c), x.q)
			}
		case token.SUB, token.ADD:
			if x.c.Kind() == constant.Int || x.c.Kind() == constant.Float {
				return value{known: true, c: constant.UnaryOp(e.Op, x.c, 0), q: x.q}
			}
		}
	case *ast.BinaryExpr:
		return f.evalBinary(e, zero)
	}
	return unknown
}

func (f *function) evalCall(call *ast.CallExpr, zero func(*types.Var) bool) value {
	info := f.r.info
	if rd := f.reads[call]; rd != nil && rd.Always {
		switch rd.Kind {
		case redisapi.ReadsErr:
			return value{known: true, null: true, q: true}
		case redisapi.ReadsVal:
			return pending(zeroOf(info.TypeOf(call))) // a tuple for a multi-valued Val: unknown
		}
		return unknown
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		x := f.eval(call.Args[0], zero) // a conversion keeps zero, nil and constants
		if x.known && (x.null || !types.IsInterface(tv.Type)) {
			return x
		}
		return unknown
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && len(call.Args) == 1 {
			x := f.eval(call.Args[0], zero)
			switch {
			case x.known && x.null:
				return value{known: true, c: constant.MakeInt64(0), q: x.q}
			case x.known && x.c.Kind() == constant.String:
				return value{known: true, c: constant.MakeInt64(int64(len(constant.StringVal(x.c)))), q: x.q}
			}
		}
		return unknown
	}
	// errors.Is(err, target) and errors.As(err, &target) are false for a
	// nil err and a target that is not nil.
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || len(call.Args) != 2 {
		return unknown
	}
	switch fn.Name() {
	case "Is", "As":
	default:
		return unknown
	}
	x := f.eval(call.Args[0], zero)
	if !x.known || !x.null {
		return unknown
	}
	if fn.Name() == "Is" && !notNil(info, call.Args[1]) {
		return unknown
	}
	return boolOf(false, x.q)
}

// notNil reports whether e, converted to an interface, cannot be nil: a
// constant (redis.Nil is one), or a value of a non-interface type that
// has no nil.
func notNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.IsNil() {
		return false
	}
	if tv.Value != nil {
		return true
	}
	switch tv.Type.Underlying().(type) {
	case *types.Basic, *types.Struct, *types.Array:
		return true
	}
	return false
}

func (f *function) evalBinary(e *ast.BinaryExpr, zero func(*types.Var) bool) value {
	isBool := func(v value, b bool) bool {
		return v.known && !v.null && v.c.Kind() == constant.Bool && constant.BoolVal(v.c) == b
	}
	switch e.Op {
	case token.LAND, token.LOR:
		short := e.Op == token.LOR // x || y is true when either is; x && y false
		x := f.eval(e.X, zero)
		if isBool(x, short) {
			return x
		}
		y := f.eval(e.Y, zero)
		switch {
		case isBool(y, short):
			return y
		case isBool(x, !short) && isBool(y, !short):
			return boolOf(!short, x.q || y.q)
		}
		return unknown
	case token.EQL, token.NEQ:
		x, y := f.eval(e.X, zero), f.eval(e.Y, zero)
		eq, ok := equal(f.r.info, e, x, y)
		if !ok {
			return unknown
		}
		return boolOf(eq == (e.Op == token.EQL), x.q || y.q)
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		x, y := f.eval(e.X, zero), f.eval(e.Y, zero)
		if !comparable(x, y) {
			return unknown
		}
		return boolOf(constant.Compare(x.c, e.Op, y.c), x.q || y.q)
	case token.ADD, token.SUB, token.MUL:
		x, y := f.eval(e.X, zero), f.eval(e.Y, zero)
		if !comparable(x, y) {
			return unknown
		}
		return value{known: true, c: constant.BinaryOp(x.c, e.Op, y.c), q: x.q || y.q}
	}
	return unknown
}

// equal compares two known values of the operands of e.
func equal(info *types.Info, e *ast.BinaryExpr, x, y value) (eq, ok bool) {
	switch {
	case !x.known || !y.known:
		return false, false
	case x.null && y.null:
		return true, true
	case x.null:
		return false, notNil(info, e.Y)
	case y.null:
		return false, notNil(info, e.X)
	case comparable(x, y), x.c.Kind() == constant.Bool && y.c.Kind() == constant.Bool:
		return constant.Compare(x.c, token.EQL, y.c), true
	}
	return false, false
}

// comparable reports whether x and y are numbers, or strings.
func comparable(x, y value) bool {
	if !x.known || !y.known || x.null || y.null {
		return false
	}
	kx, ky := x.c.Kind(), y.c.Kind()
	num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
	return (num(kx) && num(ky)) || (kx == constant.String && ky == constant.String)
}
