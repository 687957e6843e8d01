// Package fixes holds what the analyzers' suggested fixes share: naming an
// imported package at a position, and adding the import when it is missing.
package fixes

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// ImportName returns the name under which file can refer to the package
// with import path path at pos, and the edits that import it (as name) when
// the file does not yet. It reports false when no rewrite is safe: the
// package is imported as _ or ., its name is shadowed at pos, or name is
// already taken in the file or package scope.
func ImportName(pass *analysis.Pass, file *ast.File, pos token.Pos, path, name string) (string, []analysis.TextEdit, bool) {
	if file == nil {
		return "", nil, false
	}
	scope := pass.TypesInfo.Scopes[file]
	if scope == nil {
		return "", nil, false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		inner = scope
	}
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		local := name
		if spec.Name != nil {
			local = spec.Name.Name
		}
		if local == "_" || local == "." {
			continue
		}
		if _, obj := inner.LookupParent(local, pos); obj != nil {
			if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == path {
				return local, nil, true
			}
		}
		return "", nil, false // shadowed here
	}
	// Not imported: import it under name, when that name is free.
	if _, obj := inner.LookupParent(name, pos); obj != nil || pass.Pkg.Scope().Lookup(name) != nil {
		return "", nil, false
	}
	text := strconv.Quote(path)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			return name, []analysis.TextEdit{{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\t" + text + "\n")}}, true
		}
		if len(gd.Specs) != 1 {
			return "", nil, false
		}
		// import "x" -> import ("x"; "path")
		return name, []analysis.TextEdit{{Pos: gd.Pos(), End: gd.End(), NewText: []byte("import (\n\t" + Source(pass.Fset, gd.Specs[0]) + "\n\t" + text + "\n)")}}, true
	}
	return name, []analysis.TextEdit{{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + text)}}, true
}

// Source returns n formatted as Go source.
func Source(fset *token.FileSet, n ast.Node) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, n); err != nil {
		if e, ok := n.(ast.Expr); ok {
			return types.ExprString(e)
		}
		return ""
	}
	return buf.String()
}

// Pure reports whether evaluating e cannot have side effects, so that a fix
// may move it, or evaluate it a different number of times: identifiers,
// literals, selectors and binary operations on them.
func Pure(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return Pure(e.X)
	case *ast.BinaryExpr:
		return Pure(e.X) && Pure(e.Y)
	}
	return false
}
