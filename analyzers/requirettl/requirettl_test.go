package requirettl_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/redislint/redislint/analyzers/requirettl"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

const pkg = "github.com/redislint/redislint/testdata/requirettl/"

func TestRequireTTL(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), requirettl.Analyzer,
		pkg+"writes", pkg+"ttl", pkg+"paths", pkg+"samekey", pkg+"pipelines",
		pkg+"helpers", pkg+"crosspkg", pkg+"local", pkg+"silent", pkg+"edge",
		pkg+"directives", pkg+"v8",
	)
}

// TestPersistent: keys whose constant prefix is listed are never reported.
func TestPersistent(t *testing.T) {
	t.Parallel()
	a := requirettl.New(requirettl.Config{Persistent: []string{"config:", "lock:"}})
	analysistest.Run(t, testdata(t), a, pkg+"persistent")
}
