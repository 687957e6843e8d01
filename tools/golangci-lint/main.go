// Command golangci-lint is golangci-lint v2 with the redislint analyzers
// compiled in as module plugins. It is built from the Go module proxy alone:
// golangci-lint is an ordinary dependency here, so nothing is git-cloned
// (`golangci-lint custom` clones golangci-lint's repository, which fails
// where GitHub is unreachable).
//
//	scripts/golangci                # builds bin/golangci-lint
//	bin/golangci-lint run ./...
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/redislint/redislint/plugin" // registers nokeys, requirettl, ctxclose, pipelineloop
)

func main() {
	info := commands.BuildInfo{Version: "(unknown)", Commit: "redislint", Date: "(unknown)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/golangci/golangci-lint/v2" {
				info.Version = dep.Version[1:] + "+redislint"
			}
		}
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
