package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/clitest"
)

// gcl is golangci-lint with the redislint plugins, built once by TestMain.
var gcl string

func TestMain(m *testing.M) {
	bin, dir, err := clitest.Build("golangci-lint")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gcl = bin
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func root(t *testing.T) string { return clitest.RepoRoot(t) }

func demoCopy(t *testing.T) string { return clitest.DemoCopy(t) }

func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	return clitest.Run(t, dir, nil, name, args...)
}

// issueLine is golangci-lint's text output: file:line:col: message (linter).
var issueLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (.*) \((nokeys|requirettl|ctxclose|pipelineloop|pipelineread|clusterscan)\)$`)

// issues returns "file:line:col: message" for each issue, sorted, and the
// linters that reported them.
func issues(out string) ([]string, map[string]int) {
	var is []string
	by := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		m := issueLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		is = append(is, strings.Join(m[1:4], ":")+": "+m[4])
		by[m[5]]++
	}
	slices.Sort(is)
	return is, by
}

// standalone is what redislint itself reports on the demo.
func standalone(t *testing.T) []string { return clitest.DemoFindings(t) }

// TestDemoMatchesStandalone: the plugins report exactly what redislint
// reports on the demo, each under its own analyzer name.
func TestDemoMatchesStandalone(t *testing.T) {
	demo := filepath.Join(root(t), "testdata", "demo")
	out, code := run(t, demo, gcl, "run", "./...")
	if code != 1 {
		t.Fatalf("golangci-lint run exited %d, want 1 (issues found):\n%s", code, out)
	}
	got, by := issues(out)
	if want := standalone(t); !slices.Equal(got, want) {
		t.Errorf("golangci-lint and redislint disagree on the demo\ngolangci-lint:\n\t%s\nredislint:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, name := range []string{"nokeys", "requirettl", "ctxclose", "pipelineloop", "pipelineread", "clusterscan"} {
		if by[name] == 0 {
			t.Errorf("no issue reported under the linter name %s: %v", name, by)
		}
	}
}

// TestNolintPerAnalyzer: //nolint:<analyzer> silences that analyzer only.
func TestNolintPerAnalyzer(t *testing.T) {
	dir := demoCopy(t)
	src := `package worker

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func audit(ctx context.Context, rdb *redis.Client) {
	rdb.Keys(ctx, "audit:a:*") //nolint:nokeys // fixture: three keys
	rdb.Keys(ctx, "audit:b:*") //nolint:requirettl // names another analyzer
	rdb.Keys(ctx, "audit:c:*") //redislint:ignore nokeys fixture: three keys
}
`
	if err := os.WriteFile(filepath.Join(dir, "worker", "audit.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := run(t, dir, gcl, "run", "./worker/...")
	got, _ := issues(out)
	var audit []string
	for _, i := range got {
		if strings.HasPrefix(i, "worker/audit.go:") {
			audit = append(audit, i)
		}
	}
	if len(audit) != 1 || !strings.HasPrefix(audit[0], "worker/audit.go:11:") {
		t.Errorf("want exactly the finding on line 11 (nolint for another analyzer), got:\n\t%s\nfull output:\n%s", strings.Join(audit, "\n\t"), out)
	}
}

// TestFix: golangci-lint --fix applies the analyzers' suggested fixes and
// the result builds.
func TestFix(t *testing.T) {
	dir := demoCopy(t)
	if out, code := run(t, dir, gcl, "run", "--fix", "./..."); code != 0 && code != 1 {
		t.Fatalf("golangci-lint run --fix exited %d:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed demo does not build:\n%s", out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "sessions", "sessions.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("rediskit.ScanKeys(ctx, s.rdb, pattern)")) {
		t.Errorf("--fix did not rewrite KEYS in sessions.go:\n%s", src)
	}
}

// TestBadSetting: an unknown setting key is an error that names it.
func TestBadSetting(t *testing.T) {
	dir := demoCopy(t)
	cfg := filepath.Join(dir, ".golangci.yml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("persistent:"), []byte("persistant:"), 1)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, gcl, "run", "./...")
	if code == 0 || code == 1 || !strings.Contains(out, `unknown field "persistant"`) || !strings.Contains(out, "requirettl") {
		t.Errorf("exit %d, want a configuration error naming the key and the analyzer:\n%s", code, out)
	}
}

// TestThreeDrivers: on testdata/vetmode, a module whose packages reach
// go-redis through helpers and wrappers in other packages, redislint
// standalone, go vet -vettool=redislint and golangci-lint with the plugins
// report the same findings, those of testdata/vetmode/want.txt: facts
// cross packages in every driver.
func TestThreeDrivers(t *testing.T) {
	dir := filepath.Join(root(t), "testdata", "vetmode")
	want := clitest.WantFile(t, filepath.Join(dir, "want.txt"))

	redislint := filepath.Join(t.TempDir(), "redislint")
	if out, code := run(t, root(t), "go", "build", "-o", redislint, "./cmd/redislint"); code != 0 {
		t.Fatalf("building redislint:\n%s", out)
	}
	env := []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}
	check := func(driver string, got []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: got\n\t%s\nwant (testdata/vetmode/want.txt)\n\t%s", driver, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}
	out, _ := clitest.Run(t, dir, env, redislint, "./...")
	check("redislint ./...", clitest.Findings(dir, out))
	out, _ = clitest.Run(t, dir, env, "go", "vet", "-vettool="+redislint, "./...")
	check("go vet -vettool=redislint ./...", clitest.Findings(dir, out))
	out, _ = clitest.Run(t, dir, env, gcl, "run", "./...")
	got, _ := issues(out)
	check("golangci-lint run ./...", got)
}
