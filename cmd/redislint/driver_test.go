package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// scratch writes a module that requires go-redis v9 into a temporary
// directory, at the demo's versions of everything (go.mod and go.sum), so
// that it loads offline from what scripts/test downloaded.
func scratch(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	demo := filepath.Join(repoRoot(t), "testdata", "demo")
	sum, err := os.ReadFile(filepath.Join(demo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(demo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The demo's requirements, whose versions scripts/test downloads (with
	// only go-redis's, its own older x/sys would be missing offline).
	gomod := "module scratch\n\ngo 1.26\n\nrequire (\n"
	for _, r := range mod.Require {
		if !strings.HasPrefix(r.Mod.Path, "github.com/redislint/") {
			gomod += "\t" + r.Mod.Path + " " + r.Mod.Version + "\n"
		}
	}
	files["go.mod"] = gomod + ")\n"
	files["go.sum"] = string(sum)
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var scratchEnv = []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}

const keysCall = `
import (
	"context"

	"github.com/redis/go-redis/v9"
)

func All(ctx context.Context, rdb *redis.Client) []string { return rdb.Keys(ctx, "*").Val() }
`

// TestBuildTags: -tags reaches the loader, and so does GOFLAGS=-tags: a
// file behind a build tag is analyzed only with the tag. Without the tag
// the package does not even compile (All is undeclared), so a dropped tag
// shows as an error, not as silence.
func TestBuildTags(t *testing.T) {
	t.Parallel()
	dir := scratch(t, map[string]string{
		"p/tagged.go": "//go:build special\n\npackage p\n" + keysCall,
		"p/p.go":      "package p\n\nvar _ = All\n",
	})
	const finding = "p/tagged.go:11:68: rdb.Keys walks the whole keyspace"

	out, code := runEnv(t, dir, scratchEnv, redislint, "-tags", "special", "./...")
	if code != 3 || !strings.Contains(out, finding) {
		t.Errorf("redislint -tags special: exit %d, want 3 and %q:\n%s", code, finding, out)
	}
	out, code = runEnv(t, dir, []string{"GOFLAGS=-mod=mod -tags=special", "GOPROXY=off"}, redislint, "./...")
	if code != 3 || !strings.Contains(out, finding) {
		t.Errorf("GOFLAGS=-tags=special redislint: exit %d, want 3 and %q:\n%s", code, finding, out)
	}
	out, code = runEnv(t, dir, scratchEnv, redislint, "./...")
	if code != 1 || !strings.Contains(out, "undefined: All") || strings.Contains(out, "Keys walks") {
		t.Errorf("redislint without the tag: exit %d, want 1 and the type error, no finding:\n%s", code, out)
	}
}

// TestBrokenTestVariant: when only a package's test file does not
// type-check, redislint says so once, naming the variant and the error,
// and still analyzes the package itself.
func TestBrokenTestVariant(t *testing.T) {
	t.Parallel()
	dir := scratch(t, map[string]string{
		"p/p.go":      "package p\n" + keysCall,
		"p/p_test.go": "package p\n\nvar broken int = \"x\"\n",
	})
	out, code := runEnv(t, dir, scratchEnv, redislint, "./...")
	if code != 3 {
		t.Errorf("exit %d, want 3 (the package's own finding)", code)
	}
	if !strings.Contains(out, "p/p.go:9:68: rdb.Keys walks the whole keyspace") {
		t.Errorf("the package itself was not analyzed:\n%s", out)
	}
	if n := strings.Count(out, "does not type-check"); n != 1 || !strings.Contains(out, "scratch/p [scratch/p.test] (with its test files) does not type-check") {
		t.Errorf("want one message naming the test variant, got %d:\n%s", n, out)
	}
	if !strings.Contains(out, `cannot use "x"`) {
		t.Errorf("the type error is not shown:\n%s", out)
	}
	if strings.Contains(out, "analysis skipped") {
		t.Errorf("analyzers report the broken variant themselves:\n%s", out)
	}
}

// TestJSONAndExitCodes: the exit codes the README documents for CI.
func TestJSONAndExitCodes(t *testing.T) {
	t.Parallel()
	dir := scratch(t, map[string]string{"p/p.go": "package p\n" + keysCall})
	out, code := runEnv(t, dir, scratchEnv, redislint, "-json", "./...")
	if code != 0 || !strings.Contains(out, `"nokeys"`) || !strings.Contains(out, `"posn"`) {
		t.Errorf("-json: exit %d, want 0 and the finding as JSON:\n%s", code, out)
	}
	if out, code := runEnv(t, dir, scratchEnv, redislint, "-nokeys=false", "./..."); code != 0 {
		t.Errorf("-nokeys=false: exit %d, want 0:\n%s", code, out)
	}
	if out, code := runEnv(t, dir, scratchEnv, redislint, "-nosuch", "./..."); code != 2 {
		t.Errorf("an unknown flag: exit %d, want 2:\n%s", code, out)
	}
}

// TestDiff: -diff prints the nokeys fix as a unified diff and changes
// nothing on disk.
func TestDiff(t *testing.T) {
	t.Parallel()
	src := `package p

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func All(ctx context.Context, rdb redis.UniversalClient) ([]string, error) {
	keys, err := rdb.Keys(ctx, "user:*").Result()
	return keys, err
}
`
	dir := scratch(t, map[string]string{"p/p.go": src})
	out, code := runEnv(t, dir, scratchEnv, redislint, "-diff", "./...")
	for _, want := range []string{
		"--- " + filepath.Join(dir, "p", "p.go") + " (old)",
		`-	keys, err := rdb.Keys(ctx, "user:*").Result()`,
		`+	keys, err := rediskit.ScanKeys(ctx, rdb, "user:*")`,
		`+	"github.com/redislint/redislint/runtime/rediskit"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-diff output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("-diff: exit %d, want 0", code)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "p", "p.go")); err != nil || string(data) != src {
		t.Errorf("-diff changed the file (%v):\n%s", err, data)
	}
}
