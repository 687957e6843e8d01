package requirettl

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// expiresKey marks a function that sets a TTL on the key it receives as
// one of its parameters, unchanged (directly, through a write that carries
// a TTL, or through another such function), and never removes it. A write
// followed by a call that passes the same key is covered.
type expiresKey struct {
	Params []int // parameter indexes, counting a context.Context first parameter as 0
}

func (*expiresKey) AFact() {}

func (f *expiresKey) String() string { return "expiresKey(" + indexes(f.Params) + ")" }

// mayExpire marks a function that may set a TTL on a key built from one of
// its parameters (-1: the receiver), or hands it to code that may, such as a
// Lua script or a function value. A later call that passes something a key
// is built from makes requirettl stay silent about that key. Any: the
// function may expire any key (it runs a script, or a command whose name is
// not a constant).
type mayExpire struct {
	Params []int
	Any    bool
}

func (*mayExpire) AFact() {}

func (f *mayExpire) String() string {
	s := indexes(f.Params)
	if f.Any {
		s = strings.TrimPrefix(s+", any", ", ")
	}
	return "mayExpire(" + s + ")"
}

// writesKey marks a pass-through wrapper: it writes the key it receives as
// a parameter, unchanged, without a TTL, and sets none. Its callers are
// checked instead, as if they wrote the key themselves.
type writesKey struct {
	Writes []ParamWrite
}

// A ParamWrite is one key parameter a wrapper writes without a TTL.
type ParamWrite struct {
	Param   int
	Command string // the command (or the inner wrapper) that writes it, for messages
}

func (*writesKey) AFact() {}

func (f *writesKey) String() string {
	parts := make([]string, len(f.Writes))
	for i, w := range f.Writes {
		parts[i] = strconv.Itoa(w.Param) + " " + w.Command
	}
	return "writesKey(" + strings.Join(parts, ", ") + ")"
}

func indexes(is []int) string {
	parts := make([]string, len(is))
	for i, n := range is {
		if n < 0 {
			parts[i] = "recv"
		} else {
			parts[i] = strconv.Itoa(n)
		}
	}
	return strings.Join(parts, ", ")
}

// A summary is what a function does to the keys its parameters name: the
// union of the three facts.
type summary struct {
	Expires []int
	May     []int
	Any     bool
	Writes  []ParamWrite
}

func (s *summary) empty() bool {
	return len(s.Expires) == 0 && len(s.May) == 0 && !s.Any && len(s.Writes) == 0
}

func (s *summary) writes(param int) bool {
	return slices.ContainsFunc(s.Writes, func(w ParamWrite) bool { return w.Param == param })
}

// summaryOf returns the summary of a function: computed for this package,
// or read from the facts of an imported one. known is false when the
// function has none (it does nothing to its parameters' keys) or is being
// summarized.
func (c *checker) summaryOf(fn *types.Func) (*summary, bool) {
	if fn.Pkg() == c.pass.Pkg {
		if fi := c.declInfo[fn]; fi != nil && fi.sum != nil && !fi.sum.empty() {
			return fi.sum, true
		}
		return nil, false
	}
	if s, ok := c.imported[fn]; ok {
		return s, s != nil
	}
	s := new(summary)
	var e expiresKey
	if c.pass.ImportObjectFact(fn, &e) {
		s.Expires = e.Params
	}
	var m mayExpire
	if c.pass.ImportObjectFact(fn, &m) {
		s.May, s.Any = m.Params, m.Any
	}
	var w writesKey
	if c.pass.ImportObjectFact(fn, &w) {
		s.Writes = w.Writes
	}
	if s.empty() {
		s = nil
	}
	c.imported[fn] = s
	return s, s != nil
}

// summarize computes fi's summary from its events, whose callees are
// already summarized (or pending, in the same recursive cycle).
func (c *checker) summarize(fi *funcInfo) *summary {
	var (
		expires   = map[int]bool{}
		may       = map[int]bool{}
		persisted = map[int]bool{}
		bounded   = map[int]bool{}
		any       bool
		writes    []ParamWrite
	)
	paramOf := func(e ast.Expr) (int, bool) {
		k := c.keyOf(fi, e)
		if k == nil || k.t.kind != tParam {
			return 0, false
		}
		return k.t.idx, true
	}
	mentioned := func(e ast.Expr) {
		k := c.keyOf(fi, e)
		if k == nil {
			for _, i := range fi.params {
				may[i] = true // an expiry we cannot name may be any of them
			}
			return
		}
		for v := range k.deps {
			if i, ok := fi.params[v]; ok {
				may[i] = true
			}
		}
	}
	for _, ev := range fi.events {
		switch ev.kind {
		case evCover:
			for _, e := range ev.keys {
				if i, ok := paramOf(e); ok {
					expires[i] = true
				} else {
					mentioned(e)
				}
			}
		case evBound:
			for _, e := range ev.keys {
				if i, ok := paramOf(e); ok {
					bounded[i] = true
				}
			}
		case evPersist:
			for _, e := range ev.keys {
				if i, ok := paramOf(e); ok {
					persisted[i] = true
				}
			}
		case evLoose:
			for _, a := range ev.args {
				c.paramsIn(fi, a, may)
			}
		case evAny:
			any = true
		case evWrite:
			for _, e := range ev.keys {
				if i, ok := paramOf(e); ok && !slices.ContainsFunc(writes, func(w ParamWrite) bool { return w.Param == i }) {
					writes = append(writes, ParamWrite{Param: i, Command: ev.what})
				}
			}
		}
	}
	s := new(summary)
	for i := range expires {
		if !persisted[i] {
			s.Expires = append(s.Expires, i)
		}
	}
	for i := range may {
		if !expires[i] || persisted[i] {
			s.May = append(s.May, i)
		}
	}
	s.Any = any
	if !any {
		for _, w := range writes {
			if !expires[w.Param] && !may[w.Param] && !bounded[w.Param] && !persisted[w.Param] {
				s.Writes = append(s.Writes, w)
			}
		}
	}
	slices.Sort(s.Expires)
	slices.Sort(s.May)
	return s
}

// paramsIn adds to set the parameters that expression e refers to.
func (c *checker) paramsIn(fi *funcInfo, e ast.Expr, set map[int]bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
				if i, ok := fi.params[v]; ok {
					set[i] = true
				} else if vi := fi.vars[v]; vi != nil && vi.def != nil && vi.defs == 1 {
					c.paramsIn(fi, vi.def, set) // k := "user:" + id
				}
			}
		}
		return true
	})
}

// export records fi's summary as facts.
func (c *checker) export(fi *funcInfo) {
	s := fi.sum
	if fi.fn == nil || s == nil || !fi.fn.Exported() {
		return // only an exported function can be called from another package
	}
	if len(s.Expires) > 0 {
		c.pass.ExportObjectFact(fi.fn, &expiresKey{Params: s.Expires})
	}
	if len(s.May) > 0 || s.Any {
		c.pass.ExportObjectFact(fi.fn, &mayExpire{Params: s.May, Any: s.Any})
	}
	if len(s.Writes) > 0 {
		c.pass.ExportObjectFact(fi.fn, &writesKey{Writes: s.Writes})
	}
}
