package redisapi_test

import (
	"go/ast"
	"os"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/redislint/redislint/internal/redisapi"
)

func TestClientOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path   string
		client redisapi.Client
		module bool // IsClientModule
	}{
		{"github.com/gomodule/redigo/redis", redisapi.Redigo, false},
		{"example.com/app/vendor/github.com/gomodule/redigo/redis", redisapi.Redigo, false},
		{"github.com/gomodule/redigo", redisapi.NoClient, true},
		{"github.com/gomodule/redigo/redisx", redisapi.NoClient, false},
		{"github.com/redis/go-redis/v9", redisapi.GoRedis, true},
		{"github.com/go-redis/redis/v8", redisapi.GoRedis, true},
		{"github.com/garyburd/redigo/redis", redisapi.NoClient, false},
		{"example.com/redis", redisapi.NoClient, false},
	} {
		if got := redisapi.ClientOf(tc.path); got != tc.client {
			t.Errorf("ClientOf(%q) = %v, want %v", tc.path, got, tc.client)
		}
		if got := redisapi.IsClient(tc.path); got != (tc.client != redisapi.NoClient) {
			t.Errorf("IsClient(%q) = %v", tc.path, got)
		}
		if got := redisapi.IsClientModule(tc.path); got != tc.module {
			t.Errorf("IsClientModule(%q) = %v, want %v", tc.path, got, tc.module)
		}
	}
}

// loadRedigo loads the redigo packages of testdata with their syntax.
func loadRedigo(t *testing.T) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedImports,
		Dir:  testdata(t),
		Env:  append(os.Environ(), "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./redisapi/redigo", "./nokeys/redigo", "./ctxclose/redigo")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 3 {
		t.Fatalf("loaded %d packages, want 3", len(pkgs))
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
	}
	return pkgs
}

// TestReachesRedigo: a package that imports redigo reaches a client, so
// the drivers analyze it; redigo's own package does not, as nothing
// analyzes the client itself.
func TestReachesRedigo(t *testing.T) {
	t.Parallel()
	for _, p := range loadRedigo(t) {
		if !redisapi.Reaches(p.Types) {
			t.Errorf("Reaches(%s) = false", p.PkgPath)
		}
		for _, imp := range p.Types.Imports() {
			if redisapi.IsRedigo(imp.Path()) && redisapi.Reaches(imp) {
				t.Errorf("Reaches(%s) = true", imp.Path())
			}
		}
	}
}

// notInTable are the commands that go-redis sends through lifecycle
// methods (TxPipeline, Subscribe, ...) or on its own, not through a
// command method, so the table has no row for them.
var notInTable = map[string]bool{
	"MULTI": true, "EXEC": true, "DISCARD": true, "WATCH": true, "UNWATCH": true,
	"SUBSCRIBE": true, "PSUBSCRIBE": true, "UNSUBSCRIBE": true, "PUNSUBSCRIBE": true,
	"AUTH": true, "SELECT": true,
}

// TestRedigoNamesResolve: redigo has no method per command, so the table
// cannot be checked against its API; instead, every constant command name
// that the redigo testdata sends reaches a row of the table (or is one of
// the few commands the table has no row for), so a misspelt name in a test
// or a row cannot make a redigo test pass for the wrong reason.
func TestRedigoNamesResolve(t *testing.T) {
	t.Parallel()
	seen := 0
	for _, p := range loadRedigo(t) {
		for _, f := range p.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				c, ok := redisapi.CallCommand(p.TypesInfo, call)
				if !ok || !c.Redigo {
					return true
				}
				seen++
				_, v9 := redisapi.ByName(redisapi.V9, c.Name)
				_, v8 := redisapi.ByName(redisapi.V8, c.Name)
				if !v9 && !v8 && !notInTable[c.Name] {
					t.Errorf("%s: %s has no row in the table", p.Fset.Position(call.Pos()), c.Name)
				}
				return true
			})
		}
	}
	if seen == 0 {
		t.Error("no redigo command found in testdata")
	}
}
