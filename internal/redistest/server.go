package redistest

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// readyTimeout bounds the wait for a fresh process to answer PING. A
	// server without persistence answers within milliseconds; the slack is
	// for machines loaded by parallel tests and the race detector.
	readyTimeout = 10 * time.Second

	// stopTimeout is how long SIGTERM gets before SIGKILL. Without
	// persistence a clean shutdown takes milliseconds.
	stopTimeout = 5 * time.Second

	// portAttempts bounds the retries when a chosen port is taken between
	// picking it and redis-server binding it.
	portAttempts = 5

	// probeTimeout bounds one readiness probe. Short, because a listener
	// that is not redis-server never answers, and the loop should get back
	// to noticing that our process has exited.
	probeTimeout = 250 * time.Millisecond

	// logTailLines is how much of the server's log a failure message shows.
	logTailLines = 20
)

// errPortInUse marks a start that failed only because a port was taken, so
// the caller may retry on other ports.
var errPortInUse = errors.New("port already in use")

// A Server is one redis-server process owned by a test.
type Server struct {
	// Addr is the server's 127.0.0.1:port. It stays the same across Restart.
	Addr string

	tb      testing.TB
	bin     string
	dir     string
	port    int
	cluster bool // run with --cluster-enabled
	busPort int  // the cluster bus port, when cluster is set
	opts    Options

	mu   sync.Mutex // guards proc: Stop may race with the cleanup's stop
	proc *process
}

type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

// Standalone starts a redis-server on a free 127.0.0.1 port, with no
// persistence and its own temporary directory, and returns once it answers
// PING. tb.Cleanup stops it.
func Standalone(tb testing.TB) *Server {
	tb.Helper()
	s := newServer(tb, binary(tb), false)
	if err := s.startOnFreePorts(); err != nil {
		tb.Fatalf("redistest: start standalone redis-server: %v", err)
	}
	return s
}

// newServer prepares a Server in its own directory and registers its stop.
// The directory is created before the cleanup is registered, so the stop
// runs first and the server never writes into a removed directory.
func newServer(tb testing.TB, bin string, cluster bool) *Server {
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir(), cluster: cluster}
	tb.Cleanup(s.Stop)
	return s
}

// startOnFreePorts picks free ports and starts the server on them, picking
// again when one turns out to be taken by the time redis-server binds it.
// A cluster node gets its bus port picked too, instead of Redis's default
// port+10000, which may be taken or above 65535.
func (s *Server) startOnFreePorts() error {
	n := 1
	if s.cluster {
		n = 2
	}
	var err error
	for range portAttempts {
		var ports []int
		ports, err = freePorts(n)
		if err != nil {
			return err
		}
		s.port = ports[0]
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
		if s.cluster {
			s.busPort = ports[1]
		}
		err = s.start()
		if !errors.Is(err, errPortInUse) {
			return err
		}
	}
	return fmt.Errorf("%d attempts: %w", portAttempts, err)
}

// freePorts returns n distinct ports that were free a moment ago. They are
// held open together so the kernel cannot hand out the same one twice.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("pick a free port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// logPath is where the server's stdout and stderr go. Redis logs to stdout
// by default, and configuration errors go to stderr before logging starts,
// so one file holds everything a failure message needs.
func (s *Server) logPath() string { return filepath.Join(s.dir, "redis.log") }

func (s *Server) args() []string {
	var args []string
	if s.opts.Sentinel != "" {
		args = append(args, s.sentinelConf()) // the configuration file comes first
	}
	extra, port := s.optionArgs()
	if !port {
		args = append(args, "--port", strconv.Itoa(s.port))
	}
	args = append(args, extra...)
	args = append(args,
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--save", "",
		"--appendonly", "no",
		"--daemonize", "no",
		"--logfile", "",
	)
	if s.cluster {
		args = append(args,
			"--cluster-enabled", "yes",
			// Relative to --dir, so each node keeps its own.
			"--cluster-config-file", "nodes.conf",
			"--cluster-port", strconv.Itoa(s.busPort),
		)
	}
	return args
}

// start runs redis-server and waits until it answers PING.
func (s *Server) start() error {
	logf, err := os.OpenFile(s.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close() // the child holds its own descriptor
	logStart, err := logf.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}

	cmd := exec.Command(s.bin, s.args()...)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", s.bin, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait() // the exit status says less than the log does
		close(p.done)
	}()
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()

	if err := s.waitReady(p); err != nil {
		s.Stop()
		log := s.logSince(logStart)
		if strings.Contains(log, "Address already in use") {
			return fmt.Errorf("%s: %w", s.Addr, errPortInUse)
		}
		return fmt.Errorf("%s: %w\nlog tail of %s:\n%s", s.Addr, err, s.logPath(), tail(log, logTailLines))
	}
	return nil
}

