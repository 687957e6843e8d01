package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// This file starts the servers internal/redistest has no options for: a
// redis-server serving TLS with certificates made here, and a Sentinel. Like
// redistest, a missing binary fails the test rather than skipping it.

// A pki is a throwaway CA with a server and a client certificate it signed,
// written as PEM files in a temporary directory.
type pki struct {
	ca                    string // the CA certificate's file
	serverCert, serverKey string // for 127.0.0.1 and redis.test, not localhost
	clientCert, clientKey string

	pool   *x509.CertPool       // the CA, for the test's own clients
	client tls.Certificate      // the client certificate, for the test's own clients
	key    *ecdsa.PrivateKey    // the CA's key
	caCert *x509.Certificate    // the CA certificate, parsed
	serial func() *big.Int      // fresh serial numbers
	write  func(string, []byte) // writes a file in the directory
	dir    string
}

// newPKI makes a CA called name and its certificates.
func newPKI(t testing.TB, name string) *pki {
	t.Helper()
	p := &pki{dir: t.TempDir()}
	var n int64
	p.serial = func() *big.Int { n++; return big.NewInt(n) }
	p.write = func(file string, b []byte) {
		if err := os.WriteFile(filepath.Join(p.dir, file), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          p.serial(),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	p.caCert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	p.key = key
	p.ca = filepath.Join(p.dir, "ca.pem")
	p.write("ca.pem", pemBlock("CERTIFICATE", der))
	p.pool = x509.NewCertPool()
	p.pool.AddCert(p.caCert)

	// Redis presents its server certificate as a client too, when a
	// Sentinel connects to a master, so both usages are allowed.
	p.serverCert, p.serverKey = p.issue(t, "server", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "redis.test"},
		DNSNames:    []string{"redis.test"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	})
	p.clientCert, p.clientKey = p.issue(t, "client", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "redisaudit"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	p.client, err = tls.LoadX509KeyPair(p.clientCert, p.clientKey)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// issue signs a certificate from tmpl and writes it and its key as
// name.pem and name-key.pem.
func (p *pki) issue(t testing.TB, name string, tmpl *x509.Certificate) (certFile, keyFile string) {
	t.Helper()
	key := newKey(t)
	tmpl.SerialNumber = p.serial()
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(24 * time.Hour)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.caCert, &key.PublicKey, p.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p.write(name+".pem", pemBlock("CERTIFICATE", der))
	p.write(name+"-key.pem", pemBlock("PRIVATE KEY", kder))
	return filepath.Join(p.dir, name+".pem"), filepath.Join(p.dir, name+"-key.pem")
}

// tlsConfig is what the test's own clients use to reach a server whose
// certificate this CA signed.
func (p *pki) tlsConfig() *tls.Config {
	return &tls.Config{RootCAs: p.pool, Certificates: []tls.Certificate{p.client}, ServerName: "127.0.0.1"}
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// A proc is a redis-server process, a Sentinel or not, that the test owns.
type proc struct {
	addr string
	dir  string
	tls  *tls.Config // how the test's clients reach it; nil: plain TCP
	pass string      // the password the test's clients give
	cmd  *exec.Cmd
	done chan struct{}
}

// redisServerBinary returns redis-server from $REDIS_SERVER or PATH, as
// redistest does, failing the test when there is none.
func redisServerBinary(t testing.TB) string {
	t.Helper()
	name := "redis-server"
	if p := os.Getenv("REDIS_SERVER"); p != "" {
		name = p
	}
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found (%v): install redis-server (apt-get install redis-server) or set REDIS_SERVER to its path", name, err)
	}
	return path
}

// startProc runs redis-server with the arguments args returns for a port,
// on a free 127.0.0.1 port, and returns once it answers INFO with its own
// process id. conf, when not empty, is written to a file that comes first
// in the arguments, as a Sentinel needs (it rewrites its configuration).
// tb.Cleanup stops it.
func startProc(t testing.TB, tlsCfg *tls.Config, pass string, conf func(port int) string, args func(port int) []string) *proc {
	t.Helper()
	bin := redisServerBinary(t)
	var lastErr error
	for range 5 {
		port := freePort(t)
		p := &proc{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: t.TempDir(), tls: tlsCfg, pass: pass, done: make(chan struct{})}
		var argv []string
		if conf != nil {
			file := filepath.Join(p.dir, "redis.conf")
			if err := os.WriteFile(file, []byte(conf(port)), 0o600); err != nil {
				t.Fatal(err)
			}
			argv = append(argv, file)
		}
		argv = append(argv, "--bind", "127.0.0.1", "--dir", p.dir, "--save", "", "--appendonly", "no", "--daemonize", "no")
		argv = append(argv, args(port)...)
		logFile := filepath.Join(p.dir, "redis.log")
		log, err := os.Create(logFile)
		if err != nil {
			t.Fatal(err)
		}
		p.cmd = exec.Command(bin, argv...)
		p.cmd.Stdout, p.cmd.Stderr = log, log
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		err = p.cmd.Start()
		_ = log.Close()
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = p.cmd.Wait(); close(p.done) }()
		t.Cleanup(p.stop)
		if lastErr = p.waitReady(); lastErr == nil {
			return p
		}
		p.stop()
		b, _ := os.ReadFile(logFile)
		if !strings.Contains(string(b), "Address already in use") {
			t.Fatalf("start %s %q: %v\nlog:\n%s", bin, argv, lastErr, b)
		}
	}
	t.Fatalf("start %s: %v", bin, lastErr)
	return nil
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitReady polls until the process answers INFO with its own process id:
// another test's server may answer on a port ours failed to bind.
func (p *proc) waitReady() error {
	rdb := p.client()
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("exited during startup (%v)", p.cmd.ProcessState)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
		info, err := rdb.Info(ctx, "server").Result()
		cancel()
		if err == nil {
			if fieldOf(info, "process_id") == strconv.Itoa(p.cmd.Process.Pid) {
				return nil
			}
			err = errors.New("answered by another process")
		}
		lastErr = err
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("no answer within 10s: %v", lastErr)
}

// client returns a go-redis client for the process; the caller closes it.
func (p *proc) client() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: p.addr, TLSConfig: p.tls, Password: p.pass, MaxRetries: -1, DialTimeout: time.Second})
}

