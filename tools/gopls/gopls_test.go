// Package gopls_test drives gopls built by scripts/gopls through real LSP
// sessions on a copy of the demo module: the redislint findings arrive as
// diagnostics while the file is edited, unsaved, and the suggested fix comes
// back as a quick fix whose edit is the one redislint -fix makes.
package gopls_test

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redislint/redislint"
	"github.com/redislint/redislint/internal/clitest"
)

// gopls is the binary scripts/gopls builds, and redislint the command the
// editor's findings are compared with, both built once per test process so
// that no test runs against a stale bin/gopls.
var gopls, redislintCmd string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gopls-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gopls = filepath.Join(dir, "gopls")
	redislintCmd = filepath.Join(dir, "redislint")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, args := range [][]string{
		{filepath.Join(root, "scripts", "gopls"), gopls},
		{"go", "build", "-o", redislintCmd, "./cmd/redislint"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, strings.Join(args, " ")+":", err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// finding is one redislint finding as a position in a file.
type finding struct {
	file      string // relative to the demo, slash-separated
	line, col int    // 1-based, bytes
	message   string
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", f.file, f.line, f.col, f.message)
}

// standaloneFindings caches standalone's answers for the test process.
var standaloneFindings struct {
	sync.Mutex
	by map[string]map[string][]finding // by pattern, then by file
}

// standalone returns what `redislint pattern` reports on the demo, by file.
func standalone(t *testing.T, pattern string) map[string][]finding {
	t.Helper()
	standaloneFindings.Lock()
	defer standaloneFindings.Unlock()
	if standaloneFindings.by[pattern] == nil {
		if standaloneFindings.by == nil {
			standaloneFindings.by = map[string]map[string][]finding{}
		}
		standaloneFindings.by[pattern] = runStandalone(t, pattern)
	}
	return standaloneFindings.by[pattern]
}

func runStandalone(t *testing.T, pattern string) map[string][]finding {
	t.Helper()
	dir := clitest.DemoCopy(t)
	out, code := clitest.Run(t, dir, nil, redislintCmd, pattern)
	if code != 0 && code != 3 {
		t.Fatalf("redislint %s exited %d:\n%s", pattern, code, out)
	}
	by := map[string][]finding{}
	for _, l := range clitest.Findings(dir, out) {
		parts := strings.SplitN(l, ":", 4)
		if len(parts) != 4 {
			t.Fatalf("bad finding %q", l)
		}
		line, err1 := strconv.Atoi(parts[1])
		col, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad finding %q", l)
		}
		f := finding{filepath.ToSlash(parts[0]), line, col, strings.TrimPrefix(parts[3], " ")}
		by[f.file] = append(by[f.file], f)
	}
	return by
}

// redislintNames is the set of analyzer names gopls reports redislint
// findings under.
func redislintNames() map[string]bool {
	names := map[string]bool{}
	for _, a := range redislint.Analyzers() {
		names[a.Name] = true
	}
	return names
}

// ours returns the diagnostics of redislint analyzers in ds as findings in
// file, sorted.
func ours(file string, ds []diagnostic) []finding {
	names := redislintNames()
	var fs []finding
	for _, d := range ds {
		if names[d.Source] {
			fs = append(fs, finding{file, d.Range.Start.Line + 1, d.Range.Start.Character + 1, d.Message})
		}
	}
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return fs
}

// lines is fs one per line, for failure messages.
func lines(fs []finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n\t" + f.String())
	}
	return b.String()
}

