package requirettl

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Which keys may live without a TTL (persistence), and which key families
// the module gives a TTL somewhere (families).

// persistent reports whether the key written in fi is declared to live
// without a TTL: its constant prefix (or its key builder's) is listed in
// -requirettl.persistent, or //redislint:persistent is on a constant,
// variable or key builder it is built from, on the type whose method
// writes it, or on the package clause.
func (c *checker) persistent(fi *funcInfo, k *key) bool {
	if c.persistentFunc(fi) {
		return true
	}
	if k == nil {
		return false
	}
	if k.prefix != "" {
		for _, p := range c.cfg.Persistent {
			if strings.HasPrefix(k.prefix, p) {
				return true
			}
		}
	}
	for _, o := range k.objs {
		if c.persistentObj(o) {
			return true
		}
	}
	for _, fn := range k.funcs {
		if c.persistentObj(fn) {
			return true
		}
	}
	return false
}

// persistentFunc reports whether every key fi writes persists: the
// package clause, or the type of fi's receiver, carries the directive.
func (c *checker) persistentFunc(fi *funcInfo) bool {
	if c.persist.Package() {
		return true
	}
	if fi == nil || fi.fn == nil {
		return false
	}
	recv := fi.fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && c.persist.Object(n.Origin().Obj())
}

// persistentObj reports whether //redislint:persistent is on obj, in this
// package or (through its fact) in another.
func (c *checker) persistentObj(obj types.Object) bool {
	if obj.Pkg() == c.pass.Pkg {
		return c.persist.Object(obj)
	}
	if obj.Pkg() == nil || !c.hasFacts(obj.Pkg()) {
		return false
	}
	if fn, ok := obj.(*types.Func); ok {
		var f keyBuilder
		return c.pass.ImportObjectFact(fn, &f) && f.Persistent
	}
	var f persistentKey
	return c.pass.ImportObjectFact(obj, &f) && f.Persistent
}

// builderPrefix returns the constant prefix of the keys a key-builder
// function returns (the common constant start of its return values), or "".
func (c *checker) builderPrefix(fn *types.Func) string {
	if p, ok := c.prefixes[fn]; ok {
		return p
	}
	c.prefixes[fn] = ""
	p := ""
	sig := fn.Signature()
	switch {
	case sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()):
	case fn.Pkg() == c.pass.Pkg:
		if decl := c.cfgs.Decl(fn); decl != nil {
			p = c.returnsPrefix(decl.Body)
		}
	case fn.Pkg() != nil && c.hasFacts(fn.Pkg()):
		var f keyBuilder
		if c.pass.ImportObjectFact(fn, &f) {
			p = f.Prefix
		}
	}
	c.prefixes[fn] = p
	return p
}

// returnsPrefix returns the constant prefix every return statement of body
// starts its result with.
func (c *checker) returnsPrefix(body *ast.BlockStmt) string {
	prefix, first := "", true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				prefix, first = "", false
				return false
			}
			p := c.leadingConst(n.Results[0], 0)
			if first {
				prefix, first = p, false
			} else {
				for !strings.HasPrefix(p, prefix) {
					prefix = prefix[:len(prefix)-1]
				}
			}
		}
		return true
	})
	return prefix
}

// leadingConst returns the constant a string expression starts with.
func (c *checker) leadingConst(e ast.Expr, depth int) string {
	info := c.pass.TypesInfo
	if depth > maxDepth {
		return ""
	}
	e = ast.Unparen(e)
	if tv := info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return c.leadingConst(e.X, depth+1)
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.leadingConst(e.Args[0], depth+1)
		}
		if fn := typeutil.StaticCallee(info, e); fn != nil && fn.FullName() == "fmt.Sprintf" && len(e.Args) > 0 {
			if f, ok := constStr(info, e.Args[0]); ok {
				if i := strings.IndexByte(f, '%'); i >= 0 {
					return f[:i]
				}
				return f
			}
		}
		if fn := typeutil.StaticCallee(info, e); fn != nil {
			return c.builderPrefix(fn.Origin())
		}
	}
	return ""
}

// collectFamilies records the key families that the package's own code
// gives a TTL, each at its first place.
func (c *checker) collectFamilies() {
	first := map[string]token.Pos{}
	for _, fi := range c.roots {
		for _, ev := range fi.events {
			if ev.kind != evCover || !ev.ttl {
				continue
			}
			for _, e := range ev.keys {
				k := c.keyOf(fi, e)
				if k == nil || k.prefix == "" {
					continue
				}
				if p, ok := first[k.prefix]; !ok || ev.call.Pos() < p {
					first[k.prefix] = ev.call.Pos()
				}
			}
		}
	}
	for prefix, pos := range first {
		posn := c.pass.Fset.Position(pos)
		c.ownFamilies[prefix] = fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
	}
}

// familyTTL returns where the family of key k gets a TTL in the package
// or in the packages it imports.
func (c *checker) familyTTL(k *key) (string, bool) {
	if k == nil || k.prefix == "" {
		return "", false
	}
	if at, ok := c.ownFamilies[k.prefix]; ok {
		return at, true
	}
	if c.importedFamilies == nil {
		c.importedFamilies = map[string]string{}
		for _, pf := range c.pass.AllPackageFacts() {
			f, ok := pf.Fact.(*familyTTLs)
			if !ok || pf.Package == c.pass.Pkg {
				continue
			}
			for _, fam := range f.Families {
				at := pf.Package.Path() + "/" + fam.At
				if old, ok := c.importedFamilies[fam.Prefix]; !ok || at < old {
					c.importedFamilies[fam.Prefix] = at
				}
			}
		}
	}
	at, ok := c.importedFamilies[k.prefix]
	return at, ok
}
