// Package testcode tells test code from the code a service runs.
//
// requirettl, ctxclose and pipelineloop do not check test code: tests write
// fixture keys without TTLs, leave connections to the end of the test
// binary and check results one item at a time on purpose. Test code is a
// _test.go file, or a file that imports "testing": a test helper package
// (testutil.SeedQueue(tb, ...)), which production code does not import.
package testcode

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Files returns the pass's files that hold test code.
type Files map[*token.File]bool

// Of returns the test files of pass.
func Of(pass *analysis.Pass) Files {
	fs := Files{}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil && IsTest(tf.Name(), f) {
			fs[tf] = true
		}
	}
	return fs
}

// At reports whether pos lies in a test file.
func (fs Files) At(fset *token.FileSet, pos token.Pos) bool {
	return fs[fset.File(pos)]
}

// IsTest reports whether the file named name, whose syntax is f, holds
// test code.
func IsTest(name string, f *ast.File) bool {
	if strings.HasSuffix(name, "_test.go") {
		return true
	}
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == "testing" {
			return true
		}
	}
	return false
}
