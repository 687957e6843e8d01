// Command floor measures what any redislint run pays before an analyzer does
// any work: loading and type-checking the packages. It runs one of two
// analyzers that both require inspect and do nothing:
//
//	floor -floor ./...        # the plain floor: dependencies from export data
//	floor -factfloor ./...    # the fact floor: the analyzer declares a fact
//	                          # type, so the standalone driver type-checks
//	                          # every dependency from source
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// nothing is the fact type factfloor declares and never exports.
type nothing struct{}

func (*nothing) AFact()         {}
func (*nothing) String() string { return "nothing" }

func run(pass *analysis.Pass) (any, error) {
	// Take the inspector so its cost is part of the floor, as it is for
	// every analyzer that requires it.
	_ = pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	return nil, nil
}

var floor = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "requires inspect and does nothing",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

var factFloor = &analysis.Analyzer{
	Name:      "factfloor",
	Doc:       "requires inspect, declares a fact type and does nothing",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(nothing)},
	Run:       run,
}

func main() {
	multichecker.Main(floor, factFloor)
}