// waitReady polls until the process answers PING and says it is our
// process: when our server failed to bind, the port may belong to another
// test's server, which would answer PING just as well.
func (s *Server) waitReady(p *process) error {
	deadline := time.Now().Add(readyTimeout)
	pid := p.cmd.Process.Pid
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("redis-server exited during startup (%v)", p.cmd.ProcessState)
		default:
		}
		got, err := s.probe()
		if err == nil && got == pid {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("port answered by another redis-server (pid %d, ours is %d)", got, pid)
		}
		lastErr = err
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("no answer to PING within %v: %v", readyTimeout, lastErr)
}

// probe sends PING and INFO server over a raw connection and returns the
// answering process id. A raw connection keeps go-redis's retries and
// handshake out of a loop that expects refusals.
func (s *Server) probe() (int, error) {
	d := &net.Dialer{Timeout: probeTimeout}
	var conn net.Conn
	var err error
	if t := s.opts.TLS; t != nil {
		conn, err = tls.DialWithDialer(d, "tcp", s.Addr, t.Client)
	} else {
		conn, err = d.Dial("tcp", s.Addr)
	}
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(probeTimeout))
	req := "PING\r\nINFO server\r\n"
	if s.opts.Password != "" {
		req = "AUTH " + s.opts.Password + "\r\n" + req
	}
	if _, err := io.WriteString(conn, req); err != nil {
		return 0, err
	}
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		return 0, err
	}
	if s.opts.Password != "" {
		if line != "+OK\r\n" {
			return 0, fmt.Errorf("AUTH answered %q", strings.TrimSpace(line))
		}
		if line, err = r.ReadString('\n'); err != nil {
			return 0, err
		}
	}
	if line != "+PONG\r\n" {
		return 0, fmt.Errorf("PING answered %q", strings.TrimSpace(line))
	}
	line, err = r.ReadString('\n')
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "$")))
	if !strings.HasPrefix(line, "$") || err != nil {
		return 0, fmt.Errorf("INFO answered %q", strings.TrimSpace(line))
	}
	info := make([]byte, n)
	if _, err := io.ReadFull(r, info); err != nil {
		return 0, err
	}
	for l := range strings.Lines(string(info)) {
		if v, ok := strings.CutPrefix(l, "process_id:"); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, errors.New("INFO server has no process_id")
}

// Stop shuts the server down: SIGTERM, then SIGKILL if it has not exited
// within a few seconds. Stopping a stopped server does nothing. Without
// persistence the data is gone; Restart brings up an empty server.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.proc
	if p == nil {
		return
	}
	s.proc = nil
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	_ = p.cmd.Process.Signal(sigCont) // a paused server handles SIGTERM only once continued
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
		s.tb.Logf("redistest: %s ignored SIGTERM for %v; killing it", s.Addr, stopTimeout)
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// Kill ends the server with SIGKILL, as a crash or the OOM killer would:
// no shutdown, no goodbye to its clients, whose connections are reset.
// Killing a stopped server does nothing; Restart brings it back.
func (s *Server) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.proc
	if p == nil {
		return
	}
	s.proc = nil
	_ = p.cmd.Process.Kill()
	<-p.done
}

// Pause stops the server with SIGSTOP: it keeps its connections open but
// answers nothing, as a server stalled by swapping, a long fork or a hung
// host does. Resume continues it; Stop and Kill also end a paused server.
func (s *Server) Pause() { s.signal(sigStop) }

// Resume continues a server that Pause stopped; it then answers the
// commands that waited, in order.
func (s *Server) Resume() { s.signal(sigCont) }

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		_ = s.proc.cmd.Process.Signal(sig)
	}
}

// Restart stops the server if it is running and starts it again on the same
// port, returning once it answers PING. It fails tb, which may be a subtest
// of the one that created the server, when the port has been taken in the
// meantime or the server does not come up.
//
// A standalone server comes back empty. A cluster node comes back with its
// nodes.conf, so it rejoins its cluster.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	s.Stop()
	// Moving to another port would defeat the point of Restart, so a port
	// taken while the server was down is reported, not worked around.
	if err := s.start(); err != nil {
		tb.Fatalf("redistest: restart redis-server: %v", err)
	}
}

// Client returns a go-redis client for the server, closed by tb.Cleanup.
func (s *Server) Client(tb testing.TB) *redis.Client {
	tb.Helper()
	opts := &redis.Options{Addr: s.Addr, Password: s.opts.Password}
	if t := s.opts.TLS; t != nil {
		opts.TLSConfig = t.Client
	}
	rdb := redis.NewClient(opts)
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// LogTail returns the last lines of the server's log, for failure messages.
func (s *Server) LogTail() string {
	return tail(s.logSince(0), logTailLines)
}

func (s *Server) logSince(offset int64) string {
	b, err := os.ReadFile(s.logPath())
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	if offset > int64(len(b)) {
		offset = 0
	}
	return string(b[offset:])
}

// tail returns the last n lines of log, indented to stand out in a failure.
func tail(log string, n int) string {
	lines := strings.Split(strings.TrimRight(log, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "\t" + strings.Join(lines, "\n\t")
}
