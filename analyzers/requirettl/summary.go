package requirettl

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// A summary is what a function does to the keys its parameters name
// (-1: the receiver). The summaries of the package's own functions are
// computed callees first; those of other packages' functions arrive as
// facts (see facts.go).
type summary struct {
	Expires []int         // sets a TTL on the key it receives, unchanged, and never removes it
	Removes []int         // the Expires that only delete or rename the key away
	May     []int         // may set a TTL on a key built from the parameter, or hands it to code that may
	Any     bool          // may expire any key: runs a script, or a command whose name is not a constant
	Scripts []ScriptParam // runs the script a parameter holds, on the keys another holds
	Writes  []ParamWrite  // a pass-through wrapper: writes the key without a TTL, and sets none
}

// A ParamWrite is one key parameter a wrapper writes without a TTL.
type ParamWrite struct {
	Param   int
	Command string // the command (or the inner wrapper) that writes it, for messages
	Clears  bool   // the command clears the TTL of an existing key (SET, GETSET)
	Hash    bool   // the command writes hash fields
}

func (s *summary) empty() bool {
	return len(s.Expires) == 0 && len(s.May) == 0 && !s.Any && len(s.Scripts) == 0 && len(s.Writes) == 0
}

func (s *summary) writes(param int) bool {
	return slices.ContainsFunc(s.Writes, func(w ParamWrite) bool { return w.Param == param })
}

// summaryOf returns the summary of fn: computed for a function of the
// package, read from facts for another package's. It is nil when fn does
// nothing to its parameters' keys.
func (c *checker) summaryOf(fn *types.Func) *summary {
	if fn.Pkg() == c.pass.Pkg {
		if fi := c.declInfo[fn]; fi != nil && fi.sum != nil && !fi.sum.empty() {
			return fi.sum
		}
		return nil
	}
	if s, ok := c.imported[fn]; ok {
		return s
	}
	s := c.importSummary(fn)
	if s.empty() {
		s = nil
	}
	c.imported[fn] = s
	return s
}

// summarize computes fi's summary from its events, whose callees are
// already summarized (or pending, in the same recursive cycle).
func (c *checker) summarize(fi *funcInfo) *summary {
	var (
		expires   = map[int]bool{}
		ttls      = map[int]bool{}
		may       = map[int]bool{}
		persisted = map[int]bool{}
		bounded   = map[int]bool{}
		any       bool
		scripts   []ScriptParam
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
					ttls[i] = ttls[i] || ev.ttl
				} else {
					mentioned(e)
				}
			}
		case evFields:
			for _, e := range ev.keys {
				c.paramsIn(fi, e, may) // some fields expire: the key may go with them
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
		case evScript:
			if !slices.Contains(scripts, ev.script) {
				scripts = append(scripts, ev.script)
			}
		case evWrite:
			for _, e := range ev.keys {
				if i, ok := paramOf(e); ok && !slices.ContainsFunc(writes, func(w ParamWrite) bool { return w.Param == i }) {
					cmd := ev.what
					if ev.name != "" {
						cmd = ev.name // a raw command: its name, not the call it was sent by
					}
					writes = append(writes, ParamWrite{Param: i, Command: cmd, Clears: !ev.keeps, Hash: ev.hash})
				}
			}
		}
	}
	s := new(summary)
	for i := range expires {
		if !persisted[i] {
			s.Expires = append(s.Expires, i)
			if !ttls[i] {
				s.Removes = append(s.Removes, i)
			}
		}
	}
	for i := range may {
		if !expires[i] || persisted[i] {
			s.May = append(s.May, i)
		}
	}
	s.Any = any
	s.Scripts = scripts
	if !any && len(scripts) == 0 && !c.persistentFunc(fi) {
		for _, w := range writes {
			if !expires[w.Param] && !may[w.Param] && !bounded[w.Param] && !persisted[w.Param] {
				s.Writes = append(s.Writes, w)
			}
		}
	}
	slices.Sort(s.Expires)
	slices.Sort(s.Removes)
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
