package main

import (
	"os"
	"testing"
	"time"
)

func TestFromSourceOverride(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want bool
	}{{"source", true}, {"export", false}} {
		t.Setenv(loadEnv, tc.env)
		if got, err := fromSource([]string{"./..."}); err != nil || got != tc.want {
			t.Errorf("%s=%s: fromSource = %v, %v; want %v", loadEnv, tc.env, got, err, tc.want)
		}
	}
	t.Setenv(loadEnv, "fast")
	if _, err := fromSource([]string{"./..."}); err == nil {
		t.Errorf("%s=fast: no error", loadEnv)
	}
}

// TestWarmMarker: an empty build cache means source; the marker, written
// only when the probe finds the standard library compiled, skips the probe
// for a day.
func TestWarmMarker(t *testing.T) {
	t.Setenv(loadEnv, "")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("GOCACHE", t.TempDir()) // empty: the standard library is not compiled

	for _, args := range [][]string{{"/tmp/vet123.cfg"}, {"-flags"}, {"-V=full"}} {
		if src, err := fromSource(args); err != nil || src {
			t.Errorf("fromSource(%q) = %v, %v; want false: go vet queries load nothing", args, src, err)
		}
	}
	src, err := fromSource([]string{"./..."})
	if err != nil || !src {
		t.Fatalf("empty build cache: fromSource = %v, %v; want true", src, err)
	}
	marker := warmMarker()
	if _, err := os.Stat(marker); err == nil {
		t.Fatalf("marker %s written for a cold cache", marker)
	}

	touch(marker)
	if src, _ := fromSource([]string{"./..."}); src {
		t.Error("a fresh marker did not skip the probe")
	}
	old := time.Now().Add(-2 * markerTTL)
	if err := os.Chtimes(marker, old, old); err != nil {
		t.Fatal(err)
	}
	if src, _ := fromSource([]string{"./..."}); !src {
		t.Error("an expired marker was trusted")
	}
}
