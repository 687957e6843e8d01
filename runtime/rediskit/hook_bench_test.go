package rediskit

import (
	"context"
	"os"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// BenchmarkProcessHook measures the hooks' own work on one command, with a
// next that answers at once: no network, no server and no go-redis, so its
// allocs/op hold still on a loaded machine, and so does its cpu-ns/op (this
// process's CPU time per command) far better than ns/op, which counts the
// time other processes had the core.
//
//	go test -run '^$' -bench BenchmarkProcessHook -benchmem .
//
// single is a single server's hook (breaker, metrics, retries); cluster is
// a ClusterClient's hook around a node's, as every command to a cluster
// meets them.
//
// A command sent to Redis makes system calls (write, read, epoll_wait)
// between two runs of the hook, after which the hook's code and data are no
// longer warm in the core's caches and predictors: there it costs about
// three times what single reports. single-syscall is single with a next that
// makes one system call (getppid), and bare-syscall that next alone; their
// difference is the hook's cost on such a core.
func BenchmarkProcessHook(b *testing.B) {
	answer := func(context.Context, redis.Cmder) error { return nil }
	syscallAnswer := func(context.Context, redis.Cmder) error {
		os.Getppid()
		return nil
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		cluster bool
		bare    bool
		next    redis.ProcessHook
	}{
		{"single", false, false, answer},
		{"cluster", true, false, answer},
		{"bare-syscall", false, true, syscallAnswer},
		{"single-syscall", false, false, syscallAnswer},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c, err := NewClient(Options{Addrs: []string{"127.0.0.1:1"}, Cluster: tc.cluster, Registerer: prometheus.NewRegistry()})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			var process redis.ProcessHook
			switch {
			case tc.bare:
				process = tc.next
			case tc.cluster:
				n := &clusterNode{breaker: newBreaker(c.opts, c.now, c.log)}
				node := &hook{c: c, breaker: n.breaker, node: n, marks: true}
				top := &hook{c: c, top: true, marks: true}
				process = top.ProcessHook(node.ProcessHook(tc.next))
			default:
				h := &hook{c: c, breaker: c.breaker, retries: c.opts.MaxRetries}
				process = h.ProcessHook(tc.next)
			}
			cmd := redis.NewStringCmd(ctx, "get", "bench:key")
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if err := process(ctx, cmd); err != nil {
					b.Fatal(err)
				}
			}
			if cpu := processCPU() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
