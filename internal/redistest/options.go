package redistest

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Options start a server other than the plain one Standalone starts.
type Options struct {
	// TLS, when set, makes the server serve TLS only, on its port.
	TLS *TLS
	// Password is the server's requirepass; the readiness probe and Client
	// authenticate with it.
	Password string
	// Sentinel, when not empty, runs redis-server as a Sentinel with this
	// configuration ("sentinel monitor ..." lines). It is written to a file
	// of the server's own, which Sentinel rewrites as it runs.
	Sentinel string
}

// TLS is a server's TLS setup.
type TLS struct {
	CertFile, KeyFile, CAFile string
	// AuthClients is Redis's tls-auth-clients: "yes" demands a client
	// certificate signed by CAFile, "no" asks for none.
	AuthClients string
	// Replication reaches masters and replicas over TLS too, presenting
	// CertFile (tls-replication), as a Sentinel watching a TLS master must.
	Replication bool
	// Client is how the readiness probe and Client connect.
	Client *tls.Config
}

// Start starts a redis-server with o on a free 127.0.0.1 port, like
// Standalone, and returns once it answers PING as our own process.
// tb.Cleanup stops it.
func Start(tb testing.TB, o Options) *Server {
	tb.Helper()
	s := newServer(tb, binary(tb), false)
	s.opts = o
	if o.Sentinel != "" {
		conf := o.Sentinel
		if o.Password != "" {
			conf += "\nrequirepass " + o.Password + "\n"
		}
		if err := os.WriteFile(s.sentinelConf(), []byte(conf), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.startOnFreePorts(); err != nil {
		tb.Fatalf("redistest: start redis-server: %v", err)
	}
	return s
}

func (s *Server) sentinelConf() string { return filepath.Join(s.dir, "sentinel.conf") }

// optionArgs returns the arguments o adds; the port arguments among them
// replace the plain --port.
func (s *Server) optionArgs() (args []string, port bool) {
	o := s.opts
	if o.Sentinel != "" {
		args = append(args, "--sentinel")
	}
	if o.Password != "" && o.Sentinel == "" {
		args = append(args, "--requirepass", o.Password)
	}
	if t := o.TLS; t != nil {
		args = append(args,
			"--port", "0",
			"--tls-port", strconv.Itoa(s.port),
			"--tls-cert-file", t.CertFile,
			"--tls-key-file", t.KeyFile,
			"--tls-ca-cert-file", t.CAFile,
		)
		if t.AuthClients != "" {
			args = append(args, "--tls-auth-clients", t.AuthClients)
		}
		if t.Replication {
			args = append(args, "--tls-replication", "yes")
		}
		port = true
	}
	return args, port
}
