package pipelineread_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/redislint/redislint/analyzers/pipelineread"
	"github.com/redislint/redislint/internal/analyzertest"
)

const pkg = "github.com/redislint/redislint/testdata/pipelineread/"

func TestPipelineRead(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), pipelineread.Analyzer,
		pkg+"reported", pkg+"silent", pkg+"fix", pkg+"v8", pkg+"directives", pkg+"testfiles")
}

// TestGoldenFilesCompile type-checks every package of
// testdata/pipelineread with its .golden files in place of the originals:
// a suggested fix must leave code that compiles.
func TestGoldenFilesCompile(t *testing.T) {
	t.Parallel()
	analyzertest.GoldenFilesCompile(t, "pipelineread")
}
