package directive

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Persistent holds what //redislint:persistent comments declare in a
// pass's files: data meant to live without a TTL, at the granularity
// people have. The directive goes in the doc comment (or the line comment)
// of
//
//   - a constant or variable: every key built from it;
//   - a function (a key builder): every key it builds;
//   - a type: every key its methods write;
//   - the package clause: every key the package writes;
//
// and, like //redislint:ignore, needs a reason:
//
//	//redislint:persistent inode metadata lives as long as the file system
//	func inodeKey(ino Ino) string { ... }
//
// A nil *Persistent declares nothing.
type Persistent struct {
	pkg     bool
	objects map[types.Object]bool
}

// LoadPersistent reads the //redislint:persistent directives of
// pass.Files and reports, through pass, those without a reason (which
// declare nothing) and those on anything but the declarations above.
func LoadPersistent(pass *analysis.Pass) *Persistent {
	p := &Persistent{objects: map[types.Object]bool{}}
	used := map[*ast.Comment]bool{}
	// mark applies the directives of groups to objs, and reports whether
	// one applied.
	mark := func(objs []types.Object, groups ...*ast.CommentGroup) bool {
		found := false
		for _, g := range groups {
			if g == nil {
				continue
			}
			for _, c := range g.List {
				reason, ok := parsePersistent(c.Text)
				if !ok {
					continue
				}
				used[c] = true
				if reason == "" {
					continue
				}
				found = true
				for _, o := range objs {
					if o != nil {
						p.objects[o] = true
					}
				}
			}
		}
		return found
	}
	for _, f := range pass.Files {
		if generated(f) {
			continue
		}
		if mark(nil, f.Doc) {
			p.pkg = true
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				mark([]types.Object{pass.TypesInfo.Defs[d.Name]}, d.Doc)
			case *ast.GenDecl:
				var all []types.Object
				for _, s := range d.Specs {
					var objs []types.Object
					var groups []*ast.CommentGroup
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							objs = append(objs, pass.TypesInfo.Defs[n])
						}
						groups = []*ast.CommentGroup{s.Doc, s.Comment}
					case *ast.TypeSpec:
						objs = []types.Object{pass.TypesInfo.Defs[s.Name]}
						groups = []*ast.CommentGroup{s.Doc, s.Comment}
					}
					mark(objs, groups...)
					all = append(all, objs...)
				}
				if d.Tok != token.IMPORT {
					mark(all, d.Doc)
				}
			}
		}
		for _, g := range f.Comments {
			for _, c := range g.List {
				reason, ok := parsePersistent(c.Text)
				switch {
				case !ok:
				case !used[c]:
					pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(),
						Message: "redislint:persistent directive applies to nothing here: put it in the doc comment of a constant, a key-builder function, a type or the package clause"})
				case reason == "":
					pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(),
						Message: "redislint:persistent directive needs a reason: " + persistentPrefix + " <why this data is kept without a TTL>"})
				}
			}
		}
	}
	return p
}

// Package reports whether the package clause of one of the files carries
// the directive: every key the package writes persists.
func (p *Persistent) Package() bool { return p != nil && p.pkg }

// Object reports whether the declaration of obj (a constant, variable,
// function or type of the pass's package) carries the directive.
func (p *Persistent) Object(obj types.Object) bool {
	return p != nil && obj != nil && p.objects[obj]
}
