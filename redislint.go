// Package redislint lists the redislint analyzers, which keep Go services
// that use go-redis out of the traps that take production Redis down.
//
// The command is cmd/redislint; the golangci-lint plugin is plugin/; the
// library the findings point to is runtime/rediskit.
package redislint

import (
	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint/analyzers/clusterscan"
	"github.com/redislint/redislint/analyzers/ctxclose"
	"github.com/redislint/redislint/analyzers/nokeys"
	"github.com/redislint/redislint/analyzers/pipelineloop"
	"github.com/redislint/redislint/analyzers/pipelineread"
	"github.com/redislint/redislint/analyzers/requirettl"
)

// Analyzers returns every redislint analyzer with its default settings,
// in the order the command lists them.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		nokeys.Analyzer,
		requirettl.Analyzer,
		ctxclose.Analyzer,
		pipelineloop.Analyzer,
		pipelineread.Analyzer,
		clusterscan.Analyzer,
	}
}
