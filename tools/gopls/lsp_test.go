package gopls_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The few LSP types the tests read and write, from the LSP 3.17
// specification. Positions are UTF-16 offsets; the files here are ASCII.

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

type diagnostic struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     any      `json:"code,omitempty"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
}

type publishDiagnostics struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type workspaceEdit struct {
	Changes         map[string][]textEdit `json:"changes"`
	DocumentChanges []struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Edits []textEdit `json:"edits"`
	} `json:"documentChanges"`
}

// edits returns the edits of e to the document uri.
func (e *workspaceEdit) edits(uri string) []textEdit {
	es := slices.Clone(e.Changes[uri])
	for _, dc := range e.DocumentChanges {
		if dc.TextDocument.URI == uri {
			es = append(es, dc.Edits...)
		}
	}
	return es
}

type codeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Diagnostics []diagnostic   `json:"diagnostics"`
	Edit        *workspaceEdit `json:"edit"`
	Command     any            `json:"command"`
}

// message is a JSON-RPC 2.0 message: a request (ID and Method), a
// notification (Method), or a response (ID, and Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// session is an LSP client speaking to one gopls process over its stdin and
// stdout, with the base protocol's Content-Length framing.
type session struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	in     chan message // every message from the server, in order
	nextID int
	stderr bytes.Buffer

	mu    sync.Mutex
	log   []string                      // window/logMessage and showMessage texts
	diags map[string]publishDiagnostics // the latest publication per URI
}

// start runs gopls in dir (the workspace) and initializes it. The session
// is shut down when the test ends.
func start(t *testing.T, gopls, dir string, settings map[string]any) *session {
	t.Helper()
	cmd := exec.Command(gopls)
	cmd.Dir = dir
	// Every module the demo needs is in the module cache (scripts/test
	// downloads them); never reach the network from a test.
	cmd.Env = append(os.Environ(), "GOPROXY=off")
	s := &session{t: t, cmd: cmd, in: make(chan message, 64), diags: map[string]publishDiagnostics{}}
	cmd.Stderr = &s.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.stdin = stdin
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go s.read(bufio.NewReader(stdout))
	t.Cleanup(s.close)

	root := uri(dir)
	s.call("initialize", map[string]any{
		"processId":             os.Getpid(),
		"rootUri":               root,
		"workspaceFolders":      []any{map[string]any{"uri": root, "name": "demo"}},
		"initializationOptions": settings,
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"versionSupport": true},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source"}},
					},
				},
			},
			"workspace": map[string]any{"workspaceFolders": true},
		},
	}, nil)
	s.notify("initialized", map[string]any{})
	return s
}

// read decodes the server's messages until its stdout closes.
func (s *session) read(r *bufio.Reader) {
	defer close(s.in)
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			return
		}
		s.in <- m
	}
}

func (s *session) write(m message) {
	s.t.Helper()
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(s.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		s.t.Fatalf("writing to gopls: %v\n%s", err, s.transcript())
	}
}

func raw(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

func (s *session) notify(method string, params any) {
	s.t.Helper()
	s.write(message{Method: method, Params: raw(params)})
}

// call sends a request and waits for its response, decoded into result,
// handling whatever else the server sends meanwhile.
func (s *session) call(method string, params, result any) {
	s.t.Helper()
	s.nextID++
	id := raw(s.nextID)
	s.write(message{ID: id, Method: method, Params: raw(params)})
	s.await(fmt.Sprintf("the response to %s", method), func(m message) bool {
		if m.Method != "" || !bytes.Equal(m.ID, id) {
			return false
		}
		if m.Error != nil {
			s.t.Fatalf("%s: error %d: %s\n%s", method, m.Error.Code, m.Error.Message, s.transcript())
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				s.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
			}
		}
		return true
	})
}

// timeout bounds each wait for the server; a cold gopls loads the demo and
// go-redis in seconds.
const timeout = 2 * time.Minute

// await handles the server's messages until done accepts one. It answers
// the server's requests (progress tokens, registrations) with a null result,
// and records diagnostics and log messages.
func (s *session) await(what string, done func(message) bool) {
	s.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-s.in:
			if !ok {
				s.t.Fatalf("gopls exited while the test waited for %s\n%s", what, s.transcript())
			}
			switch {
			case m.Method != "" && m.ID != nil: // a request from the server
				s.write(message{ID: m.ID, Result: raw(nil)})
			case m.Method == "textDocument/publishDiagnostics":
				var p publishDiagnostics
				if err := json.Unmarshal(m.Params, &p); err != nil {
					s.t.Fatalf("decoding diagnostics %s: %v", m.Params, err)
				}
				s.mu.Lock()
				s.diags[p.URI] = p
				s.mu.Unlock()
			case m.Method == "window/logMessage" || m.Method == "window/showMessage":
				var p struct{ Message string }
				_ = json.Unmarshal(m.Params, &p)
				s.mu.Lock()
				s.log = append(s.log, p.Message)
				s.mu.Unlock()
			}
			if done(m) {
				return
			}
		case <-deadline:
			s.t.Fatalf("waited %v for %s\n%s", timeout, what, s.transcript())
		}
	}
}

// diagnostics returns the diagnostics of the latest publication for uri if
// it is at document version v (any when v is 0) and ok accepts them, or
// else waits for the next such publication.
func (s *session) diagnostics(uri string, v int, what string, ok func([]diagnostic) bool) []diagnostic {
	s.t.Helper()
	s.mu.Lock()
	p, seen := s.diags[uri]
	s.mu.Unlock()
	if seen && (v == 0 || p.Version != nil && *p.Version == v) && ok(p.Diagnostics) {
		return p.Diagnostics
	}
	var got []diagnostic
	s.await(what, func(m message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p publishDiagnostics
		if json.Unmarshal(m.Params, &p) != nil || p.URI != uri || (v > 0 && (p.Version == nil || *p.Version != v)) {
			return false
		}
		got = p.Diagnostics
		return ok(got)
	})
	return got
}

// transcript is what the server said, for failure messages.
func (s *session) transcript() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	b.WriteString("latest diagnostics:\n")
	for _, uri := range slices.Sorted(func(yield func(string) bool) {
		for u := range s.diags {
			if !yield(u) {
				return
			}
		}
	}) {
		for _, d := range s.diags[uri].Diagnostics {
			fmt.Fprintf(&b, "\t%s:%d:%d: [%s] %s\n", filepath.Base(uri), d.Range.Start.Line+1, d.Range.Start.Character+1, d.Source, d.Message)
		}
	}
	logs := s.log
	if len(logs) > 30 {
		logs = logs[len(logs)-30:]
	}
	b.WriteString("gopls log (last lines):\n\t" + strings.Join(logs, "\n\t") + "\n")
	b.WriteString("gopls stderr:\n" + s.stderr.String())
	return b.String()
}

// close shuts the server down as the protocol asks, and kills it if it
// does not exit.
func (s *session) close() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.nextID++
		id := raw(s.nextID)
		if s.writeQuiet(message{ID: id, Method: "shutdown"}) == nil {
			for m := range s.in {
				if m.Method == "" && bytes.Equal(m.ID, id) {
					break
				}
			}
			_ = s.writeQuiet(message{Method: "exit"})
		}
		s.stdin.Close()
		for range s.in {
		}
		_ = s.cmd.Wait()
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

func (s *session) writeQuiet(m message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// uri is the file URI of an absolute path.
func uri(path string) string { return "file://" + filepath.ToSlash(path) }

// offset converts an LSP position to a byte offset in the ASCII text src.
func offset(t *testing.T, src string, p position) int {
	t.Helper()
	off := 0
	for range p.Line {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			t.Fatalf("position %+v is past the end of the text", p)
		}
		off += i + 1
	}
	return off + p.Character
}

// apply returns src with the edits applied.
func apply(t *testing.T, src string, edits []textEdit) string {
	t.Helper()
	type span struct {
		start, end, i int
		text          string
	}
	var spans []span
	for i, e := range edits {
		spans = append(spans, span{offset(t, src, e.Range.Start), offset(t, src, e.Range.End), i, e.NewText})
	}
	// From the end backwards; edits at one position apply in their order.
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return b.start - a.start
		}
		return b.i - a.i
	})
	for _, sp := range spans {
		src = src[:sp.start] + sp.text + src[sp.end:]
	}
	return src
}
