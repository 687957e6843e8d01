// Package plugin registers the redislint analyzers as golangci-lint v2
// module plugins, one plugin per analyzer, so that golangci-lint enables,
// disables, reports and honors //nolint:<analyzer> for each on its own.
//
// Build a golangci-lint that includes them with scripts/golangci (from the
// Go module proxy alone) or with `golangci-lint custom` and .custom-gcl.yml,
// then enable them in .golangci.yml:
//
//	linters:
//	  enable: [nokeys, requirettl, ctxclose, pipelineloop, pipelineread, clusterscan]
//	  settings:
//	    custom:
//	      nokeys:
//	        type: module
//	      requirettl:
//	        type: module
//	        settings:
//	          persistent: ["lock:", "config:"]
//
// Settings decode strictly into each analyzer's Config: an unknown key is an
// error that names it. Under golangci-lint the analyzers leave //nolint to
// golangci-lint itself (so nolintlint sees every directive used) and still
// honor //redislint:ignore.
package plugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/redislint/redislint/analyzers/clusterscan"
	"github.com/redislint/redislint/analyzers/ctxclose"
	"github.com/redislint/redislint/analyzers/nokeys"
	"github.com/redislint/redislint/analyzers/pipelineloop"
	"github.com/redislint/redislint/analyzers/pipelineread"
	"github.com/redislint/redislint/analyzers/requirettl"
	"github.com/redislint/redislint/internal/directive"
)

// golangci applies //nolint itself.
var golangci = directive.Options{SkipNolint: true}

func init() {
	register.Plugin("nokeys", single("nokeys", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[nokeys.Config](raw)
		cfg.Directives = golangci
		return nokeys.New(cfg), err
	}))
	register.Plugin("requirettl", single("requirettl", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[requirettl.Config](raw)
		cfg.Directives = golangci
		return requirettl.New(cfg), err
	}))
	register.Plugin("ctxclose", single("ctxclose", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[ctxclose.Config](raw)
		cfg.Directives = golangci
		return ctxclose.New(cfg), err
	}))
	register.Plugin("pipelineloop", single("pipelineloop", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[pipelineloop.Config](raw)
		cfg.Directives = golangci
		return pipelineloop.New(cfg), err
	}))
	register.Plugin("pipelineread", single("pipelineread", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[pipelineread.Config](raw)
		cfg.Directives = golangci
		return pipelineread.New(cfg), err
	}))
	register.Plugin("clusterscan", single("clusterscan", func(raw any) (*analysis.Analyzer, error) {
		cfg, err := register.DecodeSettings[clusterscan.Config](raw)
		cfg.Directives = golangci
		return clusterscan.New(cfg), err
	}))
}

// single adapts a constructor of one analyzer to golangci-lint's plugin
// interface, with errors that name the plugin.
func single(name string, build func(raw any) (*analysis.Analyzer, error)) register.NewPlugin {
	return func(raw any) (register.LinterPlugin, error) {
		a, err := build(raw)
		if err != nil {
			return nil, fmt.Errorf("redislint %s settings: %w", name, err)
		}
		return linter{a}, nil
	}
}

type linter struct{ a *analysis.Analyzer }

func (l linter) BuildAnalyzers() ([]*analysis.Analyzer, error) { return []*analysis.Analyzer{l.a}, nil }
func (l linter) GetLoadMode() string                           { return register.LoadModeTypesInfo }