// testClient returns a client closed by t.Cleanup.
func (p *proc) testClient(t testing.TB) *redis.Client {
	rdb := p.client()
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// startTLSServer starts a redis-server that serves TLS only, with the
// server certificate of ca. authClients is Redis's tls-auth-clients: "yes"
// demands a client certificate signed by ca, "no" asks for none.
func startTLSServer(t testing.TB, ca *pki, authClients string) *proc {
	t.Helper()
	return startProc(t, ca.tlsConfig(), "", nil, func(port int) []string {
		return []string{
			"--port", "0",
			"--tls-port", strconv.Itoa(port),
			"--tls-cert-file", ca.serverCert,
			"--tls-key-file", ca.serverKey,
			"--tls-ca-cert-file", ca.ca,
			"--tls-auth-clients", authClients,
		}
	})
}

// startSentinel starts a Sentinel that monitors the master at masterAddr
// under the name master. With ca, it serves TLS only and reaches the master
// over TLS, presenting the server certificate as its client certificate.
// A non-empty pass is the Sentinel's requirepass.
func startSentinel(t testing.TB, master, masterAddr string, ca *pki, pass string) *proc {
	t.Helper()
	host, port, err := net.SplitHostPort(masterAddr)
	if err != nil {
		t.Fatal(err)
	}
	var tlsCfg *tls.Config
	if ca != nil {
		tlsCfg = ca.tlsConfig()
	}
	return startProc(t, tlsCfg, pass, func(int) string {
		// Sentinel reads its monitors from the file and rewrites it, so
		// they cannot come as arguments. Down-after is long: these tests
		// never fail the master over.
		conf := fmt.Sprintf("sentinel monitor %s %s %s 1\nsentinel down-after-milliseconds %s 60000\n", master, host, port, master)
		if pass != "" {
			conf += "requirepass " + pass + "\n"
		}
		return conf
	}, func(p int) []string {
		args := []string{"--sentinel"}
		if ca == nil {
			return append(args, "--port", strconv.Itoa(p))
		}
		return append(args,
			"--port", "0",
			"--tls-port", strconv.Itoa(p),
			"--tls-cert-file", ca.serverCert,
			"--tls-key-file", ca.serverKey,
			"--tls-ca-cert-file", ca.ca,
			"--tls-replication", "yes",
		)
	})
}
