// Command redislint finds the go-redis usage that takes production Redis
// down: KEYS on a large keyspace, keys written without expiry, connections
// and subscriptions never released, and one round trip per item in a loop.
//
// Standalone:
//
//	redislint ./...                 # report
//	redislint -fix ./...            # apply suggested fixes
//	redislint -diff ./...           # show them as a diff
//	redislint -json ./...           # machine-readable output
//	redislint help nokeys           # what an analyzer reports and why
//
// As a vet tool, which caches results per package in the build cache:
//
//	go vet -vettool=$(which redislint) ./...
//
// Each analyzer can be turned off (-nokeys=false) or, when others are
// selected explicitly, on alone (-nokeys).
//
// Standalone, redislint type-checks from source the packages it analyzes
// and the packages that can carry its analysis facts (those that import
// go-redis), and reads every other package from export data in the build
// cache; on an empty build cache it type-checks everything from source
// rather than compile the world first (see graph.go and load.go).
// REDISLINT_LOAD=source|export|auto (default auto) overrides that choice.
// Under go vet, a package that cannot reach go-redis is type-checked for
// its importers and not analyzed (see vet.go).
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/redislint/redislint"
	"github.com/redislint/redislint/internal/reach"
)

func main() {
	analyzers := redislint.Analyzers()
	args := os.Args[1:]
	if !standalone(args) {
		// go vet: the .cfg of one package, or the -V=full and -flags
		// queries the go command makes first. The reach mark tells the
		// later units which packages can carry facts.
		for _, a := range analyzers {
			a.Requires = append(a.Requires, reach.Analyzer)
		}
		if cfg := vetCfg(args); cfg != "" && vetAnalyzers(cfg, analyzers) == nil {
			// Type-check it for its importers, analyze nothing. Go vet
			// passes the analyzers' flags, which mean nothing without
			// them, so this skips the flag parsing too.
			unitchecker.Run(cfg, nil) // exits
		}
		multichecker.Main(analyzers...)
		return
	}
	os.Exit(standaloneMain(args, analyzers, os.Stdout, os.Stderr))
}
