package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/redislint/redislint/internal/redistest"
)

// This file makes the certificates for the TLS servers and Sentinels that
// internal/redistest starts for these tests.

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

// startTLSServer starts a redis-server that serves TLS only, with the
// server certificate of ca. authClients is Redis's tls-auth-clients: "yes"
// demands a client certificate signed by ca, "no" asks for none.
func startTLSServer(t testing.TB, ca *pki, authClients string) *redistest.Server {
	t.Helper()
	return redistest.Start(t, redistest.Options{TLS: ca.serverTLS(authClients, false)})
}

// serverTLS is the TLS setup of a server with ca's server certificate.
func (p *pki) serverTLS(authClients string, replication bool) *redistest.TLS {
	return &redistest.TLS{
		CertFile: p.serverCert, KeyFile: p.serverKey, CAFile: p.ca,
		AuthClients: authClients, Replication: replication,
		Client: p.tlsConfig(),
	}
}

// startSentinel starts a Sentinel that monitors the master at masterAddr
// under the name master. With ca, it serves TLS only and reaches the master
// over TLS, presenting the server certificate as its client certificate.
// A non-empty pass is the Sentinel's requirepass.
func startSentinel(t testing.TB, master, masterAddr string, ca *pki, pass string) *redistest.Server {
	t.Helper()
	host, port, err := net.SplitHostPort(masterAddr)
	if err != nil {
		t.Fatal(err)
	}
	// Down-after is long: these tests never fail the master over.
	o := redistest.Options{
		Password: pass,
		Sentinel: fmt.Sprintf("sentinel monitor %s %s %s 1\nsentinel down-after-milliseconds %s 60000\n", master, host, port, master),
	}
	if ca != nil {
		o.TLS = ca.serverTLS("", true)
	}
	return redistest.Start(t, o)
}
