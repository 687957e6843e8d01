package requirettl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// termBuilder builds one key's term.
type termBuilder struct {
	c     *checker
	fi    *funcInfo
	env   map[*types.Var]*term // parameters of an inlined helper
	deps  map[*types.Var]bool
	objs  []types.Object // constants and package-level variables the key is built from
	funcs []*types.Func  // key builders the key goes through, inlined or not
	depth int
}

// maxDepth bounds inlining: definitions of definitions and helpers calling helpers.
const maxDepth = 6

func (b *termBuilder) term(e ast.Expr) *term {
	if b.depth > maxDepth {
		return nil
	}
	b.depth++
	defer func() { b.depth-- }()

	info := b.c.pass.TypesInfo
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if ok && tv.Value != nil {
		b.constants(e)
		return constTerm(tv.Value)
	}
	switch e := e.(type) {
	case *ast.StarExpr:
		if x := b.term(e.X); x != nil {
			return &term{kind: tDeref, args: []*term{x}} // *id
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return nil
		}
		return b.varTerm(v)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() != types.FieldVal {
				return nil // a method value
			}
			x := b.term(e.X)
			if x == nil {
				return nil
			}
			return &term{kind: tField, str: e.Sel.Name, args: []*term{x}}
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok { // pkg.Var
			return b.varTerm(v)
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD && ok && isString(tv.Type) {
			return concat(b.term(e.X), b.term(e.Y))
		}
	case *ast.CallExpr:
		return b.call(e)
	case *ast.IndexExpr:
		if !ok || !tv.IsValue() {
			return nil
		}
		switch info.TypeOf(e.X).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map, *types.Pointer:
		default:
			return nil
		}
		x, i := b.term(e.X), b.term(e.Index)
		if x == nil || i == nil {
			return nil
		}
		return &term{kind: tIndex, args: []*term{x, i}}
	}
	return nil
}

// constants records the named constants a constant expression uses.
func (b *termBuilder) constants(e ast.Expr) {
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if k, ok := b.c.pass.TypesInfo.Uses[id].(*types.Const); ok && k.Pkg() != nil && k.Parent() == k.Pkg().Scope() {
				b.objs = append(b.objs, k)
			}
		}
		return true
	})
}

func constTerm(v constant.Value) *term {
	if v.Kind() == constant.String {
		return &term{kind: tConst, str: constant.StringVal(v), isStr: true}
	}
	return &term{kind: tConst, str: v.ExactString()}
}

func (b *termBuilder) varTerm(v *types.Var) *term {
	if t, ok := b.env[v]; ok {
		return t
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		b.deps[v] = true
		b.objs = append(b.objs, v)
		return &term{kind: tGlobal, str: v.Pkg().Path() + "." + v.Name()}
	}
	if b.env != nil {
		return nil // a local of an inlined helper: helpers of one return statement have none
	}
	vi := b.fi.vars[v]
	if vi == nil || vi.unstable {
		return nil
	}
	b.deps[v] = true
	if i, ok := b.fi.params[v]; ok && vi.defs <= 1 && len(vi.addrAt) == 0 {
		return &term{kind: tParam, obj: v, idx: i}
	}
	if vi.defs == 1 && vi.def != nil && len(vi.addrAt) == 0 {
		if t := b.term(vi.def); t != nil {
			return t
		}
	}
	return &term{kind: tVar, obj: v}
}

func concat(x, y *term) *term {
	if x == nil || y == nil {
		return nil
	}
	var parts []*term
	for _, t := range []*term{x, y} {
		if t.kind == tConcat {
			parts = append(parts, t.args...)
		} else {
			parts = append(parts, t)
		}
	}
	merged := parts[:0:0]
	for _, p := range parts {
		if n := len(merged); n > 0 && p.kind == tConst && p.isStr && merged[n-1].kind == tConst && merged[n-1].isStr {
			merged[n-1] = &term{kind: tConst, isStr: true, str: merged[n-1].str + p.str}
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 1 {
		return merged[0]
	}
	return &term{kind: tConcat, args: merged}
}

// call builds the term of a call: a conversion, a string-building call of
// the standard library, an inlined helper, or a static call.
func (b *termBuilder) call(call *ast.CallExpr) *term {
	info := b.c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) != 1 {
			return nil
		}
		x := b.term(call.Args[0])
		if x == nil || isString(tv.Type) && isStringOrBytes(info.TypeOf(call.Args[0])) {
			return x
		}
		// Ino(x): the same x converts to the same value.
		return &term{kind: tCall, str: "(" + types.TypeString(tv.Type, nil) + ")", args: []*term{x}}
	}
	if call.Ellipsis.IsValid() {
		return nil
	}
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		// kb := s.userKey; kb(id): a method value defined once.
		if v, ok := info.Uses[id].(*types.Var); ok {
			if vi := b.fi.vars[v]; b.env == nil && vi != nil && !vi.unstable && vi.defs == 1 && vi.def != nil {
				if sel, ok := ast.Unparen(vi.def).(*ast.SelectorExpr); ok {
					if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
						fun = sel
					}
				}
			}
		}
	}
	var fn *types.Func
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		if s, ok := info.Selections[fun]; ok {
			fn, _ = s.Obj().(*types.Func)
			if s.Kind() == types.MethodVal && types.IsInterface(s.Recv()) {
				fn = nil // an interface method: not a static call
			}
		} else {
			fn, _ = info.Uses[fun.Sel].(*types.Func)
		}
	case *ast.Ident:
		fn, _ = info.Uses[fun].(*types.Func)
	}
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	switch fn.FullName() {
	case "fmt.Sprintf":
		if t, ok := b.sprintf(call); ok {
			return t
		}
	case "fmt.Sprint", "strconv.Itoa":
		if len(call.Args) == 1 {
			return b.str(call.Args[0])
		}
	case "strconv.FormatInt", "strconv.FormatUint":
		if len(call.Args) == 2 {
			if tv := info.Types[call.Args[1]]; tv.Value != nil && tv.Value.ExactString() == "10" {
				return b.str(call.Args[0])
			}
		}
	}
	var recv *term
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok {
			if s.Kind() != types.MethodVal {
				return nil
			}
			if recv = b.term(sel.X); recv == nil {
				return nil
			}
		}
	}
	args := make([]*term, 0, len(call.Args)+1)
	if recv != nil {
		args = append(args, recv)
	}
	for _, a := range call.Args {
		t := b.term(a)
		if t == nil {
			return nil
		}
		args = append(args, t)
	}
	b.funcs = append(b.funcs, fn)
	if t := b.inline(fn, args, recv != nil); t != nil {
		return t
	}
	return &term{kind: tCall, str: fn.FullName(), fn: fn, args: args}
}

