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
// Dependencies are read from export data in the build cache, or, when the
// cache is empty, type-checked from source (see load.go);
// REDISLINT_LOAD=source|export|auto (default auto) overrides the choice.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/redislint/redislint"
)

func main() {
	analyzers := redislint.Analyzers()
	src, err := fromSource(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "redislint:", err)
		os.Exit(2)
	}
	if src {
		loadFromSource(analyzers)
	}
	multichecker.Main(analyzers...)
}
