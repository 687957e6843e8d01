package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// A fakeServer speaks just enough RESP to pass for a server that
// redistest cannot start: an old Redis, a Sentinel. It holds keys without
// TTL, answers EXPIRE with the replies given, and records every command.
type fakeServer struct {
	addr    string
	info    string            // the INFO reply
	keys    []string          // SCAN returns them all in one step
	expires map[string]bool   // key → EXPIRE's reply; missing keys get 0
	fail    map[string]string // key → an error EXPIRE answers instead

	mu       sync.Mutex
	commands []string
}

func startFake(t *testing.T, f *fakeServer) *fakeServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	var wg sync.WaitGroup
	t.Cleanup(func() {
		_ = l.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { f.serve(conn) })
		}
	})
	return f
}

func (f *fakeServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		args, err := readCommand(r)
		if err != nil {
			return
		}
		f.mu.Lock()
		f.commands = append(f.commands, strings.Join(args, " "))
		f.mu.Unlock()
		if _, err := io.WriteString(conn, f.reply(args)); err != nil {
			return
		}
	}
}

func (f *fakeServer) reply(args []string) string {
	switch strings.ToUpper(args[0]) {
	case "CLIENT", "SELECT":
		return "+OK\r\n"
	case "PING":
		return "+PONG\r\n"
	case "INFO":
		return bulk(f.info)
	case "DBSIZE":
		return fmt.Sprintf(":%d\r\n", len(f.keys))
	case "SCAN":
		s := "*2\r\n" + bulk("0") + fmt.Sprintf("*%d\r\n", len(f.keys))
		for _, k := range f.keys {
			s += bulk(k)
		}
		return s
	case "PTTL":
		return ":-1\r\n"
	case "TYPE":
		return "+string\r\n"
	case "EXPIRE":
		if msg, ok := f.fail[args[1]]; ok {
			return "-" + msg + "\r\n"
		}
		if f.expires[args[1]] {
			return ":1\r\n"
		}
		return ":0\r\n"
	}
	// HELLO among others: go-redis then falls back to RESP2, as with a
	// server older than 6.
	return fmt.Sprintf("-ERR unknown command '%s'\r\n", args[0])
}

func (f *fakeServer) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.commands...)
}

func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

// readCommand reads one RESP array of bulk strings, the only form go-redis
// sends.
func readCommand(r *bufio.Reader) ([]string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "*")))
	if err != nil || !strings.HasPrefix(line, "*") || n < 1 {
		return nil, fmt.Errorf("not a command: %q", line)
	}
	args := make([]string, n)
	for i := range args {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		size, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "$")))
		if err != nil {
			return nil, err
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		args[i] = string(buf[:size])
	}
	return args, nil
}
