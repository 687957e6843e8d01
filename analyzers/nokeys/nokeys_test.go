package nokeys_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/redislint/redislint/analyzers/nokeys"
	"github.com/redislint/redislint/internal/analyzertest"
)

func TestNoKeys(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), nokeys.Analyzer, "github.com/redislint/redislint/testdata/nokeys/...")
}

// TestGoldenFilesCompile: the fixed code of every .golden file compiles,
// the rediskit import the fix adds included.
func TestGoldenFilesCompile(t *testing.T) {
	t.Parallel()
	analyzertest.GoldenFilesCompile(t, "nokeys")
}
