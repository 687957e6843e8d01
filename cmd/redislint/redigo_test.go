package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/clitest"
)

// TestRedigoDrivers: code that reaches redigo, even only through another
// package, is analyzed in both drivers, and the facts of the package that
// wraps redigo reach its callers: analyzing ./app alone loads store from
// source standalone, and under go vet store is analyzed for facts although
// it is only a dependency. The expected findings are in
// testdata/redigomode/want.txt.
func TestRedigoDrivers(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "testdata", "redigomode")
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
