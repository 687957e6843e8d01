package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/clitest"
)

// TestVetMode: under go vet -vettool, where each package is analyzed in its
// own process with its dependencies loaded from export data, redislint
// reports what it reports standalone, and its analyzers' flags reach them.
// In testdata/vetmode, a.Visit writes through a's own wrapper Put, and
// b.Leaks increments a counter; b.Covered hands its key to a.Expire;
// quota.Spend writes through store.Decrease, a wrapper in another package,
// and quota.Pin follows its write with store.KeepForever (PERSIST), which
// is no expiry. The expected findings are in testdata/vetmode/want.txt.
func TestVetMode(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "testdata", "vetmode")
	// The module's dependencies are in the module cache (testdata/go.mod
	// requires the same go-redis); never reach the network.
	env := []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}
	want := clitest.WantFile(t, filepath.Join(dir, "want.txt"))

	out, code := runEnv(t, dir, env, "go", "vet", "-vettool="+redislint, "./...")
	if code == 0 {
		t.Errorf("go vet -vettool exited 0, want non-zero\n%s", out)
	}
	if got := findings(t, dir, out); !slices.Equal(got, want) {
		t.Errorf("go vet -vettool: got\n\t%s\nwant\n\t%s\noutput:\n%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), out)
	}

	out, code = runEnv(t, dir, env, redislint, "./...")
	if code != 3 {
		t.Errorf("redislint ./... exited %d, want 3 (findings)\n%s", code, out)
	}
	if got := findings(t, dir, out); !slices.Equal(got, want) {
		t.Errorf("redislint ./...: got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}

	// The analyzer's flag reaches it through go vet too.
	out, code = runEnv(t, dir, env, "go", "vet", "-vettool="+redislint, "-requirettl.persistent=visits:,quota:,pin:", "./...")
	if code != 0 || len(findings(t, dir, out)) != 0 {
		t.Errorf("go vet -vettool -requirettl.persistent=visits:,quota:,pin: exited %d, want 0 and no findings\n%s", code, out)
	}
}
