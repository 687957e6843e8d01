package requirettl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A term is a key expression in a form that two occurrences can be
// compared in: locals defined once are replaced by their definition,
// same-package helpers of one return statement are inlined, and the
// usual spellings of string building (+, fmt.Sprintf with %s/%d/%v,
// strconv.Itoa) become one concatenation.
type term struct {
	kind termKind
	str  string     // tConst: the value (isStr) or its exact spelling; tGlobal, tCall: qualified name; tField: field name
	obj  *types.Var // tVar, tParam
	idx  int        // tParam: parameter index, -1 for the receiver
	args []*term    // tCall: receiver then arguments; tConcat: parts; tField, tStr: operand; tIndex: operand, index

	isStr bool // tConst holds a string
}

type termKind uint8

const (
	tConst  termKind = iota
	tParam           // a parameter of the analyzed top-level function, never reassigned
	tVar             // any other local variable
	tGlobal          // a package-level variable
	tField           // x.f
	tCall            // a call of a static function or method
	tStr             // the decimal or %v form of a non-string value
	tConcat          // string concatenation
	tIndex           // x[i]
)

// A key is a key expression as written at a call, with its term.
type key struct {
	expr   ast.Expr
	t      *term
	exact  string              // the term rendered with variable identities
	shape  string              // the term rendered with every variable as _
	prefix string              // the constant prefix, "" when the key starts with a non-constant
	deps   map[*types.Var]bool // variables the key's value depends on (defined-once locals included)
	vars   []*types.Var        // the variables of the term: an assignment to one changes the key
	parts  map[string]bool     // built by subterms
}

// bit returns the bit of v among k.vars, or 0.
func (k *key) bit(v *types.Var) uint64 {
	for i, kv := range k.vars {
		if kv == v && i < 64 {
			return 1 << i
		}
	}
	return 0
}

// render writes t; with shape set, variables and parameters become "_" so
// that the same expression over a later iteration's variables matches.
func (c *checker) render(sb *strings.Builder, t *term, shape bool) {
	switch t.kind {
	case tConst:
		if t.isStr {
			sb.WriteString(strconv.Quote(t.str))
		} else {
			sb.WriteString(t.str)
		}
	case tParam:
		if shape {
			sb.WriteString("_")
		} else if t.idx < 0 {
			sb.WriteString("$r")
		} else {
			sb.WriteString("$" + strconv.Itoa(t.idx))
		}
	case tVar:
		if shape {
			sb.WriteString("_")
		} else {
			sb.WriteString("v" + strconv.Itoa(c.varID(t.obj)))
		}
	case tGlobal:
		sb.WriteString(t.str)
	case tField:
		c.render(sb, t.args[0], shape)
		sb.WriteString("." + t.str)
	case tCall:
		sb.WriteString(t.str + "(")
		for i, a := range t.args {
			if i > 0 {
				sb.WriteString(",")
			}
			c.render(sb, a, shape)
		}
		sb.WriteString(")")
	case tStr:
		sb.WriteString("str(")
		c.render(sb, t.args[0], shape)
		sb.WriteString(")")
	case tConcat:
		sb.WriteString("(")
		for i, a := range t.args {
			if i > 0 {
				sb.WriteString("+")
			}
			c.render(sb, a, shape)
		}
		sb.WriteString(")")
	case tIndex:
		c.render(sb, t.args[0], shape)
		sb.WriteString("[")
		c.render(sb, t.args[1], shape)
		sb.WriteString("]")
	}
}

func (c *checker) varID(v *types.Var) int {
	id, ok := c.varIDs[v]
	if !ok {
		id = len(c.varIDs) + 1
		c.varIDs[v] = id
	}
	return id
}

