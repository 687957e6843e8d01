package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"

	"golang.org/x/tools/go/packages"
)

// On an empty build cache every package is type-checked from source (see
// load.go), the standard library and every dependency included, and the
// function bodies of all of them are most of that work and of its memory.
// Yet no analyzer looks into a package that cannot carry facts: only its
// types matter, and the types of a package do not depend on its function
// bodies. So a first, cheap metadata load (go list, no type-checking)
// finds the files of the packages that are analyzed or can carry facts;
// every other file is parsed without comments and with its function
// bodies dropped.
//
// Dropping bodies hides the uses of imports that only bodies referred to,
// so go/types reports `"x" imported and not used` in such packages; those
// errors, and only those, are removed again after the load.

// coldParse returns a go/packages ParseFile that keeps the files of the
// packages matched by patterns and of the packages that can carry facts,
// and drops function bodies everywhere else, and a function that undoes
// the unused-import errors the dropping causes. On any failure of the
// metadata load it returns nil, and everything is parsed in full.
func coldParse(cfg packages.Config, patterns []string) (parse func(*token.FileSet, string, []byte) (*ast.File, error), fixup func([]*packages.Package)) {
	cfg.Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule
	initial, err := packages.Load(&cfg, patterns...)
	if err != nil {
		return nil, nil
	}
	keep := map[string]bool{}  // files parsed in full
	strip := map[string]bool{} // files whose bodies are dropped
	r := reacher{}
	roots := map[*packages.Package]bool{}
	for _, p := range initial {
		roots[p] = true
	}
	packages.Visit(initial, nil, func(p *packages.Package) {
		files := append(append([]string(nil), p.GoFiles...), p.CompiledGoFiles...)
		full := roots[p] || r.carries(p)
		for _, f := range files {
			if full {
				keep[f] = true
			} else {
				strip[f] = true
			}
		}
	})
	for f := range keep {
		delete(strip, f) // a file of both kinds of package is kept
	}
	parse = func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		if !strip[filename] {
			return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		}
		f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
		if f != nil {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && bodyless(fd) {
					fd.Body = nil
				}
			}
		}
		return f, err
	}
	fixup = func(loaded []*packages.Package) {
		var visit func(p *packages.Package) bool
		done := map[*packages.Package]bool{}
		visit = func(p *packages.Package) bool {
			if v, ok := done[p]; ok {
				return v
			}
			done[p] = true // cycles are errors already
			stripped := len(p.CompiledGoFiles) > 0 && strip[p.CompiledGoFiles[0]]
			if stripped {
				p.Errors = dropUnused(p.Errors)
				p.TypeErrors = nil // go/packages' copies of the same errors
			}
			ill := len(p.Errors) > 0
			for _, imp := range p.Imports {
				if visit(imp) {
					ill = true
				}
			}
			p.IllTyped = ill
			done[p] = ill
			return ill
		}
		for _, p := range loaded {
			visit(p)
		}
	}
	return parse, fixup
}

// bodyless reports whether go/types accepts fd without its body: not an
// init function, a generic function or a method of a generic type.
func bodyless(fd *ast.FuncDecl) bool {
	if fd.Type.TypeParams != nil || fd.Recv == nil && fd.Name.Name == "init" {
		return false
	}
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		t := fd.Recv.List[0].Type
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		switch t.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			return false
		}
	}
	return true
}

// unusedImport matches go/types' `"p" imported and not used` and
// `"p" imported as q and not used`.
var unusedImport = regexp.MustCompile(`^"[^"]*" imported (as \S+ )?and not used$`)

// dropUnused removes the unused-import errors from errs.
func dropUnused(errs []packages.Error) []packages.Error {
	out := errs[:0]
	for _, e := range errs {
		if e.Kind == packages.TypeError && unusedImport.MatchString(e.Msg) {
			continue
		}
		out = append(out, e)
	}
	return out
}
