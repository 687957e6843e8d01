package rediskit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A service that adds rediskit gets go-redis, gobreaker and Prometheus in
// its module graph, and none of the linter's dependencies.
func TestAServiceRequiringRediskitGetsNoLinterDependencies(t *testing.T) {
	kit, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	redistest := filepath.Join(kit, "..", "..", "internal", "redistest")
	dir := t.TempDir()
	gomod := `module example.com/service

go 1.26.0

require github.com/redislint/redislint/runtime/rediskit v0.0.0

replace github.com/redislint/redislint/runtime/rediskit => ` + kit + `

replace github.com/redislint/redislint/internal/redistest => ` + redistest + `
`
	main := `package main

import "github.com/redislint/redislint/runtime/rediskit"

func main() { _ = rediskit.EscapePattern }
`
	for name, text := range map[string]string{"go.mod": gomod, "main.go": main} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The whole module graph needs the go.mod files of modules that nothing
	// here builds: the module proxy serves them (scripts/test downloads
	// modules from it too); the throwaway module's go.sum is not checked.
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOWORK=off")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("build", "./...")
	all := run("list", "-m", "all")
	for _, want := range []string{"github.com/redis/go-redis/v9", "github.com/sony/gobreaker/v2", "github.com/prometheus/client_golang"} {
		if !strings.Contains(all, want+" ") {
			t.Errorf("go list -m all lacks %s:\n%s", want, all)
		}
	}
	for _, bad := range []string{"golang.org/x/tools", "github.com/golangci/plugin-module-register", "golang.org/x/mod", "github.com/go-redis/redis/v8", "github.com/redislint/redislint "} {
		if strings.Contains(all, bad) {
			t.Errorf("go list -m all of a service that requires only rediskit holds %s:\n%s", bad, all)
		}
	}
}
