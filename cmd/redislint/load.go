package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The standalone driver can load dependencies two ways. With export data
// (the default) it type-checks from source only the packages it analyzes
// and those that can carry facts, and reads the rest from the compiler
// output in the build cache: on go-redis v9, half the time and a third of
// the memory of type-checking everything from source. But when the build
// cache is empty (a fresh CI machine), the go command first compiles the
// standard library and every dependency to produce that export data, which
// takes ten times longer than type-checking them from source.
//
// So redislint looks first: when the standard library is not compiled in
// the build cache, it loads every package from source. REDISLINT_LOAD=source
// or =export overrides the choice.

// loadEnv names the environment variable that overrides the load mode.
const loadEnv = "REDISLINT_LOAD"

// fromSource decides whether to load from source for a command line.
func fromSource(args []string) (bool, error) {
	switch v := os.Getenv(loadEnv); v {
	case "source":
		return true, nil
	case "export":
		return false, nil
	case "", "auto":
	default:
		return false, fmt.Errorf("%s=%q: want source, export or auto", loadEnv, v)
	}
	if !standalone(args) {
		return false, nil
	}
	marker := warmMarker()
	if fresh(marker) {
		return false, nil // the standard library was compiled in this cache lately
	}
	if stdStale() {
		return true, nil
	}
	touch(marker)
	return false, nil
}

// warmMarker returns the file whose recent modification time records that
// the build cache in use held the compiled standard library, so that the
// next runs skip the go list probe (70 ms, a tenth of a small module's
// run). It is keyed by the settings that select the build cache and what is
// in it. "" when there is no user cache directory.
func warmMarker() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, k := range []string{"GOCACHE", "GOROOT", "GOTOOLCHAIN", "GOFLAGS", "GOOS", "GOARCH", "GOENV", "PATH"} {
		fmt.Fprintf(h, "%s=%s\n", k, os.Getenv(k))
	}
	return filepath.Join(dir, "redislint", fmt.Sprintf("stdcompiled-%x", h.Sum(nil)[:8]))
}

// markerTTL bounds how long a marker is trusted: the go command trims
// cache entries unused for five days, and go clean -cache empties it. A
// stale marker costs one run that compiles the standard library first, as
// go vet would.
const markerTTL = 24 * time.Hour

func fresh(marker string) bool {
	if marker == "" {
		return false
	}
	fi, err := os.Stat(marker)
	return err == nil && time.Since(fi.ModTime()) < markerTTL
}

// touch records the marker; failing to is harmless.
func touch(marker string) {
	if marker == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(marker), 0o755); err == nil {
		_ = os.WriteFile(marker, nil, 0o644)
	}
}

// standalone reports whether args are a standalone run on packages, as
// opposed to a go vet invocation (a single .cfg file, or the -flags and -V
// queries the go command makes first).
func standalone(args []string) bool {
	for _, a := range args {
		switch {
		case strings.HasSuffix(a, ".cfg"), a == "-flags", strings.HasPrefix(a, "-V"):
			return false
		}
	}
	return true
}

// stdStale reports whether the build cache lacks the compiled runtime
// package: then it lacks the standard library, and export data would have
// to be compiled first. About 0.1 s; when the go command fails, export data
// it is, and the driver reports the error.
func stdStale() bool {
	out, err := exec.Command("go", "list", "-f", "{{.Stale}}", "runtime").Output()
	return err == nil && strings.TrimSpace(string(out)) == "true"
}
