package directive

import (
	"slices"
	"testing"
)

func TestParseIgnore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		text   string
		ok     bool
		names  []string
		reason string
	}{
		{"one analyzer", "//redislint:ignore nokeys the cache has ten keys", true, []string{"nokeys"}, "the cache has ten keys"},
		{"several analyzers", "//redislint:ignore nokeys,requirettl both", true, []string{"nokeys", "requirettl"}, "both"},
		{"all", "//redislint:ignore all legacy", true, []string{"all"}, "legacy"},
		{"names are lower-cased", "//redislint:ignore NoKeys,ALL why", true, []string{"nokeys", "all"}, "why"},
		{"empty list items are dropped", "//redislint:ignore ,nokeys,, why", true, []string{"nokeys"}, "why"},
		{"tabs separate too", "//redislint:ignore\tnokeys\tthe reason\t", true, []string{"nokeys"}, "the reason"},
		{"a reason after //", "//redislint:ignore nokeys // golangci style", true, []string{"nokeys"}, "golangci style"},
		{"no reason", "//redislint:ignore nokeys", true, []string{"nokeys"}, ""},
		{"only // as reason", "//redislint:ignore nokeys //", true, []string{"nokeys"}, ""},
		{"no analyzer", "//redislint:ignore", true, nil, ""},
		{"no analyzer, trailing space", "//redislint:ignore   ", true, nil, ""},
		{"only commas", "//redislint:ignore , why", true, nil, "why"},
		{"space after slashes is prose", "// redislint:ignore nokeys why", false, nil, ""},
		{"another word", "//redislint:ignored nokeys why", false, nil, ""},
		{"block comment", "/*redislint:ignore nokeys why*/", false, nil, ""},
		{"staticcheck's directive", "//lint:ignore SA1000 why", false, nil, ""},
		{"empty", "", false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, ok := parseIgnore(tt.text)
			if ok != tt.ok || !slices.Equal(d.names, tt.names) || d.reason != tt.reason {
				t.Errorf("parseIgnore(%q) = %q, %q, %v; want %q, %q, %v",
					tt.text, d.names, d.reason, ok, tt.names, tt.reason, tt.ok)
			}
			if wantWellFormed := len(tt.names) > 0 && tt.reason != ""; ok && d.wellFormed() != wantWellFormed {
				t.Errorf("parseIgnore(%q).wellFormed() = %v", tt.text, d.wellFormed())
			}
		})
	}
}

func TestParseNolint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		ok    bool
		all   bool
		names []string
	}{
		{"bare", "//nolint", true, true, nil},
		{"bare with explanation", "//nolint // legacy", true, true, nil},
		{"bare with prose", "//nolint because", true, true, nil},
		{"all", "//nolint:all", true, true, nil},
		{"all with explanation", "//nolint:all // legacy", true, true, nil},
		{"all in a list", "//nolint:nokeys,all", true, true, nil},
		{"all in upper case", "//nolint:ALL", true, true, nil},
		{"list prefix all counts as all (golangci-lint)", "//nolint:allow", true, true, nil},
		{"one linter", "//nolint:nokeys", true, false, []string{"nokeys"}},
		{"several linters", "//nolint:nokeys,requirettl", true, false, []string{"nokeys", "requirettl"}},
		{"explanation", "//nolint:nokeys // the cache is tiny", true, false, []string{"nokeys"}},
		{"explanation without space", "//nolint:nokeys//x", true, false, []string{"nokeys"}},
		{"case-insensitive", "//nolint:NoKeys", true, false, []string{"nokeys"}},
		{"spaces around items", "//nolint: nokeys , requirettl", true, false, []string{"nokeys", "requirettl"}},
		{"prose after the list names a linter with a space", "//nolint:nokeys because", true, false, []string{"nokeys because"}},
		{"empty list", "//nolint:", true, false, []string{""}},
		{"leading space (golangci-lint honors it)", "// nolint:nokeys", true, false, []string{"nokeys"}},
		{"leading spaces and slashes", "/// //  nolint", true, true, nil},
		{"tab is not stripped", "//\tnolint", false, false, nil},
		{"block comment", "/*nolint*/", false, false, nil},
		{"longer word", "//nolintlint", false, false, nil},
		{"longer word with list", "//nolintx:nokeys", false, false, nil},
		{"explanation glued to bare nolint", "//nolint//x", false, false, nil},
		{"upper-case directive", "//NOLINT", false, false, nil},
		{"prose", "// do not nolint this", false, false, nil},
		{"redislint directive", "//redislint:ignore nokeys why", false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, ok := parseNolint(tt.text)
			if ok != tt.ok || d.all != tt.all || !slices.Equal(d.names, tt.names) {
				t.Errorf("parseNolint(%q) = all %v %q, %v; want all %v %q, %v",
					tt.text, d.all, d.names, ok, tt.all, tt.names, tt.ok)
			}
		})
	}
}
