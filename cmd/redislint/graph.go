package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/internal/redisapi"
	"github.com/redislint/redislint/internal/stdpkg"
)

// The package graph the standalone driver analyzes.
//
// With analysis facts, the x/tools checker runs every analyzer on every
// dependency, so multichecker loads them all from source: on go-redis v9,
// twice the time and three times the memory of the plain floor. But only a
// package that can reach a go-redis client can carry a redislint fact. So
// redislint loads from source only the packages it analyzes and those
// that can carry facts: packages outside the standard library and
// go-redis that import go-redis, directly or not. Every other package is
// read from export data (go/packages' LoadSyntax mode, which gives
// dependencies their types and no syntax), and is cut out of the graph the
// checker walks, so no analyzer runs on it.
//
// Usually every package that can carry facts is among those analyzed
// (./... of a module), and one load does. When some are not (a helper
// package of the module outside the patterns, a third-party wrapper of
// go-redis), they are loaded again as initial packages, so that they get
// syntax, and only the packages named on the command line are analyzed
// for findings.

// graph is a loaded program ready for checker.Analyze.
type graph struct {
	roots      []*packages.Package // the packages to report on
	illTyped   []*packages.Package // roots left out: they do not type-check
	errs       map[*packages.Package][]packages.Error
	fromSource []string // packages outside roots loaded from source for their facts
}

// loadMode is LoadSyntax plus what the analyzers and the graph need.
const loadMode = packages.LoadSyntax | packages.NeedModule

// loadGraph loads the packages matched by patterns. allSource loads every
// package from source (an empty build cache, where export data would mean
// compiling everything first).
func loadGraph(patterns []string, tests bool, tags string, allSource bool) (*graph, error) {
	cfg := &packages.Config{Mode: loadMode, Tests: tests}
	if tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	var fixup func([]*packages.Package)
	if allSource {
		cfg.Mode |= packages.NeedDeps
		cfg.ParseFile, fixup = coldParse(*cfg, patterns)
	}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if fixup != nil {
		fixup(initial)
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	rootIDs := map[string]bool{}
	for _, p := range initial {
		rootIDs[p.ID] = true
	}

	if !allSource {
		if extra := carriersWithoutSyntax(initial); len(extra) > 0 {
			again, err := packages.Load(cfg, append(slices.Clone(patterns), extra...)...)
			if err != nil {
				return nil, err
			}
			initial = initial[:0]
			for _, p := range again {
				if rootIDs[p.ID] {
					initial = append(initial, p)
				}
			}
			g := prune(initial)
			g.fromSource = extra
			return g, nil
		}
	}
	return prune(initial), nil
}

// outside reports whether p is in the standard library or in a client's
// module (go-redis, redigo): such packages carry no redislint fact.
func outside(p *packages.Package) bool {
	if p.Module == nil || stdpkg.Is(p.PkgPath) {
		return true
	}
	return redisapi.IsClientModule(p.Module.Path)
}

// reacher answers, with memoization, whether a package imports a client
// (go-redis or redigo), directly or through other packages.
type reacher map[*packages.Package]bool

func (r reacher) reaches(p *packages.Package) bool {
	if v, ok := r[p]; ok {
		return v
	}
	r[p] = false // import cycles are errors; stay finite anyway
	v := redisapi.IsClient(p.PkgPath)
	for _, imp := range p.Imports {
		if v {
			break
		}
		v = r.reaches(imp)
	}
	r[p] = v
	return v
}

// carries reports whether p can carry facts.
func (r reacher) carries(p *packages.Package) bool { return !outside(p) && r.reaches(p) }

// carriersWithoutSyntax returns the paths of the packages that can carry
// facts but were loaded from export data.
func carriersWithoutSyntax(initial []*packages.Package) []string {
	r := reacher{}
	var extra []string
	seen := map[string]bool{}
	packages.Visit(initial, nil, func(p *packages.Package) {
		if p.Syntax == nil && r.carries(p) && !seen[p.PkgPath] && p.PkgPath != "" && !strings.HasSuffix(p.PkgPath, ".test") {
			seen[p.PkgPath] = true
			extra = append(extra, p.PkgPath)
		}
	})
	sort.Strings(extra)
	return extra
}

// prune keeps as roots the initial packages that type-check and cuts
// every import edge that leads to a package that cannot carry facts, or
// has no syntax, or does not type-check, so that checker.Analyze runs
// analyzers only where they can matter.
func prune(initial []*packages.Package) *graph {
	g := &graph{errs: map[*packages.Package][]packages.Error{}}
	r := reacher{}
	keep := map[*packages.Package]bool{}
	var mark func(p *packages.Package)
	mark = func(p *packages.Package) {
		if _, ok := keep[p]; ok {
			return
		}
		keep[p] = false
		for _, imp := range p.Imports {
			mark(imp)
		}
		keep[p] = p.Syntax != nil && !p.IllTyped && len(p.Errors) == 0 && r.carries(p)
	}
	for _, p := range initial {
		mark(p)
		if p.IllTyped || len(p.Errors) > 0 {
			g.illTyped = append(g.illTyped, p)
			packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
				g.errs[p] = append(g.errs[p], q.Errors...)
			})
			continue
		}
		g.roots = append(g.roots, p)
		keep[p] = true
	}
	for p, k := range keep {
		if !k {
			continue
		}
		for path, imp := range p.Imports {
			if !keep[imp] {
				delete(p.Imports, path)
			}
		}
	}
	return g
}

// report prints why packages named on the command line were not
// analyzed, each error once (a package's errors are also its test
// variant's), and reports whether there was any such package. The
// package's other variants are still analyzed: a test file that does not
// type-check leaves the package itself analyzed, and the other way round.
func (g *graph) report(w io.Writer) bool {
	printed := map[string]bool{}
	for _, p := range g.illTyped {
		var fresh []string
		errs := g.errs[p]
		typeErrs := slices.ContainsFunc(errs, func(e packages.Error) bool { return e.Kind == packages.TypeError })
		for _, e := range errs {
			// go list's own failure to compile the package ("# p ...")
			// repeats the type errors.
			if typeErrs && e.Kind != packages.TypeError && strings.HasPrefix(e.Msg, "# ") {
				continue
			}
			if msg := e.Error(); !printed[msg] {
				printed[msg] = true
				fresh = append(fresh, msg)
			}
		}
		if len(fresh) == 0 {
			continue // the same errors as a variant already reported
		}
		what := "package " + p.PkgPath
		if strings.HasSuffix(p.ID, ".test]") || strings.HasSuffix(p.ID, ".test") {
			what = fmt.Sprintf("%s (with its test files)", p.ID)
		}
		fmt.Fprintf(w, "redislint: %s does not type-check; not analyzed:\n", what)
		const most = 10
		for i, msg := range fresh {
			if i == most {
				fmt.Fprintf(w, "\t... and %d more\n", len(fresh)-most)
				break
			}
			fmt.Fprintf(w, "\t%s\n", msg)
		}
	}
	return len(g.illTyped) > 0
}
