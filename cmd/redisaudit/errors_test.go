package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/redistest"
)

// requireOneLineError fails unless the run ended with status code and a
// single line on stderr that holds want and none of the secrets.
func requireOneLineError(t *testing.T, stdout, stderr string, code, wantCode int, want string, secrets ...string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit status %d, want %d", code, wantCode)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	if !strings.HasPrefix(stderr, "redisaudit: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("stderr %q, want one line starting redisaudit:", stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want it to say %q", stderr, want)
	}
	for _, s := range secrets {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr %q shows the secret %q", stderr, s)
		}
	}
}

// closedPort returns an address on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestUnreachableServer(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	out, errOut, code := audit(t, nil, "redis://admin:hunter2-secret@"+addr+"?dial_timeout=1s")
	requireOneLineError(t, out, errOut, code, 1, "cannot reach "+addr, "hunter2-secret")
}

func TestBadURLNeverShowsThePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, want string
	}{
		{"redis://admin:s3cr%21t@host:99x", "invalid URL"},
		{"redis://admin:s3cr!t@host:99x/0", "invalid URL"},
		{"http://admin:s3cr!t@host:6379", "invalid URL: redis: invalid URL scheme: http"},
		{"redis://admin:s3cr!t@host:6379/zero", "invalid URL"},
		{"redis://admin:s3cr!t@host:6379?nosuch=1", "unexpected option: nosuch"},
	}
	for _, tt := range tests {
		out, errOut, code := audit(t, nil, tt.url)
		requireOneLineError(t, out, errOut, code, 2, tt.want, "s3cr!t", "s3cr%21t")
	}

	// An unescaped '/' makes url.Parse take "admin:zq" for the host and
	// complain about the port "zq", a piece of the password.
	out, errOut, code := audit(t, nil, "redis://admin:zq/xw@host:6379")
	requireOneLineError(t, out, errOut, code, 2, "invalid URL: the user or password holds a character that must be percent-encoded", "zq", "xw")
	out, errOut, code = audit(t, nil, "redis://admin:zq/xw@host:port")
	requireOneLineError(t, out, errOut, code, 2, `invalid URL: invalid port ":port" after host`, "zq", "xw")
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	out, errOut, code := audit(t, nil, "-count", "abc", "redis://localhost:1")
	requireOneLineError(t, out, errOut, code, 2, `invalid value "abc" for flag -count: want a whole number of 1 or more`)
	out, errOut, code = audit(t, nil, "-yes")
	requireOneLineError(t, out, errOut, code, 2, "-yes confirms -apply-ttl")
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	if err := srv.Client(t).ConfigSet(context.Background(), "requirepass", "right-pass").Err(); err != nil {
		t.Fatal(err)
	}

	t.Run("wrong password in the URL", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://:wrong-pass@"+srv.Addr)
		requireOneLineError(t, out, errOut, code, 1, "authentication failed at "+srv.Addr, "wrong-pass")
	})
	t.Run("wrong password in REDIS_PASSWORD", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, map[string]string{"REDIS_PASSWORD": "wrong-pass"}, "redis://"+srv.Addr)
		requireOneLineError(t, out, errOut, code, 1, "authentication failed at "+srv.Addr, "wrong-pass")
	})
	t.Run("no password", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://"+srv.Addr)
		requireOneLineError(t, out, errOut, code, 1, "authentication failed at "+srv.Addr)
	})
	t.Run("right password from the environment", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, map[string]string{"REDIS_URL": "redis://" + srv.Addr, "REDIS_PASSWORD": "right-pass"}, "-json")
		if code != 0 || errOut != "" || !strings.Contains(out, `"mode": "standalone"`) {
			t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
		}
		if strings.Contains(out, "right-pass") {
			t.Errorf("the report shows the password:\n%s", out)
		}
	})
}

func TestRefusesReplica(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	// A master that is never reached is enough: the role changes at once.
	master := closedPort(t)
	host, port, _ := net.SplitHostPort(master)
	if err := srv.Client(t).ReplicaOf(context.Background(), host, port).Err(); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := audit(t, nil, "redis://"+srv.Addr)
	requireOneLineError(t, out, errOut, code, 1, srv.Addr+" is a replica of "+master+"; audit the master")
}

func TestRefusesSentinel(t *testing.T) {
	t.Parallel()
	f := startFake(t, &fakeServer{info: "# Server\r\nredis_version:7.2.4\r\nredis_mode:sentinel\r\n"})
	out, errOut, code := audit(t, nil, "redis://"+f.addr)
	requireOneLineError(t, out, errOut, code, 1, f.addr+" is a Sentinel; audit the master it monitors with -sentinel "+f.addr+" -sentinel-master NAME")
}

