package requirettl

import (
	"go/ast"
	"go/constant"
	"go/types"

	"github.com/redislint/redislint/internal/redisapi"
)

// script classifies a call that runs a Lua script (Eval, EvalSha, the
// methods of *Script) or a function (FCall). A script whose source
// requirettl can read may expire a key only if its text can set a TTL
// (redisapi.ScriptSetsTTL), and then only the keys in its KEYS. A script
// of unknown source may expire any key it is handed, in KEYS or ARGV.
func (c *checker) script(fi *funcInfo, call *ast.CallExpr, cmd redisapi.Command) []*event {
	run, ok := redisapi.ScriptRunOf(c.pass.TypesInfo, call)
	if !ok {
		return one(&event{kind: evAny, call: call})
	}
	sets, known := c.scriptSetsTTL(fi, run)
	if known && !sets {
		return nil
	}
	if !known && run.Script != nil {
		// func runScript(ctx, s *redis.Script, keys []string, ...): the
		// caller's script decides, at each call.
		if p, ok := c.paramOf(fi, run.Script); ok {
			sp := ScriptParam{Script: p, Keys: -2}
			if k, ok := c.paramOf(fi, run.Keys); ok {
				sp.Keys = k
			}
			return one(&event{kind: evScript, call: call, script: sp})
		}
	}
	handed, ok := c.sliceElems(fi, run.Keys)
	if !ok {
		return one(&event{kind: evAny, call: call}) // KEYS built elsewhere: it may be any key
	}
	if !known {
		if run.Spread {
			return one(&event{kind: evAny, call: call})
		}
		handed = append(handed, run.Args...)
	}
	if len(handed) == 0 {
		return nil
	}
	return one(&event{kind: evLoose, call: call, args: handed})
}

// A ScriptParam says which parameters of a function hold the *Script it
// runs and the KEYS it runs it on (-2: KEYS is not a parameter).
type ScriptParam struct {
	Script, Keys int
}

// scriptArg classifies a call that hands a function the script it runs:
// as a run of that script on keys; nil when the script sets no TTL.
func (c *checker) scriptArg(fi *funcInfo, call *ast.CallExpr, script, keys ast.Expr, haveKeys bool) *event {
	sets, known := false, false
	if script != nil {
		sets, known = c.scriptValue(fi, script, 0)
	}
	switch {
	case known && !sets:
		return nil // it sets no TTL
	case !known || !haveKeys:
		return &event{kind: evAny, call: call}
	}
	handed, ok := c.sliceElems(fi, keys)
	if !ok {
		return &event{kind: evAny, call: call}
	}
	return &event{kind: evLoose, call: call, args: handed}
}

// paramOf returns the index of the parameter of fi that e is, unchanged.
func (c *checker) paramOf(fi *funcInfo, e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	i, ok := fi.params[v]
	if vi := fi.vars[v]; !ok || vi == nil || vi.defs > 1 || vi.unstable {
		return 0, false
	}
	return i, true
}

// scriptSetsTTL decides whether the script that run runs can set a TTL.
// known is false when its source cannot be read.
func (c *checker) scriptSetsTTL(fi *funcInfo, run redisapi.ScriptRun) (sets, known bool) {
	if run.Source != nil {
		if src, ok := constStr(c.pass.TypesInfo, run.Source); ok {
			return redisapi.ScriptSetsTTL(src), true
		}
		return false, false
	}
	if run.Script == nil {
		return false, false // EvalSha, FCall: the script is on the server
	}
	return c.scriptValue(fi, run.Script, 0)
}

// scriptValue follows a *Script expression to the NewScript call that made
// it: a package-level variable (of this package, or of another through its
// fact), or a local defined once.
func (c *checker) scriptValue(fi *funcInfo, e ast.Expr, depth int) (sets, known bool) {
	if depth > maxDepth {
		return false, false
	}
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if src, ok := redisapi.NewScriptSource(info, call); ok {
			if s, ok := constStr(info, src); ok {
				return redisapi.ScriptSetsTTL(s), true
			}
		}
		return false, false
	}
	var v *types.Var
	switch e := e.(type) {
	case *ast.Ident:
		v, _ = info.Uses[e].(*types.Var)
	case *ast.SelectorExpr:
		if _, ok := info.Selections[e]; !ok {
			v, _ = info.Uses[e.Sel].(*types.Var) // pkg.Script
		}
	}
	if v == nil {
		return false, false
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		if v.Pkg() != c.pass.Pkg {
			var f scriptTTL
			if c.pass.ImportObjectFact(v, &f) {
				return f.SetsTTL, true
			}
			return false, false
		}
		if init, ok := c.globals[v]; ok && !c.assigned[v] {
			return c.scriptValue(fi, init, depth+1)
		}
		return false, false
	}
	if vi := fi.vars[v]; vi != nil && !vi.unstable && vi.defs == 1 && vi.def != nil {
		return c.scriptValue(fi, vi.def, depth+1)
	}
	return false, false
}

// sliceElems returns the elements of a []string literal (or nil), directly
// or through a local defined once; ok is false when they cannot be listed.
func (c *checker) sliceElems(fi *funcInfo, e ast.Expr) ([]ast.Expr, bool) {
	for range maxDepth {
		if e == nil || c.pass.TypesInfo.Types[e].IsNil() {
			return nil, true
		}
		switch x := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if _, ok := el.(*ast.KeyValueExpr); ok {
					return nil, false
				}
			}
			return x.Elts, true
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.Uses[x].(*types.Var)
			vi := fi.vars[v]
			if v == nil || vi == nil || vi.unstable || vi.defs != 1 || vi.def == nil || len(vi.addrAt) > 0 {
				return nil, false
			}
			e = vi.def
		default:
			return nil, false
		}
	}
	return nil, false
}

func constStr(info *types.Info, e ast.Expr) (string, bool) {
	tv := info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// exportScripts records, for each exported package-level *Script variable
// made by NewScript from a constant, whether its script can set a TTL.
func (c *checker) exportScripts() {
	for v, init := range c.globals {
		if !v.Exported() || c.assigned[v] {
			continue
		}
		call, ok := ast.Unparen(init).(*ast.CallExpr)
		if !ok {
			continue
		}
		if src, ok := redisapi.NewScriptSource(c.pass.TypesInfo, call); ok {
			if s, ok := constStr(c.pass.TypesInfo, src); ok {
				c.pass.ExportObjectFact(v, &scriptTTL{SetsTTL: redisapi.ScriptSetsTTL(s)})
			}
		}
	}
}
