package redistest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// installAdvice is the one place that says how to get the binary, so the skip
// and the failure give the same advice.
const installAdvice = "install the Debian package redis-server (apt-get install redis-server) or set REDIS_SERVER to the binary's path"

// binary returns the redis-server to run. A missing binary skips tb, or fails
// it when CI is true. A REDIS_SERVER that points nowhere always fails tb: the
// override was asked for, so skipping would hide a broken setup.
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
	msg := fmt.Sprintf("redistest: redis-server not found on PATH: %s", installAdvice)
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return "" // unreachable: Skip and Fatal end the test goroutine
}
