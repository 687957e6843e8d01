package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/redislint/redislint"
	_ "github.com/redislint/redislint/plugin"
)

// TestEachAnalyzerIsItsOwnPlugin: golangci-lint reports everything a
// plugin returns under the plugin's name, so //nolint:<analyzer> only works
// when each analyzer is registered under its own name.
func TestEachAnalyzerIsItsOwnPlugin(t *testing.T) {
	t.Parallel()
	for _, a := range redislint.Analyzers() {
		newPlugin, err := register.GetPlugin(a.Name)
		if err != nil {
			t.Errorf("%s: %v", a.Name, err)
			continue
		}
		p, err := newPlugin(nil) // no settings block
		if err != nil {
			t.Errorf("%s without settings: %v", a.Name, err)
			continue
		}
		as, err := p.BuildAnalyzers()
		if err != nil || len(as) != 1 || as[0].Name != a.Name {
			t.Errorf("%s: BuildAnalyzers() = %v, %v; want the one analyzer %s", a.Name, as, err, a.Name)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("%s: load mode %q, want %q", a.Name, p.GetLoadMode(), register.LoadModeTypesInfo)
		}
	}
}

func TestSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		plugin   string
		settings map[string]any
		wantErr  string
	}{
		{"requirettl", map[string]any{"persistent": []any{"lock:", "config:"}}, ""},
		{"pipelineloop", map[string]any{"strict": true}, ""},
		//nolint:misspell // the misspelled key is the case under test
		{"requirettl", map[string]any{"persistant": []any{"lock:"}}, `requirettl settings: decoding settings: json: unknown field "persistant"`},
		{"pipelineloop", map[string]any{"strict": "yes"}, "pipelineloop settings"},
		{"nokeys", map[string]any{"directives": map[string]any{"SkipNolint": false}}, `unknown field "directives"`},
		{"ctxclose", map[string]any{}, ""},
		{"pipelineread", map[string]any{}, ""},
		{"clusterscan", nil, ""},
		{"pipelineread", map[string]any{"strict": true}, `unknown field "strict"`},
		{"clusterscan", map[string]any{"directives": map[string]any{}}, `unknown field "directives"`},
	} {
		newPlugin, err := register.GetPlugin(tc.plugin)
		if err != nil {
			t.Fatal(err)
		}
		_, err = newPlugin(tc.settings)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s %v: %v", tc.plugin, tc.settings, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s %v: error %v, want one containing %q", tc.plugin, tc.settings, err, tc.wantErr)
		}
	}
}
