package redislint_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint"
)

// TestNoFacts: no analyzer, nor one it requires, declares a fact type. A
// single fact type makes the standalone driver type-check and analyze
// every dependency from source, twice the time and memory of the whole
// run on go-redis v9 (see docs/PERFORMANCE.md).
func TestNoFacts(t *testing.T) {
	var check func(path string, a *analysis.Analyzer)
	check = func(path string, a *analysis.Analyzer) {
		path += a.Name
		if len(a.FactTypes) > 0 {
			t.Errorf("%s declares fact types %T", path, a.FactTypes)
		}
		for _, r := range a.Requires {
			check(path+" -> ", r)
		}
	}
	for _, a := range redislint.Analyzers() {
		check("", a)
	}
}