func sorted(fs []finding) []finding {
	fs = slices.Clone(fs)
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return fs
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// fixedByRedislint returns rel in a fresh copy of the demo after
// `redislint -fix` on its package.
func fixedByRedislint(t *testing.T, rel string) string {
	t.Helper()
	dir := clitest.DemoCopy(t)
	if out, code := clitest.Run(t, dir, nil, redislintCmd, "-fix", "./"+path.Dir(rel)); code != 0 && code != 3 {
		t.Fatalf("redislint -fix exited %d:\n%s", code, out)
	}
	return readFile(t, filepath.Join(dir, filepath.FromSlash(rel)))
}

// TestDiagnosticsAndQuickFix is an editor's session: open the demo's
// leaderboard.go, get redislint's nokeys finding as a diagnostic, ask for
// the quick fix and check that its edit is redislint -fix's; then type,
// without saving, and see the diagnostics follow the text.
func TestDiagnosticsAndQuickFix(t *testing.T) {
	const rel = "leaderboard/leaderboard.go"
	want := standalone(t, "./"+path.Dir(rel))[rel]
	if !slices.ContainsFunc(want, func(f finding) bool { return strings.Contains(f.message, "Keys walks the whole keyspace") }) {
		t.Fatalf("the demo's %s has no KEYS finding to test with: %v", rel, want)
	}
	dir := clitest.DemoCopy(t)
	path := filepath.Join(dir, filepath.FromSlash(rel))
	src := readFile(t, path)
	u := uri(path)

	t0 := time.Now()
	s := start(t, gopls, dir, nil)
	s.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": u, "languageId": "go", "version": 1, "text": src},
	})
	ds := s.diagnostics(u, 1, "a nokeys diagnostic on "+rel, func(ds []diagnostic) bool {
		return slices.ContainsFunc(ds, func(d diagnostic) bool { return d.Source == "nokeys" })
	})
	t.Logf("diagnostics after %v", time.Since(t0))
	if got := ours(rel, ds); !slices.Equal(got, sorted(want)) {
		t.Errorf("gopls and redislint disagree on %s\ngopls:%s\nredislint:%s", rel, lines(got), lines(sorted(want)))
	}
	i := slices.IndexFunc(ds, func(d diagnostic) bool { return d.Source == "nokeys" })
	d := ds[i]
	if d.Severity != 2 {
		t.Errorf("nokeys diagnostic severity %d, want 2 (warning)", d.Severity)
	}

	var actions []codeAction
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []diagnostic{d}, "only": []string{"quickfix"}},
	}, &actions)
	var fix *codeAction
	for i, a := range actions {
		if a.Kind == "quickfix" && a.Edit != nil && len(a.Edit.edits(u)) > 0 &&
			slices.ContainsFunc(a.Diagnostics, func(ad diagnostic) bool { return ad.Source == "nokeys" }) {
			fix = &actions[i]
			break
		}
	}
	if fix == nil {
		t.Fatalf("no quick fix with an edit for the nokeys diagnostic; code actions: %+v", actions)
	}
	t.Logf("quick fix after %v", time.Since(t0))
	fixed := apply(t, src, fix.Edit.edits(u))
	if !strings.Contains(fixed, `rediskit.ScanKeys(ctx, b.rdb, "board:archive:*")`) {
		t.Errorf("quick fix %q does not rewrite KEYS into rediskit.ScanKeys:\n%s", fix.Title, fixed)
	}
	if wantFixed := fixedByRedislint(t, rel); fixed != wantFixed {
		t.Errorf("quick fix %q differs from redislint -fix\ngopls:\n%s\nredislint -fix:\n%s", fix.Title, fixed, wantFixed)
	}

	t.Logf("redislint -fix after %v", time.Since(t0))
	// As you type: the fixed text, unsaved, has no KEYS finding left...
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}},
	})
	s.diagnostics(u, 2, "diagnostics without nokeys after the fix", func(ds []diagnostic) bool {
		return !slices.ContainsFunc(ds, func(d diagnostic) bool { return d.Source == "nokeys" })
	})
	// ...and a KEYS call typed into it is reported where it was typed.
	typed := fixed + "\nfunc (b *Board) count(ctx context.Context) int {\n\treturn len(b.rdb.Keys(ctx, \"board:*\").Val())\n}\n"
	line := strings.Count(fixed, "\n") + 2 // 0-based line of the return
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": 3},
		"contentChanges": []any{map[string]any{"text": typed}},
	})
	s.diagnostics(u, 3, fmt.Sprintf("a nokeys diagnostic at the typed line %d", line+1), func(ds []diagnostic) bool {
		return slices.ContainsFunc(ds, func(d diagnostic) bool {
			return d.Source == "nokeys" && d.Range.Start == position{line, strings.Index("\treturn len(b.rdb.Keys", "b.rdb")}
		})
	})
	t.Logf("typed diagnostics after %v", time.Since(t0))
	if readFile(t, path) != src {
		t.Errorf("%s changed on disk; the session never saved", rel)
	}
}

// TestAnalysesSetting: the "analyses" setting turns a redislint analyzer
// off like any gopls analyzer. A vet finding in the same file marks the
// publication that carries the analyzers' results.
func TestAnalysesSetting(t *testing.T) {
	dir := clitest.DemoCopy(t)
	path := filepath.Join(dir, "leaderboard", "leaderboard.go")
	src := readFile(t, path) + "\nfunc (b *Board) label() string {\n\treturn fmt.Sprintf(\"%d\", b.name)\n}\n"
	src = strings.Replace(src, "import (\n", "import (\n\t\"fmt\"\n", 1)
	u := uri(path)

	s := start(t, gopls, dir, map[string]any{"analyses": map[string]bool{"nokeys": false}})
	s.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": u, "languageId": "go", "version": 1, "text": src},
	})
	ds := s.diagnostics(u, 1, "a printf diagnostic", func(ds []diagnostic) bool {
		return slices.ContainsFunc(ds, func(d diagnostic) bool { return d.Source == "printf" })
	})
	if slices.ContainsFunc(ds, func(d diagnostic) bool { return d.Source == "nokeys" }) {
		t.Errorf("nokeys reported with \"analyses\": {\"nokeys\": false}:\n%s", s.transcript())
	}
}

// TestDemoMatchesStandalone: with every file of the demo open, gopls
// reports what redislint ./... reports on it, from every redislint analyzer.
func TestDemoMatchesStandalone(t *testing.T) {
	want := standalone(t, "./...")
	dir := clitest.DemoCopy(t)
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	s := start(t, gopls, dir, nil)
	for _, rel := range files {
		s.notify("textDocument/didOpen", map[string]any{
			"textDocument": map[string]any{
				"uri": uri(filepath.Join(dir, rel)), "languageId": "go", "version": 1,
				"text": readFile(t, filepath.Join(dir, rel)),
			},
		})
	}
	for _, rel := range files {
		if len(want[rel]) == 0 {
			continue
		}
		// gopls publishes the results of all analyzers on a package at once.
		u := uri(filepath.Join(dir, rel))
		ds := s.diagnostics(u, 1, "redislint findings in "+rel, func(ds []diagnostic) bool { return len(ours(rel, ds)) > 0 })
		if got := ours(rel, ds); !slices.Equal(got, sorted(want[rel])) {
			t.Errorf("gopls and redislint disagree on %s\ngopls:%s\nredislint:%s", rel, lines(got), lines(sorted(want[rel])))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rel := range files {
		if len(want[rel]) > 0 {
			continue
		}
		if got := ours(rel, s.diags[uri(filepath.Join(dir, rel))].Diagnostics); len(got) > 0 {
			t.Errorf("gopls reports what redislint does not, in %s:%s", rel, lines(got))
		}
	}
}
