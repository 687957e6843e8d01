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
		pkg+"scripts", pkg+"conditional", pkg+"flowvars", pkg+"keyforms", pkg+"existing",
		pkg+"fields", pkg+"unnamed", pkg+"facts/...", pkg+"persistdir", pkg+"persistpkg", pkg+"families",
		pkg+"redigo/...", pkg+"rueidis", pkg+"valkey",
	)
}

// TestPersistent: keys whose constant prefix is listed are never reported.
func TestPersistent(t *testing.T) {
	t.Parallel()
	a := requirettl.New(requirettl.Config{Persistent: []string{"config:", "lock:"}})
	analysistest.Run(t, analyzertest.Testdata(t), a, pkg+"persistent")
}

// TestExpiringMode: with -requirettl.mode=expiring only keys of a family
// the module gives a TTL somewhere are reported.
func TestExpiringMode(t *testing.T) {
	t.Parallel()
	a := requirettl.New(requirettl.Config{Mode: requirettl.ModeExpiring})
	analysistest.Run(t, analyzertest.Testdata(t), a, pkg+"expiring")
}

// TestModeFlag: the flag accepts the two modes only.
func TestModeFlag(t *testing.T) {
	t.Parallel()
	a := requirettl.New(requirettl.Config{})
	if err := a.Flags.Set("mode", "expiring"); err != nil {
		t.Errorf("mode=expiring: %v", err)
	}
	if err := a.Flags.Set("mode", "some"); err == nil {
		t.Error("mode=some: no error")
	}
}
