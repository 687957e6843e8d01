package requirettl

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// A term is a key expression in a form that two occurrences can be
// compared in: locals defined once are replaced by their definition,
// same-package helpers of one return statement are inlined, and the
// usual spellings of string building (+, fmt.Sprintf with %s/%d/%v,
// strconv.Itoa) become one concatenation.
type term struct {
	kind termKind
	str  string      // tConst: the value (isStr) or its exact spelling; tGlobal, tCall: qualified name; tField: field name
	obj  *types.Var  // tVar, tParam
	idx  int         // tParam: parameter index, -1 for the receiver
	args []*term     // tCall: receiver then arguments; tConcat: parts; tField, tStr, tDeref: operand; tIndex: operand, index
	fn   *types.Func // tCall of a function (not a conversion): the function

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
	tDeref           // *x
)

// A key is a key expression as written at a call, with its term.
type key struct {
	expr   ast.Expr
	t      *term
	exact  string              // the term rendered with variable identities
	shape  string              // the term rendered with every variable as _
	prefix string              // the constant prefix, "" when the key starts with a non-constant
	objs   []types.Object      // constants and package-level variables it is built from
	funcs  []*types.Func       // key builders it goes through
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
	case tDeref:
		sb.WriteString("*")
		c.render(sb, t.args[0], shape)
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
		k = &key{expr: e, t: t, exact: ex.String(), shape: sh.String(), prefix: c.prefixOf(t), deps: b.deps, objs: b.objs, funcs: b.funcs}
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

// prefixOf returns the constant prefix of a key: its leading constant, or
// the prefix of the key builder it starts with.
func (c *checker) prefixOf(t *term) string {
	if t.kind == tConcat {
		t = t.args[0]
	}
	switch t.kind {
	case tConst:
		if t.isStr {
			return t.str
		}
	case tCall:
		if t.fn != nil {
			return c.builderPrefix(t.fn)
		}
	}
	return ""
}

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
