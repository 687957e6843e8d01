package rediskit_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/redislint/redislint/runtime/rediskit"
)

// serveHealth serves one request to h and returns the status, the body and the
// headers.
func serveHealth(t testing.TB, h http.Handler, method string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), method, "/health", nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

// A namedHandler is one of a Client's health handlers.
type namedHandler struct {
	name string
	http.Handler
}

// healthHandlers are a Client's health handlers, in the order the tests call them.
func healthHandlers(c *rediskit.Client) []namedHandler {
	return []namedHandler{
		{"overall", c.HealthHandler()},
		{"redis", c.RedisHealthHandler()},
		{"pool", c.PoolHealthHandler()},
		{"breaker", c.BreakerHealthHandler()},
	}
}

func TestHealthHandlers(t *testing.T) {
	t.Parallel()
	const user, password = "svc-health-user", "hunter2-secret"
	m := miniredis.RunT(t)
	m.RequireUserAuth(user, password)
	c, err := rediskit.NewClient(rediskit.Options{
		Addrs: []string{m.Addr()}, Username: user, Password: password,
		NoRetries: true, TripAfter: 1, OpenFor: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clock := newFakeClock()
	rediskit.SetNow(c, clock.Now)

	// Everything the output must never show.
	host, port, _ := strings.Cut(m.Addr(), ":")
	secrets := []string{m.Addr(), host, port, user, password}

	type want struct {
		code int
		body []string // substrings of the JSON
	}
	check := func(t *testing.T, phase string, wants map[string]want) {
		t.Helper()
		for _, h := range healthHandlers(c) {
			name := h.name
			code, body, hdr := serveHealth(t, h, http.MethodGet)
			w := wants[name]
			if code != w.code {
				t.Errorf("%s, %s: status %d, want %d; body %s", phase, name, code, w.code, body)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s, %s: Content-Type %q", phase, name, ct)
			}
			if !json.Valid([]byte(body)) {
				t.Errorf("%s, %s: invalid JSON %s", phase, name, body)
			}
			for _, s := range w.body {
				if !strings.Contains(body, s) {
					t.Errorf("%s, %s: body %s lacks %s", phase, name, body, s)
				}
			}
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s, %s: body %s shows %q", phase, name, body, s)
				}
			}
		}
	}

	check(t, "up", map[string]want{
		"overall": {200, []string{`"status":"ok"`, `"redis":{"status":"ok","latency_ms":`, `"circuit_breaker":{"state":"closed"`}},
		"redis":   {200, []string{`"status":"ok"`, `"latency_ms":`}},
		"pool":    {200, []string{`"connections":1`, `"pool_size":`, `"max_connections":`}},
		"breaker": {200, []string{`"state":"closed"`, `"consecutive_failures":0`}},
	})

	m.Close()
	check(t, "down, breaker just opened", map[string]want{
		// The overall check's PING fails and opens the breaker (TripAfter 1).
		"overall": {503, []string{`"status":"down"`, `"error":"network"`}},
		"redis":   {503, []string{`"status":"down"`, `"error":"circuit_open"`}},
		"pool":    {200, []string{`"connections":`}},
		"breaker": {503, []string{`"state":"open"`, `"retry_in_seconds":60`}},
	})
	_, _, hdr := serveHealth(t, c.BreakerHealthHandler(), http.MethodGet)
	if got := hdr.Get("Retry-After"); got != "60" {
		t.Errorf("open breaker: Retry-After %q, want 60", got)
	}

	if err := m.Restart(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Second)
	check(t, "back up, breaker still open", map[string]want{
		"overall": {503, []string{`"status":"down"`, `"error":"circuit_open"`, `"retry_in_seconds":30`}},
		"redis":   {503, []string{`"error":"circuit_open"`}},
		"pool":    {200, nil},
		"breaker": {503, []string{`"state":"open"`, `"retry_in_seconds":30`}},
	})
	clock.Advance(30 * time.Second)
	check(t, "after OpenFor", map[string]want{
		// The overall check's PING is the half-open probe, and closes it.
		"overall": {200, []string{`"status":"ok"`}},
		"redis":   {200, []string{`"status":"ok"`}},
		"pool":    {200, nil},
		"breaker": {200, []string{`"state":"closed"`}},
	})
}

func TestHealthHandlersAnswerOnlyGetAndHead(t *testing.T) {
	t.Parallel()
	c, _, _ := newKit(t, rediskit.Options{})
	for _, h := range healthHandlers(c) {
		if code, body, _ := serveHealth(t, h, http.MethodHead); code != 200 || body != "" {
			t.Errorf("%s: HEAD gave %d with body %q", h.name, code, body)
		}
		if code, _, hdr := serveHealth(t, h, http.MethodPost); code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: POST gave %d, Allow %q", h.name, code, hdr.Get("Allow"))
		}
	}
}

func TestHealthOfAClientWithoutBreaker(t *testing.T) {
	t.Parallel()
	c, m, _ := newKit(t, rediskit.Options{NoBreaker: true})
	if code, body, _ := serveHealth(t, c.BreakerHealthHandler(), http.MethodGet); code != 200 || !strings.Contains(body, `"state":"off"`) {
		t.Errorf("breaker: %d %s", code, body)
	}
	m.Close()
	if code, body, _ := serveHealth(t, c.HealthHandler(), http.MethodGet); code != 503 || !strings.Contains(body, `"error":"network"`) {
		t.Errorf("overall, Redis down: %d %s", code, body)
	}
}
