package main_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVetFacts: requirettl's facts cross package boundaries under
// go vet -vettool, where each package is analyzed in its own process. In
// testdata/vetfacts, a.Expire sets a TTL on its key parameter, so the write
// in b.Covered is not reported; a.Put writes its key parameter without a
// TTL, so the finding is at the call in b.Leaks. b.PutThenExpire uses both.
func TestVetFacts(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "testdata", "vetfacts")
	// The module's dependencies are in the module cache (testdata/go.mod
	// requires the same go-redis); never reach the network.
	env := []string{"GOFLAGS=-mod=mod", "GOPROXY=off"}
	want := []string{
		`b/b.go:22:9: HSet through a.Put on key "visits:" + id is not followed by an expiry; the key will never expire: add Expire after the write, or write it with a TTL (rediskit's TTL constants)`,
	}

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
	out, code = runEnv(t, dir, env, "go", "vet", "-vettool="+redislint, "-requirettl.persistent=visits:", "./...")
	if code != 0 || len(findings(t, dir, out)) != 0 {
		t.Errorf("go vet -vettool -requirettl.persistent=visits: exited %d, want 0 and no findings\n%s", code, out)
	}
}
