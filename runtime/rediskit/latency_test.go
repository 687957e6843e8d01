package rediskit

import (
	"testing"
	"time"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func TestLatencyHistogram(t *testing.T) {
	t.Parallel()
	var l latency
	for _, d := range []time.Duration{50 * time.Microsecond, 100 * time.Microsecond, 101 * time.Microsecond, 3 * time.Millisecond, 10 * time.Second} {
		for range 100 { // spread over the shards
			l.observe(d)
		}
	}
	desc := prometheus.NewDesc("h", "help", []string{"command"}, nil)
	var m dto.Metric
	if err := l.metric(desc, "get").Write(&m); err != nil {
		t.Fatal(err)
	}
	h := m.GetHistogram()
	if h.GetSampleCount() != 500 {
		t.Errorf("count %d, want 500", h.GetSampleCount())
	}
	wantSum := 100 * (50e-6 + 100e-6 + 101e-6 + 3e-3 + 10)
	if s := h.GetSampleSum(); s < wantSum-1e-9 || s > wantSum+1e-9 {
		t.Errorf("sum %v, want %v", s, wantSum)
	}
	want := map[float64]uint64{.0001: 200, .00025: 300, .0025: 300, .005: 400, 5: 400}
	for _, b := range h.GetBucket() {
		if w, ok := want[b.GetUpperBound()]; ok && b.GetCumulativeCount() != w {
			t.Errorf("bucket le=%v: %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), w)
		}
	}
}

// Each shard of a latency is four cache lines whose first holds the sum
// and the buckets of up to 10ms.
func TestLatencyShardLayout(t *testing.T) {
	t.Parallel()
	var s latencyShard
	if size := unsafe.Sizeof(s); size != 256 {
		t.Errorf("shard of %d bytes, want 256", size)
	}
	if off := unsafe.Offsetof(s.buckets) + 7*unsafe.Sizeof(s.buckets[0]); off != 64 {
		t.Errorf("eighth bucket at %d, want 64", off)
	}
	if latencyBuckets[6] != .01 {
		t.Errorf("seventh bucket ends at %vs, want 10ms", latencyBuckets[6])
	}
	if unsafe.Offsetof(commandSeries{}.duration) != 0 {
		t.Error("a commandSeries does not start with its latency")
	}
}
