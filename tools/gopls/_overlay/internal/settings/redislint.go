// This file is not part of gopls. scripts/gopls copies it into
// internal/settings of a copy of the gopls module before building; it is the
// whole change to gopls, and it adds files only: scripts/gopls fails if a
// file of the same name is already there.

package settings

import "github.com/redislint/redislint"

// The redislint analyzers join the list gopls runs, enabled by default
// (disable one with "analyses": {"nokeys": false}), with warning severity;
// their suggested fixes are offered as quick fixes. AllAnalyzers is
// initialized before any init function runs, and gopls reads it only when it
// analyzes a package, so appending here is enough. Analyzer and its fields
// are gopls's: if a gopls upgrade renames them, the build fails here.
func init() {
	for _, a := range redislint.Analyzers() {
		AllAnalyzers = append(AllAnalyzers, &Analyzer{analyzer: a})
	}
}
