// Package stdpkg says whether an import path names a standard library
// package, without asking the go command.
//
// An import path whose first element has no dot is not enough: a module
// may be named "myservice", and its packages "myservice/cache". The list
// is that of the Go release the project is built with (go generate
// refreshes it, and TestListIsCurrent fails when it is stale); a package
// added to the standard library later is taken for user code, which makes
// the analyzers more cautious, never less.
package stdpkg

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate sh -c "go list std | grep -v '^vendor/' > std.txt"

//go:embed std.txt
var list string

var paths = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(list) {
		m[p] = true
	}
	return m
})

// Is reports whether path is a standard library package.
func Is(path string) bool { return paths()[path] }