// inline returns the term of a same-package helper whose body is one
// return statement (func userKey(id string) string { return "user:" + id }),
// with its parameters bound to args, so that userKey(id) and "user:"+id
// compare equal.
func (b *termBuilder) inline(fn *types.Func, args []*term, method bool) *term {
	decl := b.c.cfgs.Decl(fn)
	if decl == nil || decl.Body == nil || len(decl.Body.List) != 1 {
		return nil
	}
	ret, ok := decl.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() {
		return nil
	}
	env := map[*types.Var]*term{}
	i := 0
	if method {
		if sig.Recv() == nil || sig.Recv().Name() == "" || sig.Recv().Name() == "_" {
			return nil
		}
		env[sig.Recv()] = args[0]
		i = 1
	}
	if sig.Params().Len() != len(args)-i {
		return nil
	}
	for j := range sig.Params().Len() {
		env[sig.Params().At(j)] = args[i+j]
	}
	saved := b.env
	b.env = env
	t := b.term(ret.Results[0])
	b.env = saved
	return t
}

// sprintf turns fmt.Sprintf("user:%s:%d", a, n) into "user:" + a + ":" + str(n).
func (b *termBuilder) sprintf(call *ast.CallExpr) (*term, bool) {
	info := b.c.pass.TypesInfo
	if len(call.Args) == 0 {
		return nil, false
	}
	tv := info.Types[call.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil, false
	}
	format := constant.StringVal(tv.Value)
	args := call.Args[1:]
	var t *term
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t = appendTerm(t, &term{kind: tConst, isStr: true, str: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(format); i++ {
		ch := format[i]
		if ch != '%' {
			lit.WriteByte(ch)
			continue
		}
		if i+1 >= len(format) {
			return nil, false
		}
		i++
		switch format[i] {
		case '%':
			lit.WriteByte('%')
		case 's', 'v', 'd':
			if len(args) == 0 {
				return nil, false
			}
			flush()
			a := b.str(args[0])
			if a == nil {
				return nil, false
			}
			t = appendTerm(t, a)
			args = args[1:]
		default:
			return nil, false // widths, flags and other verbs: compare as a call
		}
	}
	if len(args) != 0 {
		return nil, false
	}
	flush()
	if t == nil {
		t = &term{kind: tConst, isStr: true}
	}
	return t, true
}

func appendTerm(t, u *term) *term {
	if t == nil {
		return u
	}
	return concat(t, u)
}

// str is the term of a value formatted as a string: the value itself for
// strings, str(x) for anything else.
func (b *termBuilder) str(e ast.Expr) *term {
	t := b.term(e)
	if t == nil {
		return nil
	}
	if isStringOrBytes(b.c.pass.TypesInfo.TypeOf(e)) {
		return t
	}
	if t.kind == tConst && !t.isStr {
		return &term{kind: tConst, isStr: true, str: t.str}
	}
	return &term{kind: tStr, args: []*term{t}}
}

func isString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// isStringOrBytes reports whether t is a string, a []byte, or a type
// parameter whose every type is one (K ~string).
func isStringOrBytes(t types.Type) bool {
	if isString(t) {
		return true
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		iface, _ := tp.Constraint().Underlying().(*types.Interface)
		if iface == nil {
			return false
		}
		found := false
		for i := range iface.NumEmbeddeds() {
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				for j := range e.Len() {
					if !isString(e.Term(j).Type()) {
						return false
					}
					found = true
				}
			default:
				if !isString(e) {
					return false
				}
				found = true
			}
		}
		return found
	}
	if t == nil {
		return false
	}
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	e, ok := s.Elem().Underlying().(*types.Basic)
	return ok && e.Kind() == types.Byte
}

// matches reports whether other may name the same key as k, once the
// variables of k in killed have been assigned since the write: the same
// form, where a killed variable must be matched by another variable (the
// same expression over a second loop's variables may name the same key; the
// killed variable itself now holds another value). A form that cannot be
