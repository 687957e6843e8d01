package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redislint/redislint/internal/redistest"
)

func TestTLS(t *testing.T) {
	t.Parallel()
	ca := newPKI(t, "redisaudit test CA")
	other := newPKI(t, "another CA")
	srv := startTLSServer(t, ca, "no") // asks for no client certificate
	mtls := startTLSServer(t, ca, "yes")
	populate(t, srv.Client(t))
	populate(t, mtls.Client(t))
	url := "rediss://" + srv.Addr

	t.Run("verified with the CA of -cacert", func(t *testing.T) {
		t.Parallel()
		r := auditJSON(t, url, "-cacert", ca.ca)
		requireGroups(t, r, expected())
		if len(r.Nodes) != 1 || r.Nodes[0].Addr != srv.Addr {
			t.Errorf("nodes %+v, want %s", r.Nodes, srv.Addr)
		}
	})
	t.Run("client certificate from -cert and -key", func(t *testing.T) {
		t.Parallel()
		requireGroups(t, auditJSON(t, "rediss://"+mtls.Addr, "-cacert", ca.ca, "-cert", ca.clientCert, "-key", ca.clientKey), expected())
	})
	t.Run("skip_verify in the URL", func(t *testing.T) {
		t.Parallel()
		requireGroups(t, auditJSON(t, url+"?skip_verify=true"), expected())
	})

	t.Run("no client certificate", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "rediss://"+mtls.Addr, "-cacert", ca.ca)
		requireOneLineError(t, out, errOut, code, 1, mtls.Addr+" demands a client certificate: give one with -cert FILE and -key FILE")
	})
	t.Run("a client certificate from a CA the server does not trust", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "rediss://"+mtls.Addr, "-cacert", ca.ca, "-cert", other.clientCert, "-key", other.clientKey)
		requireOneLineError(t, out, errOut, code, 1, mtls.Addr+" refused the TLS handshake (remote error: tls: ")
		requireOneLineError(t, out, errOut, code, 1, "check the client certificate of -cert, which a CA it trusts must sign")
	})
	t.Run("a CA that did not sign the certificate", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, url, "-cacert", other.ca)
		requireOneLineError(t, out, errOut, code, 1, "the TLS certificate of "+srv.Addr+" is not trusted (x509: certificate signed by unknown authority): -cacert FILE sets the CA that signed it")
	})
	t.Run("the system's CAs", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, url)
		requireOneLineError(t, out, errOut, code, 1, "the TLS certificate of "+srv.Addr+" is not trusted")
	})
	t.Run("a name the certificate is not for", func(t *testing.T) {
		t.Parallel()
		_, port, _ := strings.Cut(srv.Addr, ":")
		out, errOut, code := audit(t, nil, "rediss://localhost:"+port, "-cacert", ca.ca)
		requireOneLineError(t, out, errOut, code, 1, "the TLS certificate of localhost:"+port+" is for redis.test, 127.0.0.1, not localhost: connect by one of those names")
	})
	t.Run("redis:// to a TLS port", func(t *testing.T) {
		t.Parallel()
		out, errOut, code := audit(t, nil, "redis://"+srv.Addr)
		requireOneLineError(t, out, errOut, code, 1, srv.Addr+" closed the connection (EOF); if it serves TLS, use a rediss:// URL")
	})
	t.Run("rediss:// to a port without TLS", func(t *testing.T) {
		t.Parallel()
		plain := redistest.Standalone(t)
		out, errOut, code := audit(t, nil, "rediss://"+plain.Addr+"?dial_timeout=300ms", "-cacert", ca.ca)
		requireOneLineError(t, out, errOut, code, 1, "no TLS handshake with "+plain.Addr+" within the dial timeout; if it does not serve TLS, use a redis:// URL")
	})
}

func TestTLSFlagErrors(t *testing.T) {
	t.Parallel()
	ca := newPKI(t, "redisaudit test CA")
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nosuch.pem")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"redis://127.0.0.1:1", "-cacert", ca.ca}, "-cacert, -cert and -key set up TLS, which needs a rediss:// URL"},
		{[]string{"unix:///tmp/redis.sock", "-cert", ca.clientCert, "-key", ca.clientKey}, "needs a rediss:// URL"},
		{[]string{"rediss://127.0.0.1:1", "-cert", ca.clientCert}, "-cert and -key go together"},
		{[]string{"rediss://127.0.0.1:1", "-key", ca.clientKey}, "-cert and -key go together"},
		{[]string{"rediss://127.0.0.1:1", "-cacert", notPEM}, "-cacert " + notPEM + ": no PEM certificate in it"},
		{[]string{"rediss://127.0.0.1:1", "-cacert", missing}, "-cacert: open " + missing + ": no such file or directory"},
		{[]string{"rediss://127.0.0.1:1", "-cert", ca.clientCert, "-key", ca.serverKey}, "-cert and -key: tls: private key does not match public key"},
	}
	for _, tt := range tests {
		out, errOut, code := audit(t, nil, tt.args...)
		requireOneLineError(t, out, errOut, code, 2, tt.want)
	}
}
