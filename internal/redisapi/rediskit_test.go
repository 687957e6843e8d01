package redisapi_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/redisapi"
)

// TestRediskitKnowsTheBlockingCommands: rediskit keeps its own list of
// blocking commands (it may not import this table: it is a library of its
// own), which its breaker never takes as a probe. Every command the table
// marks Blocks must be on it, or a new blocking command could hold the
// half-open breaker's probe for as long as it blocks.
func TestRediskitKnowsTheBlockingCommands(t *testing.T) {
	file := filepath.Join("..", "..", "runtime", "rediskit", "blocking.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					listed[s] = true
				}
			}
		}
		return true
	})
	if len(listed) == 0 {
		t.Fatalf("no command names found in %s", file)
	}
	for _, row := range redisapi.Rows() {
		if !row.Effect.Has(redisapi.Blocks) || row.Name == "" {
			continue
		}
		name := strings.ToLower(strings.Fields(row.Name)[0])
		if !listed[name] {
			t.Errorf("%s (%s) blocks, but rediskit's blocking() does not list %q", row.Method, row.Name, name)
		}
	}
}
