package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/clitest"
)

// redislint is the binary under test, built once by TestMain.
var redislint string

func TestMain(m *testing.M) {
	bin, dir, err := clitest.Build("redislint")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	redislint = bin
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func repoRoot(t *testing.T) string { return clitest.RepoRoot(t) }

// run runs name with args in dir and returns its combined output and exit code.
func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	return clitest.Run(t, dir, nil, name, args...)
}

func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	return clitest.Run(t, dir, env, name, args...)
}

func findings(t *testing.T, dir, out string) []string {
	t.Helper()
	return clitest.Findings(dir, out)
}

func want(t *testing.T) []string {
	t.Helper()
	return clitest.DemoFindings(t)
}

func compare(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: findings differ from testdata/demo.txt\ngot:\n\t%s\nwant:\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestDemo: the README's "try it" command prints the expected findings,
// and go vet -vettool prints the same set.
func TestDemo(t *testing.T) {
	demo := filepath.Join(repoRoot(t), "testdata", "demo")

	out, code := run(t, demo, redislint, "./...")
	if code != 3 {
		t.Errorf("redislint ./... exited %d, want 3 (findings)\n%s", code, out)
	}
	compare(t, "redislint ./...", findings(t, demo, out), want(t))

	out, code = run(t, demo, "go", "vet", "-vettool="+redislint, "./...")
	if code == 0 {
		t.Errorf("go vet -vettool exited 0, want non-zero\n%s", out)
	}
	compare(t, "go vet -vettool", findings(t, demo, out), want(t))
}

// TestDemoFix: -fix rewrites the fixable findings on a copy of the demo,
// the result builds, and only the unfixable findings remain.
func TestDemoFix(t *testing.T) {
	dir := clitest.DemoCopy(t)

	before, _ := run(t, dir, redislint, "./...")
	if out, code := run(t, dir, redislint, "-fix", "./..."); code != 0 && code != 3 {
		t.Fatalf("redislint -fix exited %d\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed demo does not build:\n%s", out)
	}
	after, _ := run(t, dir, redislint, "./...")
	gotBefore, gotAfter := findings(t, dir, before), findings(t, dir, after)
	if len(gotAfter) >= len(gotBefore) {
		t.Fatalf("-fix fixed nothing: %d findings before, %d after", len(gotBefore), len(gotAfter))
	}
	for _, f := range []string{"sessions/sessions.go", "leaderboard/leaderboard.go"} {
		src, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(src, []byte("rediskit.ScanKeys(ctx, ")) {
			t.Errorf("%s: -fix did not rewrite KEYS into rediskit.ScanKeys:\n%s", f, src)
		}
	}
}

// TestHelp: redislint help <analyzer> prints the analyzer's documentation.
func TestHelp(t *testing.T) {
	t.Parallel()
	out, code := run(t, ".", redislint, "help", "nokeys")
	if code != 0 || !strings.Contains(out, "report KEYS, which blocks Redis") || !strings.Contains(out, "rediskit.ScanKeys") {
		t.Errorf("redislint help nokeys exited %d:\n%s", code, out)
	}
}

// TestBadInput: code that does not type-check, a module without go-redis
// and an empty directory give a clear message or nothing, never a panic.
func TestBadInput(t *testing.T) {
	t.Parallel()
	write := func(dir string, files map[string]string) {
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	sum, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "demo", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		files    map[string]string
		wantCode int
		wantOut  string
	}{
		{
			name:     "package that does not type-check",
			wantCode: 1,
			wantOut:  `cannot use "x"`,
			files: map[string]string{
				"go.mod": "module broken\n\ngo 1.26\n\nrequire github.com/redis/go-redis/v9 v9.23.0\n",
				"go.sum": string(sum),
				"b.go": `package broken

import (
	"fmt"

	"github.com/redislint/redislint/internal/clitest"
	"context"

	"github.com/redis/go-redis/v9"
)

func F(ctx context.Context, rdb *redis.Client) int {
	rdb.Keys(ctx, "*")
	return "x"
}
`,
			},
		},
		{
			name:     "module without go-redis",
			wantCode: 0,
			files: map[string]string{
				"go.mod": "module plain\n\ngo 1.26\n",
				"p.go":   "package plain\n\ntype Store struct{}\n\nfunc (Store) Keys(pattern string) []string { return nil }\n\nfunc F() []string { return Store{}.Keys(\"*\") }\n",
			},
		},
		{
			name:     "empty module",
			wantCode: 1,
			wantOut:  "matched no packages",
			files:    map[string]string{"go.mod": "module empty\n\ngo 1.26\n"},
		},
		{
			name:     "empty directory",
			wantCode: 1,
			wantOut:  "does not contain main module",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(dir, tc.files)
			// -mod=mod lets go list complete the scratch go.sum files.
			out, code := runEnv(t, dir, []string{"GOFLAGS=-mod=mod"}, redislint, "./...")
			if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
				t.Fatalf("redislint panicked:\n%s", out)
			}
			if code != tc.wantCode || !strings.Contains(out, tc.wantOut) {
				t.Errorf("exit %d, output:\n%s\nwant exit %d and output containing %q", code, out, tc.wantCode, tc.wantOut)
			}
		})
	}
}

// TestLoadModes: the demo gives the same findings whether dependencies are
// read from export data or type-checked from source; with an empty build
// cache, redislint picks source and compiles nothing; a bad
// REDISLINT_LOAD is refused.
func TestLoadModes(t *testing.T) {
	t.Parallel()
	demo := filepath.Join(repoRoot(t), "testdata", "demo")
	for _, mode := range []string{"source", "export"} {
		out, code := runEnv(t, demo, []string{"REDISLINT_LOAD=" + mode}, redislint, "./...")
		if code != 3 {
			t.Errorf("REDISLINT_LOAD=%s redislint ./... exited %d, want 3 (findings)\n%s", mode, code, out)
		}
		compare(t, "REDISLINT_LOAD="+mode, findings(t, demo, out), want(t))
	}

	cache := []string{"GOCACHE=" + t.TempDir()}
	out, code := runEnv(t, demo, cache, redislint, "./...")
	if code != 3 {
		t.Errorf("redislint ./... on an empty build cache exited %d, want 3 (findings)\n%s", code, out)
	}
	compare(t, "redislint ./... on an empty build cache", findings(t, demo, out), want(t))
	if out, _ := runEnv(t, demo, cache, "go", "list", "-f", "{{.Stale}}", "runtime"); strings.TrimSpace(out) != "true" {
		t.Errorf("redislint compiled the standard library into an empty build cache (go list -f {{.Stale}} runtime: %q); it should have loaded from source", out)
	}

	out, code = runEnv(t, demo, []string{"REDISLINT_LOAD=fast"}, redislint, "./...")
	if code != 2 || !strings.Contains(out, `REDISLINT_LOAD="fast": want source, export or auto`) {
		t.Errorf("REDISLINT_LOAD=fast: exited %d, want 2 and a message naming the variable\n%s", code, out)
	}
}
