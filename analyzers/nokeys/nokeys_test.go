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
