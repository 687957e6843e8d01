package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/redistest"
)

func TestFailThresholds(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	populate(t, srv.Client(t))
	url := "redis://" + srv.Addr

	// The keyspace has these groups with the most keys without TTL:
	// user:*:profile 300, user:*:cart 120, cache:v2:* 100, job:*:result:** 40;
	// 586 in all.
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // the lines, in order, without "redisaudit: "
	}{
		{"groups over -fail-group", []string{"-fail-group", "100"}, 3, []string{
			"user:*:profile has 300 keys without TTL, more than -fail-group 100",
			"user:*:cart has 120 keys without TTL, more than -fail-group 100",
		}},
		{"a group at -fail-group passes", []string{"-fail-group", "300"}, 0, nil},
		{"-fail-group 0 passes keys that all have a TTL", []string{"-fail-group", "0", "-prefix", "session:"}, 0, nil},
		{"-fail-group 0 fails on one key", []string{"-fail-group", "0", "-match", "ev*"}, 3, []string{
			"events has 1 key without TTL, more than -fail-group 0",
		}},
		{"over -fail-total", []string{"-fail-total", "585"}, 3, []string{
			"586 keys without TTL in all, more than -fail-total 585",
		}},
		{"at -fail-total passes", []string{"-fail-total", "586"}, 0, nil},
		{"both", []string{"-fail-total", "500", "-fail-group", "200"}, 3, []string{
			"user:*:profile has 300 keys without TTL, more than -fail-group 200",
			"586 keys without TTL in all, more than -fail-total 500",
		}},
		{"the list stops at -top", []string{"-fail-group", "5", "-top", "2"}, 3, []string{
			"user:*:profile has 300 keys without TTL, more than -fail-group 5",
			"user:*:cart has 120 keys without TTL, more than -fail-group 5",
			"... 4 more groups have more than -fail-group 5 (-top 0 lists them all)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := audit(t, nil, append([]string{url}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			var want string
			for _, l := range tt.stderr {
				want += "redisaudit: " + l + "\n"
			}
			if errOut != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", errOut, want)
			}
			// The report comes whole either way.
			if !strings.Contains(out, "\nTOTAL ") {
				t.Errorf("no report on stdout:\n%s", out)
			}
		})
	}

	t.Run("JSON report and exit status 3", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, url, "-json", "-fail-group", "119")
		var r report
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Keys != 996 {
			t.Errorf("stdout is not the report (%v):\n%s", err, out)
		}
		if code != 3 || strings.Count(errOut, "\n") != 2 {
			t.Errorf("exit %d, stderr %q; want 3 and two groups", code, errOut)
		}
	})
	t.Run("groups beyond -max-groups are judged together", func(t *testing.T) {
		t.Parallel()
		// Which group is tallied alone depends on SCAN's order; the keys
		// without TTL of the other groups together are more than 300 but
		// user:*:profile's 300, or 286 otherwise, so over 250 either way.
		_, errOut, code := audit(t, nil, url, "-max-groups", "1", "-fail-group", "250")
		want := "without TTL together, more than -fail-group 250; -max-groups 0 tells them apart\n"
		if code != 3 || !strings.Contains(errOut, "redisaudit: the groups beyond -max-groups 1 have ") || !strings.HasSuffix(errOut, want) {
			t.Errorf("exit %d, stderr %q; want 3 and a line ending %q", code, errOut, want)
		}
	})
	t.Run("the exit status of the process", func(t *testing.T) {
		t.Parallel()
		stdout, stderr, code := runMain(t, url, "-fail-total", "0", "-no-progress")
		if code != 3 || stderr != "redisaudit: 586 keys without TTL in all, more than -fail-total 0\n" || !strings.Contains(stdout, "TOTAL") {
			t.Errorf("exit %d, stderr %q, stdout %q", code, stderr, stdout)
		}
	})
	t.Run("an audit that fails is status 1, not 3", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://"+closedPort(t), "-fail-group", "0")
		requireOneLineError(t, out, errOut, code, 1, "cannot reach")
	})
}

func TestFailThresholdFlags(t *testing.T) {
	t.Parallel()
	cfg, err := parseArgs(nil, noEnv)
	if err != nil || cfg.failGroup != -1 || cfg.failTotal != -1 {
		t.Errorf("defaults: fail-group %d, fail-total %d, %v; want both off (-1)", cfg.failGroup, cfg.failTotal, err)
	}
	cfg, err = parseArgs([]string{"-fail-group", "0", "-fail-total", "10"}, noEnv)
	if err != nil || cfg.failGroup != 0 || cfg.failTotal != 10 {
		t.Errorf("fail-group %d, fail-total %d, %v; want 0, 10", cfg.failGroup, cfg.failTotal, err)
	}
	for _, args := range [][]string{{"-fail-group", "-1"}, {"-fail-total", "x"}} {
		out, errOut, code := audit(t, nil, args...)
		requireOneLineError(t, out, errOut, code, 2, `invalid value "`+args[1]+`" for flag `+args[0]+": want a whole number of 0 or more")
	}
	var help strings.Builder
	usage(&help)
	for _, want := range []string{"-fail-group N", "-fail-total N", "-cacert file", "-sentinel host:port", "Exit status: 0 after a report; 3 after a report that crosses"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("-help does not mention %q:\n%s", want, help.String())
		}
	}
}

// runMain runs the test binary as the command, to see what a shell sees.
func runMain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "REDISAUDIT_TEST_MAIN=1")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}