func TestRefusesClusterMissingSlots(t *testing.T) {
	t.Parallel()
	c := redistest.Cluster(t)
	// The first master gives up its slots: its keys are now in no slot any
	// master serves.
	if err := c.Masters[0].Client(t).Do(context.Background(), "cluster", "delslotsrange", 0, 5460).Err(); err != nil {
		t.Fatal(err)
	}

	t.Run("seen from the node that lost them", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://"+c.Addrs[0])
		requireOneLineError(t, out, errOut, code, 1, "has a master for 10923 of 16384 slots (none for 0-5460)")
	})
	t.Run("seen from another node", func(t *testing.T) {
		t.Parallel()
		// Depending on gossip, this node still lists the slots under the
		// first master, or has learnt they are gone; either way the audit
		// must not pass for complete.
		out, errOut, code := audit(t, nil, "redis://"+c.Addrs[1])
		if !strings.Contains(errOut, "none for 0-5460") && !strings.Contains(errOut, "reports cluster_state:fail") {
			t.Errorf("stderr %q, want it to name the missing slots or the failed state", errOut)
		}
		requireOneLineError(t, out, errOut, code, 1, "cluster")
	})
	t.Run("a database other than 0", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://"+c.Addrs[1]+"/3")
		requireOneLineError(t, out, errOut, code, 1, "a cluster has only database 0, not 3")
	})
}

func TestApplyTTLRefusesRedisBefore7(t *testing.T) {
	t.Parallel()
	f := startFake(t, &fakeServer{
		info: "# Server\r\nredis_version:6.2.14\r\nredis_mode:standalone\r\n# Replication\r\nrole:master\r\n",
		keys: []string{"cart:1", "cart:2"},
	})

	out, errOut, code := audit(t, nil, "redis://"+f.addr, "-apply-ttl", "cart:*=1h", "-yes")
	requireOneLineError(t, out, errOut, code, 1, f.addr+" runs Redis 6.2.14; -apply-ttl needs EXPIRE ... NX, which came in Redis 7.0")
	out, errOut, code = audit(t, nil, "redis://"+f.addr, "-apply-ttl", "cart:*=1h")
	requireOneLineError(t, out, errOut, code, 1, "runs Redis 6.2.14")
	for _, c := range f.seen() {
		if cmd, _, _ := strings.Cut(c, " "); cmd == "scan" || cmd == "expire" {
			t.Errorf("sent %q to a server that cannot take EXPIRE NX; want it refused before the walk", c)
		}
	}

	// Without -apply-ttl, an old server is audited as any other.
	r := auditJSON(t, "redis://"+f.addr)
	if r.Keys != 2 || r.NoTTL != 2 {
		t.Errorf("audit of the old server: %d keys, %d without TTL; want 2 and 2", r.Keys, r.NoTTL)
	}
}

func TestApplyTTLSendsExpireNX(t *testing.T) {
	t.Parallel()
	f := startFake(t, &fakeServer{
		info: "# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\n# Replication\r\nrole:master\r\n",
		keys: []string{"cart:1", "cart:2", "user:1"},
		// cart:2 answers 0, as a key that gained a TTL between PTTL and
		// EXPIRE does.
		expires: map[string]bool{"cart:1": true},
	})
	r := auditJSON(t, "redis://"+f.addr, "-apply-ttl", "cart:*=1d", "-yes")
	want := applyReport{Group: "cart:*", TTLSeconds: 86400, Keys: 2, WithoutTTL: 2, Set: 1, Skipped: 1}
	if len(r.ApplyTTL) != 1 || r.ApplyTTL[0] != want {
		t.Errorf("apply %+v, want %+v", r.ApplyTTL, want)
	}
	var expires []string
	for _, c := range f.seen() {
		if strings.HasPrefix(c, "expire ") {
			expires = append(expires, c)
		}
	}
	slices.Sort(expires)
	if w := []string{"expire cart:1 86400 NX", "expire cart:2 86400 NX"}; !slices.Equal(expires, w) {
		t.Errorf("EXPIRE commands %q, want %q", expires, w)
	}
}

func TestApplyTTLErrorSaysHowManyTTLsWereSet(t *testing.T) {
	t.Parallel()
	f := startFake(t, &fakeServer{
		info:    "# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\n# Replication\r\nrole:master\r\n",
		keys:    []string{"cart:1", "cart:2", "cart:3"},
		expires: map[string]bool{"cart:1": true, "cart:3": true},
		fail:    map[string]string{"cart:2": "OOM command not allowed when used memory > 'maxmemory'"},
	})
	out, errOut, code := audit(t, nil, "redis://"+f.addr, "-apply-ttl", "cart:*=1h", "-yes")
	requireOneLineError(t, out, errOut, code, 1, "EXPIRE NX cart:2: OOM command not allowed when used memory > 'maxmemory' (TTLs set before it stopped: at least 2)")
}

// TestExitStatus runs the test binary as the command, to see what a shell
// sees: the exit status and nothing on stderr but the one line.
func TestExitStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   string
		inStdout string
	}{
		{"non-integer COUNT", []string{"-count", "ten"}, 2, `invalid value "ten" for flag -count`, ""},
		{"unreachable server", []string{"redis://:pw-secret@" + closedPort(t) + "?dial_timeout=1s"}, 1, "cannot reach", ""},
		{"help", []string{"-h"}, 0, "", "usage: redisaudit [flags] [URL]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], tt.args...)
			cmd.Env = append(os.Environ(), "REDISAUDIT_TEST_MAIN=1")
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if tt.code != 0 {
				requireOneLineError(t, stdout.String(), stderr.String(), code, tt.code, tt.stderr, "pw-secret")
				return
			}
			if code != 0 || stderr.String() != "" || !strings.Contains(stdout.String(), tt.inStdout) {
				t.Errorf("exit %d, stderr %q, stdout %q", code, stderr.String(), stdout.String())
			}
		})
	}
}