// keyOf returns the comparable form of a key expression in fi, or nil
// when it cannot be compared with confidence (a dynamic call, a variable
// whose address is taken or that a closure assigns, ...).
func (c *checker) keyOf(fi *funcInfo, e ast.Expr) *key {
	if e == nil {
		return nil
	}
	if k, ok := c.keys[e]; ok {
		return k
	}
	b := &termBuilder{c: c, fi: fi, deps: map[*types.Var]bool{}}
	t := b.term(e)
	var k *key
	if t != nil {
		var ex, sh strings.Builder
		c.render(&ex, t, false)
		c.render(&sh, t, true)
		k = &key{expr: e, t: t, exact: ex.String(), shape: sh.String(), prefix: prefixOf(t), deps: b.deps}
		collectVars(t, &k.vars)
	}
	c.keys[e] = k
	return k
}

func collectVars(t *term, out *[]*types.Var) {
	if (t.kind == tVar || t.kind == tParam) && !slices.Contains(*out, t.obj) {
		*out = append(*out, t.obj)
	}
	for _, a := range t.args {
		collectVars(a, out)
	}
}

func prefixOf(t *term) string {
	switch t.kind {
	case tConst:
		if t.isStr {
			return t.str
		}
	case tConcat:
		if first := t.args[0]; first.kind == tConst && first.isStr {
			return first.str
		}
	}
	return ""
}

// termBuilder builds one key's term.
type termBuilder struct {
	c     *checker
	fi    *funcInfo
	env   map[*types.Var]*term // parameters of an inlined helper
	deps  map[*types.Var]bool
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
		return constTerm(tv.Value)
	}
	switch e := e.(type) {
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
	if i, ok := b.fi.params[v]; ok && vi.defs <= 1 {
		return &term{kind: tParam, obj: v, idx: i}
	}
	if vi.defs == 1 && vi.def != nil {
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
		if len(call.Args) == 1 && isString(tv.Type) && isStringOrBytes(info.TypeOf(call.Args[0])) {
			return b.term(call.Args[0])
		}
		return nil
	}
	if call.Ellipsis.IsValid() {
		return nil
	}
	fn := typeutil.StaticCallee(info, call)
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
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
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
	if t := b.inline(fn, args, recv != nil); t != nil {
		return t
	}
	return &term{kind: tCall, str: fn.FullName(), args: args}
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
// compared (nil) may be anything.
func (k *key) matches(other *key, killed uint64) bool {
	if other == nil {
		return true
	}
	if killed == 0 {
		return k.exact == other.exact
	}
	return k.shape == other.shape && k.align(k.t, other.t, killed)
}

func (k *key) align(a, b *term, killed uint64) bool {
	if a.kind == tVar || a.kind == tParam {
		if b.kind != tVar && b.kind != tParam {
			return false
		}
		if killed&k.bit(a.obj) != 0 {
			return b.obj != a.obj
		}
		return b.obj == a.obj
	}
	if a.kind != b.kind || a.str != b.str || a.isStr != b.isStr || len(a.args) != len(b.args) {
		return false
	}
	for i := range a.args {
		if !k.align(a.args[i], b.args[i], killed) {
			return false
		}
	}
	return true
}

// similar reports whether other may name the same key as k on some
// iteration: the same shape, or a form that cannot be compared.
func (k *key) similar(other *key) bool {
	return other == nil || k.shape == other.shape
}

// mentionedBy reports whether the key may reach code through e: e spells
// the key or a part it is built from (id for "user:"+id), or, when e is not
// a string requirettl can compare, refers to a variable the key depends on.
// "lt:"+id does not mention "lg:"+id: code cannot name one from the other.
func (c *checker) mentionedBy(fi *funcInfo, k *key, e ast.Expr) bool {
	if isString(c.pass.TypesInfo.TypeOf(e)) {
		if o := c.keyOf(fi, e); o != nil {
			return k.subterms(c)[o.exact]
		}
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && k.deps[v] {
				found = true
			}
		}
		return true
	})
	return found
}

// subterms returns the exact forms of the key and of every part of it.
func (k *key) subterms(c *checker) map[string]bool {
	if k.parts == nil {
		k.parts = map[string]bool{}
		var walk func(t *term)
		walk = func(t *term) {
			var sb strings.Builder
			c.render(&sb, t, false)
			k.parts[sb.String()] = true
			for _, a := range t.args {
				walk(a)
			}
		}
		walk(k.t)
	}
	return k.parts
}
