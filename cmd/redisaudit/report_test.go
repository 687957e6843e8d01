package main

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestNumberFormats(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	tests := []struct {
		part, whole int64
		want        string
	}{
		{0, 0, "0%"}, {0, 10, "0%"}, {10, 10, "100%"}, {1, 3, "33.3%"},
		{9996, 10000, "99.9%"}, // never rounds up to a 100% it is not
		{1, 100000, "0.1%"},    // never rounds down to a 0% it is not
	}
	for _, tt := range tests {
		if got := percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("percent(%d, %d) = %q, want %q", tt.part, tt.whole, got, tt.want)
		}
	}
	for n, want := range map[int64]string{56: "56 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 30: "5.0 GiB"} {
		if got := bytesize(n); got != want {
			t.Errorf("bytesize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestProgressLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, total int64
		elapsed  time.Duration
		want     string
	}{
		{250_000, 1_000_000, time.Second, "redisaudit: 250,000 keys examined, 250,000 keys/s, 25% of 1,000,000, ETA 3s"},
		{5000, 0, 2 * time.Second, "redisaudit: 5,000 keys examined, 2,500 keys/s"},
		{0, 100, 0, "redisaudit: 0 keys examined, 0 keys/s, 0% of 100"},
		// Keys written during the walk may push it past DBSIZE.
		{120, 100, time.Second, "redisaudit: 120 keys examined, 120 keys/s, 100% of 100"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.n, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v) =\n%q, want\n%q", tt.n, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// lockedBuffer lets the test read what the progress goroutine writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgressRedrawsOneLineAndErasesIt(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	var n atomic.Int64
	n.Store(42)
	stop := startProgress(&buf, &n, 100)
	for !strings.Contains(buf.String(), "42 keys examined") {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	out := buf.String()
	if !strings.HasPrefix(out, "\r\x1b[Kredisaudit: 42 keys examined") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Errorf("progress output %q: want redrawn lines without newlines, erased at the end", out)
	}
}
