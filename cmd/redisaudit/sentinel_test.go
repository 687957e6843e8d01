package main

import (
	"context"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/redistest"
)

func TestSentinel(t *testing.T) {
	t.Parallel()
	master := redistest.Standalone(t)
	populate(t, master.Client(t))
	sen := startSentinel(t, "cache", master.Addr, nil, "")
	down, down2 := closedPort(t), closedPort(t)

	t.Run("audits the master the Sentinel names", func(t *testing.T) {
		t.Parallel()
		r := auditJSON(t, "-sentinel", sen.Addr, "-sentinel-master", "cache")
		requireGroups(t, r, expected())
		if r.Mode != "standalone" || len(r.Nodes) != 1 || r.Nodes[0].Addr != master.Addr {
			t.Errorf("mode %s, nodes %+v; want standalone, %s", r.Mode, r.Nodes, master.Addr)
		}
		if want := (sentinelReport{MasterName: "cache", Addr: sen.Addr}); r.Sentinel == nil || *r.Sentinel != want {
			t.Errorf("sentinel %+v, want %+v", r.Sentinel, want)
		}
		out, errOut, code := audit(t, nil, "-sentinel", sen.Addr, "-sentinel-master", "cache")
		first, _, _ := strings.Cut(out, "\n")
		if want := `master "cache" at ` + master.Addr + ` (Redis `; code != 0 || !strings.HasPrefix(first, want) || !strings.HasSuffix(first, "from Sentinel "+sen.Addr+"): 996 keys") {
			t.Errorf("exit %d, stderr %q, first line %q; want it to start %q and name the Sentinel", code, errOut, first, want)
		}
	})
	t.Run("the URL's host is replaced, the rest kept", func(t *testing.T) {
		t.Parallel()
		r := auditJSON(t, "redis://nosuch.invalid:1/3", "-sentinel", sen.Addr, "-sentinel-master", "cache")
		if r.Nodes[0].Addr != master.Addr || r.Keys != 0 || r.DBSize != 0 {
			t.Errorf("nodes %+v, %d keys; want database 3 of %s, empty", r.Nodes, r.Keys, master.Addr)
		}
	})
	t.Run("the next Sentinel when one is down", func(t *testing.T) {
		t.Parallel()
		r := auditJSON(t, "-sentinel", down+","+sen.Addr, "-sentinel-master", "cache")
		if r.Sentinel == nil || r.Sentinel.Addr != sen.Addr || r.Keys != 996 {
			t.Errorf("sentinel %+v, %d keys; want %s, 996", r.Sentinel, r.Keys, sen.Addr)
		}
	})
	t.Run("no Sentinel answers", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "-sentinel", down, "-sentinel", down2, "-sentinel-master", "cache")
		requireOneLineError(t, out, errOut, code, 1, "no Sentinel answered: cannot reach Sentinel "+down+": dial tcp")
		requireOneLineError(t, out, errOut, code, 1, "; cannot reach Sentinel "+down2+": dial tcp")
	})
	t.Run("a master name the Sentinel does not know", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "-sentinel", sen.Addr+","+down, "-sentinel-master", "nosuch")
		requireOneLineError(t, out, errOut, code, 1,
			`no Sentinel gave the address of master "nosuch": Sentinel `+sen.Addr+` monitors no master of that name (SENTINEL MASTERS lists the names; -sentinel-master sets it); cannot reach Sentinel `+down)
	})
	t.Run("an address that is not a Sentinel", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "-sentinel", master.Addr, "-sentinel-master", "cache")
		requireOneLineError(t, out, errOut, code, 1, `no Sentinel gave the address of master "cache": `+master.Addr+" is not a Sentinel: it knows no SENTINEL command")
	})
	t.Run("a master that is down", func(t *testing.T) {
		t.Parallel()
		gone := startSentinel(t, "gone", down, nil, "")
		out, errOut, code := audit(t, nil, "-sentinel", gone.Addr, "-sentinel-master", "gone")
		requireOneLineError(t, out, errOut, code, 1, `master "gone" at `+down+" (from Sentinel "+gone.Addr+"): cannot reach "+down)
	})
}

