package requirettl

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/redislint/redislint/internal/directive"
	"github.com/redislint/redislint/internal/flow"
	"github.com/redislint/redislint/internal/queued"
	"github.com/redislint/redislint/internal/redisapi"
)

// requirettl is a pipeline, one stage per file:
//
//	collect.go   the package's functions, bodies and package-level scripts
//	events.go    what each call does to key lifetimes (commands.go: go-redis
//	             commands; scripts.go: Lua scripts)
//	summary.go   what each function does to the keys it is handed, callees
//	             first; facts.go carries summaries across packages
//	keys.go      key expressions in a comparable form (terms.go builds them)
//	paths.go     the search for a path from a write that sets no expiry
//	             (errs.go: paths on which the write failed; exists.go: keys
//	             just found to exist)
//	policy.go    keys meant to persist, key families that get a TTL
//	report.go    the findings

// Config holds requirettl's settings.
type Config struct {
	// Persistent lists key prefixes that may live without a TTL: a key
	// whose constant prefix (or whose key builder's) starts with one of
	// them is never reported.
	Persistent []string `json:"persistent"`

	// Mode is "all" (the default: every key written without a TTL) or
	// "expiring": only keys of a family that the module gives a TTL
	// somewhere, for modules that keep other data on purpose.
	Mode string `json:"mode"`

	// Directives says how suppression comments are honored.
	Directives directive.Options `json:"-"`
}

// Modes of Config.Mode.
const (
	ModeAll      = "all"
	ModeExpiring = "expiring"
)

// Analyzer is requirettl with the zero Config.
var Analyzer = New(Config{})

// New returns a requirettl analyzer that uses cfg. Its flags
// -requirettl.persistent and -requirettl.mode set cfg of this analyzer only.
func New(cfg Config) *analysis.Analyzer {
	cfg.Persistent = slices.Clone(cfg.Persistent)
	a := &analysis.Analyzer{
		Name:     "requirettl",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/redislint/redislint/analyzers/requirettl",
		Requires: []*analysis.Analyzer{inspect.Analyzer, flow.Analyzer, queued.Analyzer},
		FactTypes: []analysis.Fact{new(expiresKey), new(mayExpire), new(writesKey),
			new(keyBuilder), new(persistentKey), new(scriptTTL), new(familyTTLs)},
	}
	a.Flags.Var((*commaList)(&cfg.Persistent), "persistent", "comma-separated key prefixes allowed to live without a TTL")
	a.Flags.Var((*mode)(&cfg.Mode), "mode", `"all" reports every key written without a TTL; "expiring" only keys of a family the module gives a TTL somewhere`)
	a.Run = func(pass *analysis.Pass) (any, error) {
		switch cfg.Mode {
		case "", ModeAll, ModeExpiring:
		default:
			return nil, fmt.Errorf("requirettl: unknown mode %q (want %q or %q)", cfg.Mode, ModeAll, ModeExpiring)
		}
		return run(pass, &cfg)
	}
	return a
}

// commaList is a flag.Value holding a comma-separated list.
type commaList []string

func (l *commaList) String() string { return strings.Join(*l, ",") }

func (l *commaList) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// mode is the flag.Value of Config.Mode.
type mode string

func (m *mode) String() string { return string(*m) }

func (m *mode) Set(s string) error {
	switch s {
	case ModeAll, ModeExpiring:
		*m = mode(s)
		return nil
	}
	return fmt.Errorf("want %q or %q", ModeAll, ModeExpiring)
}

// checker holds one pass's state.
type checker struct {
	pass    *analysis.Pass
	cfg     *Config
	cfgs    *flow.Graphs
	replies *queued.Replies
	dirs    *directive.Set
	persist *directive.Persistent

	declInfo   map[*types.Func]*funcInfo // declarations outside test files
	roots      []*funcInfo               // declarations and top-level function literals, in source order
	bodies     []*body
	globals    map[*types.Var]ast.Expr // initializers of package-level variables
	assigned   map[*types.Var]bool     // package-level variables assigned in a function
	pending    map[*types.Func]bool    // functions of the recursive cycle being summarized
	imported   map[*types.Func]*summary
	factPkgs   map[*types.Package]bool
	prefixes   map[*types.Func]string
	classified map[*ast.CallExpr][]*event
	keys       map[ast.Expr]*key
	varIDs     map[*types.Var]int
	reported   map[*ast.CallExpr]bool

	ownFamilies      map[string]string // key families the package gives a TTL, and where
	importedFamilies map[string]string
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	// Leave at once where no client call can be, and in go-redis itself,
	// which implements the commands (as rueidiscompat and the other
	// packages of the clients' repositories do).
	if !redisapi.Reaches(pass.Pkg) || redisapi.MajorOf(pass.Pkg.Path()) != 0 || redisapi.InClientRepo(pass.Pkg.Path()) {
		return nil, nil
	}
	c := &checker{
		pass:        pass,
		cfg:         cfg,
		cfgs:        pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		replies:     pass.ResultOf[queued.Analyzer].(*queued.Replies),
		declInfo:    map[*types.Func]*funcInfo{},
		globals:     map[*types.Var]ast.Expr{},
		assigned:    map[*types.Var]bool{},
		pending:     map[*types.Func]bool{},
		imported:    map[*types.Func]*summary{},
		factPkgs:    map[*types.Package]bool{},
		prefixes:    map[*types.Func]string{},
		classified:  map[*ast.CallExpr][]*event{},
		keys:        map[ast.Expr]*key{},
		varIDs:      map[*types.Var]int{},
		reported:    map[*ast.CallExpr]bool{},
		ownFamilies: map[string]string{},
	}
	c.persist = directive.LoadPersistent(pass)
	c.collect()
	c.summarizeAll()
	c.collectFamilies()
	for _, fi := range c.roots {
		c.exportSummary(fi)
	}
	c.exportKeys()
	c.exportScripts()
	c.dirs = directive.Load(pass, "requirettl", cfg.Directives)
	for _, b := range c.bodies {
		c.check(b)
	}
	return nil, nil
}
