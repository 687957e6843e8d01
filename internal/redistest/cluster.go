package redistest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// clusterReadyTimeout bounds the wait for cluster_state:ok. Redis keeps a
// new master's cluster state at fail for its first 2 s (CLUSTER_WRITABLE_DELAY
// in cluster.c), so a healthy start takes a little over 2 s; the rest is
// slack for loaded machines.
const clusterReadyTimeout = 15 * time.Second

// slotRanges is the slot split of a 3-master cluster, the one redis-cli
// --cluster create makes.
var slotRanges = [...][2]int{{0, 5460}, {5461, 10922}, {10923, 16383}}

// ClusterServers are three redis-server masters, without replicas, that
// together serve all 16384 slots. (The type cannot share the name of the
// function Cluster that starts them.)
type ClusterServers struct {
	// Addrs are the masters' addresses: Addrs[i] == Masters[i].Addr.
	Addrs []string

	// Masters are the nodes, for tests that stop or restart one. Masters[i]
	// serves slots 0-5460, 5461-10922 and 10923-16383 for i = 0, 1, 2.
	Masters []*Server
}

// Cluster starts a 3-master cluster on free 127.0.0.1 ports and returns once
// every node reports cluster_state:ok and knows all three masters.
// tb.Cleanup stops the nodes.
func Cluster(tb testing.TB) *ClusterServers {
	tb.Helper()
	bin := binary(tb)
	c := &ClusterServers{Masters: make([]*Server, len(slotRanges))}
	for i := range c.Masters {
		c.Masters[i] = newServer(tb, bin, true)
	}

	// Start the nodes together: each one spends most of its startup in
	// Redis's writable delay, which then overlaps.
	errs := make([]error, len(c.Masters))
	var wg sync.WaitGroup
	for i, n := range c.Masters {
		wg.Go(func() { errs[i] = n.startOnFreePorts() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		tb.Fatalf("redistest: start cluster node: %v", err)
	}
	for _, n := range c.Masters {
		c.Addrs = append(c.Addrs, n.Addr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), clusterReadyTimeout)
	defer cancel()
	if err := c.form(ctx); err != nil {
		tb.Fatalf("redistest: form cluster %v: %v%s", c.Addrs, err, c.logTails())
	}
	return c
}

// form assigns the slots, introduces the nodes to each other and waits for
// every node to agree that the cluster is up.
func (c *ClusterServers) form(ctx context.Context) error {
	admins := make([]*redis.Client, len(c.Masters))
	for i, n := range c.Masters {
		// One connection and no retries: setup talks to each node in turn,
		// and a failure should surface now, not after backoff.
		admins[i] = redis.NewClient(&redis.Options{Addr: n.Addr, PoolSize: 1, MaxRetries: -1})
		defer admins[i].Close()
	}
	for i, rdb := range admins {
		r := slotRanges[i]
		if err := rdb.Do(ctx, "cluster", "addslotsrange", r[0], r[1]).Err(); err != nil {
			return fmt.Errorf("%s: cluster addslotsrange %d %d: %w", c.Addrs[i], r[0], r[1], err)
		}
	}
	// Every pair meets directly rather than waiting for gossip to introduce
	// nodes 1 and 2, which can take another second. The bus port is
	// explicit because it is not the default port+10000.
	for i, rdb := range admins {
		//redislint:ignore pipelineloop at most two MEETs per node, once at cluster start
		for _, n := range c.Masters[i+1:] {
			if err := rdb.Do(ctx, "cluster", "meet", "127.0.0.1", n.port, n.busPort).Err(); err != nil {
				return fmt.Errorf("%s: cluster meet %s: %w", c.Addrs[i], n.Addr, err)
			}
		}
	}

	want := map[string]string{
		"cluster_state":       "ok",
		"cluster_known_nodes": strconv.Itoa(len(c.Masters)),
		"cluster_size":        strconv.Itoa(len(c.Masters)), // masters serving slots
		"cluster_slots_ok":    "16384",
	}
	var last string
	for {
		ready := true
		for i, rdb := range admins {
			info, err := rdb.ClusterInfo(ctx).Result()
			if err != nil {
				ready = false
				last = fmt.Sprintf("%s: cluster info: %v", c.Addrs[i], err)
				break
			}
			if bad := mismatch(info, want); bad != "" {
				ready = false
				last = fmt.Sprintf("%s: %s", c.Addrs[i], bad)
				break
			}
		}
		if ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready within %v; last: %s", clusterReadyTimeout, last)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// mismatch returns the first CLUSTER INFO field that differs from want, as
// "field:got (want value)", or "" when all match.
func mismatch(info string, want map[string]string) string {
	got := make(map[string]string)
	for line := range strings.Lines(info) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			got[k] = v
		}
	}
	for _, k := range []string{"cluster_state", "cluster_known_nodes", "cluster_size", "cluster_slots_ok"} {
		if got[k] != want[k] {
			return fmt.Sprintf("%s:%s (want %s)", k, got[k], want[k])
		}
	}
	return ""
}

func (c *ClusterServers) logTails() string {
	var b strings.Builder
	for _, n := range c.Masters {
		fmt.Fprintf(&b, "\nlog tail of %s:\n%s", n.Addr, n.LogTail())
	}
	return b.String()
}

// Client returns a go-redis cluster client for the cluster, closed by
// tb.Cleanup.
func (c *ClusterServers) Client(tb testing.TB) *redis.ClusterClient {
	tb.Helper()
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}
