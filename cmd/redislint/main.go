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
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/redislint/redislint"
)

func main() {
	multichecker.Main(redislint.Analyzers()...)
}
