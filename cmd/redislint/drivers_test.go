package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/clitest"
)

// checkDrivers runs the standalone driver and go vet on the module
// testdata/<module>, on ./... and on ./app alone, and compares the findings
// of each with the module's want.txt.
func checkDrivers(t *testing.T, module string) {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "testdata", module)
	env := []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}
	want := clitest.WantFile(t, filepath.Join(dir, "want.txt"))
	for _, pattern := range []string{"./...", "./app"} {
		for _, driver := range [][]string{
			{redislint, pattern},
			{"go", "vet", "-vettool=" + redislint, pattern},
		} {
			out, code := runEnv(t, dir, env, driver[0], driver[1:]...)
			if code == 0 {
				t.Errorf("%s exited 0, want findings\n%s", strings.Join(driver, " "), out)
			}
			if got := findings(t, dir, out); !slices.Equal(got, want) {
				t.Errorf("%s: got\n\t%s\nwant\n\t%s\noutput:\n%s", strings.Join(driver, " "), strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), out)
			}
		}
	}
}

// TestRueidisDrivers: code that reaches rueidis only through another
// package is analyzed in both drivers; the expected findings are in
// testdata/rueidismode/want.txt.
func TestRueidisDrivers(t *testing.T) {
	t.Parallel()
	checkDrivers(t, "rueidismode")
}