func TestSentinelCredentials(t *testing.T) {
	t.Parallel()
	master := redistest.Standalone(t)
	rdb := master.Client(t)
	populate(t, rdb)
	if err := rdb.ConfigSet(context.Background(), "requirepass", "master-pw").Err(); err != nil {
		t.Fatal(err)
	}
	sen := startSentinel(t, "cache", master.Addr, nil, "sentinel-pw")
	args := []string{"-sentinel", sen.Addr, "-sentinel-master", "cache"}

	t.Run("each its own password", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, map[string]string{"REDIS_SENTINEL_PASSWORD": "sentinel-pw"}, append(args, "-json", "redis://:master-pw@")...)
		if code != 0 || errOut != "" || !strings.Contains(out, `"keys": 996,`) {
			t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
		}
		if strings.Contains(out, "-pw") {
			t.Errorf("the report shows a password:\n%s", out)
		}
	})
	t.Run("no Sentinel password", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, map[string]string{"REDIS_PASSWORD": "master-pw"}, args...)
		requireOneLineError(t, out, errOut, code, 1,
			"authentication failed at Sentinel "+sen.Addr+" (set REDIS_SENTINEL_USERNAME and REDIS_SENTINEL_PASSWORD)", "master-pw")
	})
	t.Run("a wrong master password", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, map[string]string{"REDIS_SENTINEL_PASSWORD": "sentinel-pw"}, append(args, "redis://:wrong-pw@")...)
		requireOneLineError(t, out, errOut, code, 1, "authentication failed at "+master.Addr+" (set the user and password in the URL", "wrong-pw", "sentinel-pw")
	})
}

func TestSentinelTLS(t *testing.T) {
	t.Parallel()
	ca := newPKI(t, "redisaudit test CA")
	other := newPKI(t, "another CA")
	master := startTLSServer(t, ca, "yes")
	populate(t, master.Client(t))
	sen := startSentinel(t, "secure", master.Addr, ca, "")
	tlsArgs := []string{"-cacert", ca.ca, "-cert", ca.clientCert, "-key", ca.clientKey}

	t.Run("Sentinel and master over TLS", func(t *testing.T) {
		t.Parallel()
		r := auditJSON(t, append(tlsArgs, "rediss://", "-sentinel", sen.Addr, "-sentinel-master", "secure")...)
		requireGroups(t, r, expected())
		if r.Nodes[0].Addr != master.Addr {
			t.Errorf("nodes %+v, want %s", r.Nodes, master.Addr)
		}
	})
	t.Run("a CA that signed neither", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "rediss://", "-sentinel", sen.Addr, "-sentinel-master", "secure", "-cacert", other.ca)
		requireOneLineError(t, out, errOut, code, 1, "the TLS certificate of Sentinel "+sen.Addr+" is not trusted")
	})
	t.Run("a plain URL for TLS Sentinels", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "-sentinel", sen.Addr, "-sentinel-master", "secure")
		requireOneLineError(t, out, errOut, code, 1, "Sentinel "+sen.Addr+" closed the connection (EOF); if it serves TLS, use a rediss:// URL")
	})
}

func TestSentinelFlagErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-sentinel", "127.0.0.1:26379"}, "-sentinel needs -sentinel-master NAME, the name the Sentinels monitor the master by"},
		{[]string{"-sentinel-master", "cache"}, "-sentinel-master names a master for -sentinel, and there is none"},
		{[]string{"-sentinel", "127.0.0.1:x", "-sentinel-master", "cache"}, `invalid value "127.0.0.1:x" for flag -sentinel: bad address "127.0.0.1:x": want host:port`},
		{[]string{"-sentinel", ",", "-sentinel-master", "cache"}, `invalid value "," for flag -sentinel: bad address ""`},
		{[]string{"unix:///tmp/redis.sock", "-sentinel", "127.0.0.1:26379", "-sentinel-master", "cache"}, "-sentinel needs a redis:// or rediss:// URL"},
	}
	for _, tt := range tests {
		out, errOut, code := audit(t, nil, tt.args...)
		requireOneLineError(t, out, errOut, code, 2, tt.want)
	}
	// A host alone gets Sentinel's port.
	cfg, err := parseArgs([]string{"-sentinel", "s1,s2:26380", "-sentinel", "[::1]", "-sentinel-master", "m"}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(cfg.sentinels, " "), "s1:26379 s2:26380 [::1]:26379"; got != want {
		t.Errorf("sentinels %q, want %q", got, want)
	}
}
