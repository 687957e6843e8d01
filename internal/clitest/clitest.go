// Package clitest runs redislint's commands in tests: it builds a binary
// once per test process, runs commands, copies the demo module so that it
// can be changed, and reads "file:line:col: message" findings from output.
// The command tests of cmd/redislint and of the golangci-lint build share it.
package clitest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Build builds the main package in the current directory into a temporary
// directory, for TestMain. The caller removes the returned directory.
func Build(name string) (bin, dir string, err error) {
	dir, err = os.MkdirTemp("", name+"-test")
	if err != nil {
		return "", "", err
	}
	bin = filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("building %s: %w", name, err)
	}
	return bin, dir, nil
}

// RepoRoot returns the root of the redislint repository: the nearest
// directory above the working directory whose go.mod declares the module
// github.com/redislint/redislint.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module github.com/redislint/redislint\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no redislint repository above the working directory")
		}
		dir = parent
	}
}

// Run runs name with args in dir, with env added to the environment, and
// returns its combined output and exit code.
func Run(tb testing.TB, dir string, env []string, name string, args ...string) (string, int) {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		tb.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out), 0
}

// DemoCopy copies testdata/demo into a temporary directory whose go.mod
// points at this repository, so that a test can change and build it.
func DemoCopy(tb testing.TB) string {
	tb.Helper()
	root := RepoRoot(tb)
	dir := tb.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "testdata", "demo"))); err != nil {
		tb.Fatal(err)
	}
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		tb.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("=> ../.."), []byte("=> "+root))
	if err := os.WriteFile(gomod, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

var findingLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (.*)$`)

// Findings extracts the "file:line:col: message" lines of out, with file
// names made relative to dir, sorted.
func Findings(dir, out string) []string {
	var fs []string
	for _, line := range strings.Split(out, "\n") {
		m := findingLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file := m[1]
		if rel, err := filepath.Rel(dir, file); err == nil && filepath.IsAbs(file) {
			file = rel
		}
		fs = append(fs, file+":"+m[2]+":"+m[3]+": "+m[4])
	}
	slices.Sort(fs)
	return fs
}

// DemoFindings returns what redislint reports on testdata/demo, as listed
// in cmd/redislint/testdata/demo.txt, sorted.
func DemoFindings(tb testing.TB) []string {
	tb.Helper()
	return WantFile(tb, filepath.Join(RepoRoot(tb), "cmd", "redislint", "testdata", "demo.txt"))
}

// WantFile returns the findings listed in a file, one per line, "#" lines
// and blank lines left out, sorted.
func WantFile(tb testing.TB, path string) []string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var ws []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			ws = append(ws, l)
		}
	}
	slices.Sort(ws)
	return ws
}
