// Command facts prints the redislint analyzers that declare fact types,
// themselves or through an analyzer they require: with any of them the
// standalone driver type-checks every dependency from source, so their
// matching floor is the fact floor.
package main

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint"
)

func usesFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, r := range a.Requires {
		if usesFacts(r) {
			return true
		}
	}
	return false
}

func main() {
	var names []string
	for _, a := range redislint.Analyzers() {
		if usesFacts(a) {
			names = append(names, a.Name)
		}
	}
	fmt.Println(strings.Join(names, " "))
}
