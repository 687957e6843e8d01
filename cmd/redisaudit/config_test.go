package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func TestParseArgs(t *testing.T) {
	t.Parallel()
	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		cfg, err := parseArgs(nil, noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.url != defaultURL || cfg.pattern != "*" || cfg.count != 1000 || cfg.depth != 3 || cfg.sep != ":" || cfg.format != "table" || !cfg.progress {
			t.Errorf("defaults = %+v", cfg)
		}
	})
	t.Run("URL from REDIS_URL", func(t *testing.T) {
		t.Parallel()
		cfg, err := parseArgs(nil, func(k string) string {
			if k == "REDIS_URL" {
				return "redis://cache:6380/2"
			}
			return ""
		})
		if err != nil || cfg.url != "redis://cache:6380/2" {
			t.Errorf("url = %q, %v", cfg.url, err)
		}
	})
	t.Run("URL between and after flags", func(t *testing.T) {
		t.Parallel()
		cfg, err := parseArgs([]string{"-json", "redis://h:1", "-count", "50", "--max-keys=7"}, noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.url != "redis://h:1" || cfg.count != 50 || cfg.maxKeys != 7 || cfg.format != "json" {
			t.Errorf("got %+v", cfg)
		}
	})
	t.Run("prefix is escaped and match is not", func(t *testing.T) {
		t.Parallel()
		cfg, err := parseArgs([]string{"-prefix", `we*ird[1]:`}, noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if want := `we\*ird\[1\]:*`; cfg.pattern != want {
			t.Errorf("-prefix pattern = %q, want %q", cfg.pattern, want)
		}
		cfg, err = parseArgs([]string{"-match", `user:*:[ab]`}, noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if want := `user:*:[ab]`; cfg.pattern != want {
			t.Errorf("-match pattern = %q, want %q", cfg.pattern, want)
		}
	})
	t.Run("apply-ttl rules", func(t *testing.T) {
		t.Parallel()
		cfg, err := parseArgs([]string{"-apply-ttl", "cart:*=30d", "-apply-ttl", "a=b:*=1d12h", "-yes"}, noEnv)
		if err != nil {
			t.Fatal(err)
		}
		want := []applyRule{{group: "cart:*", ttl: 30 * 24 * time.Hour}, {group: "a=b:*", ttl: 36 * time.Hour}}
		if !slices.Equal(cfg.apply, want) || !cfg.yes {
			t.Errorf("apply = %+v, yes = %v; want %+v", cfg.apply, cfg.yes, want)
		}
	})
}

func TestParseArgsRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-count", "abc"}, `invalid value "abc" for flag -count: want a whole number of 1 or more`},
		{[]string{"-count", "0"}, `invalid value "0" for flag -count`},
		{[]string{"-count", "1.5"}, `invalid value "1.5" for flag -count`},
		{[]string{"-rate", "-1"}, `invalid value "-1" for flag -rate`},
		{[]string{"-max-keys", "ten"}, `invalid value "ten" for flag -max-keys`},
		{[]string{"-depth", "-2"}, `invalid value "-2" for flag -depth`},
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"-match", "a*", "-prefix", "a"}, "-match and -prefix exclude each other"},
		{[]string{"-json", "-csv"}, "-json and -csv exclude each other"},
		{[]string{"-sep", ""}, "-sep must not be empty"},
		{[]string{"-yes"}, "-yes confirms -apply-ttl, and there is none"},
		{[]string{"redis://a", "redis://b"}, "want at most one URL, got 2 arguments"},
		{[]string{"-apply-ttl", "cart:*"}, "want GROUP=DURATION"},
		{[]string{"-apply-ttl", "=1h"}, "want GROUP=DURATION"},
		{[]string{"-apply-ttl", "cart:*=soon"}, `bad duration "soon"`},
		{[]string{"-apply-ttl", "cart:*=500ms"}, "a TTL must be at least 1s"},
		{[]string{"-apply-ttl", "cart:*=1500ms"}, "EXPIRE takes whole seconds"},
		{[]string{"-apply-ttl", "cart:*=-1h"}, "a TTL must be at least 1s"},
		{[]string{"-apply-ttl", "cart:*=1h", "-apply-ttl", "cart:*=2h"}, "group cart:* has two TTLs"},
	}
	for _, tt := range tests {
		_, err := parseArgs(tt.args, noEnv)
		var uerr usageError
		if !errors.As(err, &uerr) {
			t.Errorf("parseArgs(%q) = %v, want a usage error", tt.args, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
			t.Errorf("parseArgs(%q) error = %q, want one line containing %q", tt.args, msg, tt.want)
		}
	}
}

func TestFormatTTL(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		24 * time.Hour:      "1d",
		30 * 24 * time.Hour: "30d",
		36 * time.Hour:      "36h0m0s",
		90 * time.Minute:    "1h30m0s",
	} {
		if got := formatTTL(d); got != want {
			t.Errorf("formatTTL(%v) = %q, want %q", d, got, want)
		}
	}
}
