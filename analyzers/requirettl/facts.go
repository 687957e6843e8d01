package requirettl

import (
	"fmt"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Facts carry the summaries of exported functions to the packages that
// call them, with what key families and key builders the package defines.
// Packages that cannot reach go-redis carry none; a function of such a
// package is judged from its signature (see foreign).

// expiresKey marks a function that sets a TTL on (or deletes) the key it
// receives as one of its parameters, unchanged, and never removes its TTL.
type expiresKey struct {
	Params  []int // parameter indexes, -1 for the receiver
	Removes []int // those it only deletes
}

func (*expiresKey) AFact() {}

func (f *expiresKey) String() string {
	if len(f.Removes) > 0 {
		return "expiresKey(" + indexes(f.Params) + "; removes " + indexes(f.Removes) + ")"
	}
	return "expiresKey(" + indexes(f.Params) + ")"
}

// mayExpire marks a function that may set a TTL on a key built from one of
// its parameters in a way requirettl cannot name (a key it builds, a
// script, a function value); Any: on any key.
type mayExpire struct {
	Params  []int
	Any     bool
	Scripts []ScriptParam // runs the script its caller hands it
}

func (*mayExpire) AFact() {}

func (f *mayExpire) String() string {
	s := indexes(f.Params)
	if f.Any {
		s = strings.TrimPrefix(s+", any", ", ")
	}
	for _, sp := range f.Scripts {
		s = strings.TrimPrefix(fmt.Sprintf("%s, script %d on %d", s, sp.Script, sp.Keys), ", ")
	}
	return "mayExpire(" + s + ")"
}

// writesKey marks a pass-through wrapper: it writes the key it receives,
// unchanged, without a TTL and sets none. Each call is checked instead, as
// if it wrote the key itself.
type writesKey struct {
	Writes []ParamWrite
}

func (*writesKey) AFact() {}

func (f *writesKey) String() string {
	parts := make([]string, len(f.Writes))
	for i, w := range f.Writes {
		parts[i] = strconv.Itoa(w.Param) + " " + w.Command
	}
	return "writesKey(" + strings.Join(parts, ", ") + ")"
}

// keyBuilder marks an exported function that returns keys with a constant
// prefix (func InodeKey(i Ino) string { return "i" + ... }), and whether
// //redislint:persistent declares its keys persistent.
type keyBuilder struct {
	Prefix     string
	Persistent bool
}

func (*keyBuilder) AFact() {}

func (f *keyBuilder) String() string {
	if f.Persistent {
		return fmt.Sprintf("keyBuilder(%q, persistent)", f.Prefix)
	}
	return fmt.Sprintf("keyBuilder(%q)", f.Prefix)
}

// persistentKey marks an exported constant or variable whose keys
// //redislint:persistent declares persistent. (A fact needs an exported
// field to be gob-encoded.)
type persistentKey struct{ Persistent bool }

func (*persistentKey) AFact()         {}
func (*persistentKey) String() string { return "persistentKey" }

// scriptTTL marks an exported package-level *Script made from a constant
// source: whether the script can set a TTL.
type scriptTTL struct{ SetsTTL bool }

func (*scriptTTL) AFact() {}

func (f *scriptTTL) String() string { return fmt.Sprintf("scriptTTL(%v)", f.SetsTTL) }

// familyTTLs is a package fact: the key families (constant prefixes) that
// the package's code gives a TTL, each with the first place it does.
type familyTTLs struct {
	Families []FamilyTTL // sorted by Prefix
}

// A FamilyTTL is a key family that gets a TTL, and where.
type FamilyTTL struct {
	Prefix string
	At     string // "file.go:12" within the package's import path
}

func (*familyTTLs) AFact() {}

func (f *familyTTLs) String() string {
	parts := make([]string, len(f.Families))
	for i, fam := range f.Families {
		parts[i] = strconv.Quote(fam.Prefix)
	}
	return "familyTTLs(" + strings.Join(parts, ", ") + ")"
}

// importSummary reads the summary of another package's function from its facts.
func (c *checker) importSummary(fn *types.Func) *summary {
	s := new(summary)
	var e expiresKey
	if c.pass.ImportObjectFact(fn, &e) {
		s.Expires, s.Removes = e.Params, e.Removes
	}
	var m mayExpire
	if c.pass.ImportObjectFact(fn, &m) {
		s.May, s.Any, s.Scripts = m.Params, m.Any, m.Scripts
	}
	var w writesKey
	if c.pass.ImportObjectFact(fn, &w) {
		s.Writes = w.Writes
	}
	return s
}

// exportSummary records fi's summary as facts, for an exported function
// (only those can be called from another package).
func (c *checker) exportSummary(fi *funcInfo) {
	s := fi.sum
	if fi.fn == nil || s == nil || !fi.fn.Exported() {
		return
	}
	if len(s.Expires) > 0 {
		c.pass.ExportObjectFact(fi.fn, &expiresKey{Params: s.Expires, Removes: s.Removes})
	}
	if len(s.May) > 0 || s.Any || len(s.Scripts) > 0 {
		c.pass.ExportObjectFact(fi.fn, &mayExpire{Params: s.May, Any: s.Any, Scripts: s.Scripts})
	}
	if len(s.Writes) > 0 {
		c.pass.ExportObjectFact(fi.fn, &writesKey{Writes: s.Writes})
	}
}

// exportKeys records the package's exported key builders and persistent
// constants, and the key families it gives a TTL.
func (c *checker) exportKeys() {
	for _, fi := range c.roots {
		fn := fi.fn
		if fn == nil || !fn.Exported() {
			continue
		}
		if sig := fn.Signature(); sig.Recv() != nil {
			continue
		}
		if p := c.builderPrefix(fn); p != "" || c.persist.Object(fn) {
			c.pass.ExportObjectFact(fn, &keyBuilder{Prefix: p, Persistent: c.persist.Object(fn)})
		}
	}
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		switch obj.(type) {
		case *types.Const, *types.Var:
			if obj.Exported() && c.persist.Object(obj) {
				c.pass.ExportObjectFact(obj, &persistentKey{Persistent: true})
			}
		}
	}
	if len(c.ownFamilies) > 0 {
		f := &familyTTLs{}
		for p, at := range c.ownFamilies {
			f.Families = append(f.Families, FamilyTTL{Prefix: p, At: at})
		}
		slices.SortFunc(f.Families, func(a, b FamilyTTL) int { return strings.Compare(a.Prefix, b.Prefix) })
		c.pass.ExportPackageFact(f)
	}
}
