package rediskit

import (
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// latencyShards is how many copies of its counts a latency histogram keeps.
// A prometheus.Histogram has one set of counts, which every core adds to
// for every command: the cache lines they share move between cores at each
// command, and under load that costs more than the rest of the hook. Each
// observation goes to a shard drawn at random (math/rand/v2's generator is
// per CPU), and a scrape adds the shards up.
const latencyShards = 8

// A latency is the histogram of one command name's latency.
type latency struct {
	shards [latencyShards]latencyShard
}

// A latencyShard is four cache lines, the first holding the sum and the
// first seven buckets, so that an observation of up to 10ms writes one line,
// not two: under load the shards' lines move between cores at each command.
// (A shard starts a line when its latency does, as a commandSeries's does
// in the size classes of Go's allocator; it is never shared with another's.)
type latencyShard struct {
	sum     atomic.Int64                           // nanoseconds
	buckets [len(latencyBuckets) + 1]atomic.Uint64 // by upper bound; the last is +Inf
	_       [4*64 - 8 - 8*(len(latencyBuckets)+1)]byte
}

// latencyBounds are latencyBuckets as durations, for observe.
var latencyBounds = func() (b [len(latencyBuckets)]time.Duration) {
	for i, s := range latencyBuckets {
		b[i] = time.Duration(s * float64(time.Second))
	}
	return b
}()

// observe counts one command that took d.
func (l *latency) observe(d time.Duration) {
	s := &l.shards[rand.Uint32()%latencyShards]
	i := 0
	for i < len(latencyBounds) && d > latencyBounds[i] {
		i++
	}
	s.buckets[i].Add(1)
	s.sum.Add(int64(d))
}

// metric returns the histogram as a Prometheus metric of desc.
func (l *latency) metric(desc *prometheus.Desc, labelValues ...string) prometheus.Metric {
	var (
		counts [len(latencyBuckets) + 1]uint64
		sum    int64
	)
	for i := range l.shards {
		s := &l.shards[i]
		for j := range counts {
			counts[j] += s.buckets[j].Load()
		}
		sum += s.sum.Load()
	}
	cumulative := make(map[float64]uint64, len(latencyBuckets))
	var total uint64
	for i, upper := range latencyBuckets {
		total += counts[i]
		cumulative[upper] = total
	}
	total += counts[len(latencyBuckets)]
	return prometheus.MustNewConstHistogram(desc, total, time.Duration(sum).Seconds(), cumulative, labelValues...)
}
