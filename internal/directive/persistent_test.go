package directive

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// loadPersistent type-checks src as one file and loads its persistent
// directives.
func loadPersistent(t *testing.T, src string) (*Persistent, *types.Package, []analysis.Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		Report: func(d analysis.Diagnostic) { diags = append(diags, d) }}
	return LoadPersistent(pass), pkg, diags
}

func TestPersistentDeclarations(t *testing.T) {
	t.Parallel()
	p, pkg, diags := loadPersistent(t, `package p

//redislint:persistent file metadata is kept until the file is deleted
const inodePrefix = "i"

const (
	//redislint:persistent the chunk index lives with the chunks
	chunkPrefix = "c"
	tmpPrefix   = "t"
)

const sessionPrefix = "s" //redislint:persistent sessions are swept by a cron job

//redislint:persistent
const noReason = "n"

//redislint:persistent the settings are small and few
func settingsKey(name string) string { return "settings:" + name }

func cacheKey(name string) string { return "cache:" + name }

// Registry keeps the job registry.
//
//redislint:persistent jobs are removed when they finish
type Registry struct{}

func f() {
	//redislint:persistent not a declaration
	_ = 0
}
`)
	if p.Package() {
		t.Error("Package() = true without a directive on the package clause")
	}
	for name, want := range map[string]bool{
		"inodePrefix": true, "chunkPrefix": true, "tmpPrefix": false, "sessionPrefix": true,
		"noReason": false, "settingsKey": true, "cacheKey": false, "Registry": true,
	} {
		if got := p.Object(pkg.Scope().Lookup(name)); got != want {
			t.Errorf("Object(%s) = %v, want %v", name, got, want)
		}
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Message)
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "needs a reason") || !strings.Contains(msgs[1], "applies to nothing") {
		t.Errorf("diagnostics = %q, want one without a reason and one misplaced", msgs)
	}
}

func TestPersistentPackage(t *testing.T) {
	t.Parallel()
	p, _, diags := loadPersistent(t, `// Package meta stores file system metadata.
//
//redislint:persistent the metadata is the file system
package p
`)
	if !p.Package() || len(diags) != 0 {
		t.Errorf("Package() = %v, diagnostics %v; want true, none", p.Package(), diags)
	}
	var nilP *Persistent
	if nilP.Package() || nilP.Object(nil) {
		t.Error("a nil *Persistent declares something")
	}
}
