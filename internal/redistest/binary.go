package redistest

import (
	"os"
	"os/exec"
	"testing"
)

// installAdvice is the one place that says how to get the binary.
// ./scripts/test installs it itself where it can (root with apt-get).
const installAdvice = "run ./scripts/test (it installs redis-server when run as root with apt-get), install it yourself (apt-get install redis-server), or set REDIS_SERVER to the binary's path"

// binary returns the redis-server to run. A missing binary fails tb: a test
// that needs a real server and skips without one would pass without testing
// anything. A REDIS_SERVER that points nowhere fails tb too.
func binary(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("REDIS_SERVER"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			tb.Fatalf("redistest: REDIS_SERVER=%q is not an executable: %v", p, err)
		}
		return path
	}
	path, err := exec.LookPath("redis-server")
	if err == nil {
		return path
	}
	tb.Fatalf("redistest: redis-server not found on PATH: %s", installAdvice)
	return "" // unreachable: Fatal ends the test goroutine
}
