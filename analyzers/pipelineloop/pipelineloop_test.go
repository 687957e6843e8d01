package pipelineloop_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/redislint/redislint/analyzers/pipelineloop"
	"github.com/redislint/redislint/internal/analyzertest"
)

const pkg = "github.com/redislint/redislint/testdata/pipelineloop/"

func TestPipelineLoop(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), pipelineloop.Analyzer,
		pkg+"reported", pkg+"silent", pkg+"shapes", pkg+"roundtrip/...", pkg+"fix", pkg+"viawrapper", pkg+"v8", pkg+"directives", pkg+"cgo", pkg+"redigo", pkg+"rueidis", pkg+"valkey")
}

func TestStrict(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analyzertest.Testdata(t), pipelineloop.New(pipelineloop.Config{Strict: true}), pkg+"strict")
}

// TestGoldenFilesCompile type-checks every package of testdata/pipelineloop
// with its .golden files in place of the originals: a suggested fix must
// leave code that compiles.
func TestGoldenFilesCompile(t *testing.T) {
	t.Parallel()
	analyzertest.GoldenFilesCompile(t, "pipelineloop")
}

// TestStrictFlag: the command line and the golangci-lint settings reach
// the same switch.
func TestStrictFlag(t *testing.T) {
	t.Parallel()
	a := pipelineloop.New(pipelineloop.Config{})
	f := a.Flags.Lookup("strict")
	if f == nil || f.DefValue != "false" {
		t.Fatalf("flag strict = %+v, want a boolean defaulting to false", f)
	}
	if b := pipelineloop.New(pipelineloop.Config{Strict: true}).Flags.Lookup("strict"); b.DefValue != "true" {
		t.Errorf("New(Config{Strict: true}) flag default = %s, want true", b.DefValue)
	}
	if pipelineloop.Analyzer.Name != "pipelineloop" || !strings.HasPrefix(pipelineloop.Analyzer.Doc, "report loops that make one Redis round trip per item\n") {
		t.Errorf("Analyzer = %q: %q", pipelineloop.Analyzer.Name, pipelineloop.Analyzer.Doc)
	}
}
