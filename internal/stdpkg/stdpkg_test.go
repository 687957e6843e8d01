package stdpkg

import (
	"os/exec"
	"strings"
	"testing"
)

func TestListIsCurrent(t *testing.T) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	var missing []string
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "vendor/") && !Is(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		t.Errorf("std.txt lacks %d packages of this Go release (%s...); run go generate ./internal/stdpkg", len(missing), missing[0])
	}
}

func TestIs(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt":                          true,
		"net/http":                     true,
		"log/slog":                     true,
		"myservice/cache":              false, // a module named without a dot
		"example.com/cache":            false,
		"github.com/redis/go-redis/v9": false,
		"":                             false,
	} {
		if got := Is(path); got != want {
			t.Errorf("Is(%q) = %v, want %v", path, got, want)
		}
	}
}
