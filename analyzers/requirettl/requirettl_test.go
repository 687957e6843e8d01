package requirettl_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/redislint/redislint/analyzers/requirettl"
	"github.com/redislint/redislint/internal/analyzertest"
)

const pkg = "github.com/redislint/redislint/testdata/requirettl/"

func TestRequireTTL(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analyzertest.Testdata(t), requirettl.Analyzer,
		pkg+"writes", pkg+"ttl", pkg+"paths", pkg+"samekey", pkg+"pipelines",
		pkg+"helpers", pkg+"crosspkg", pkg+"local", pkg+"silent", pkg+"edge",
		pkg+"directives", pkg+"v8",
	)
}

// TestPersistent: keys whose constant prefix is listed are never reported.
func TestPersistent(t *testing.T) {
	t.Parallel()
	a := requirettl.New(requirettl.Config{Persistent: []string{"config:", "lock:"}})
	analysistest.Run(t, analyzertest.Testdata(t), a, pkg+"persistent")
}
