package rediskit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/redislint/redislint/internal/redistest"
	"github.com/redislint/redislint/runtime/rediskit"
)

// set writes keys with a pipeline, which a cluster client splits by node.
func set(t *testing.T, rdb redis.Cmdable, keys []string) {
	t.Helper()
	pipe := rdb.Pipeline()
	for _, k := range keys {
		pipe.Set(t.Context(), k, "v", 0)
	}
	if _, err := pipe.Exec(t.Context()); err != nil {
		t.Fatalf("write %d keys: %v", len(keys), err)
	}
}

// requireSameKeys fails unless got holds exactly the keys of want, each once.
func requireSameKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d keys, want %d", what, len(got), len(want))
	}
	if g, w := sorted(got), sorted(want); !slices.Equal(g, w) {
		for i := range g {
			if g[i] != w[i] {
				t.Fatalf("%s: key set differs first at %q, want %q", what, g[i], w[i])
			}
		}
	}
}

func TestScanKeysOnRedisServer(t *testing.T) {
	t.Parallel()
	srv := redistest.Standalone(t)
	rdb := srv.Client(t)

	items := make([]string, 10_000)
	for i := range items {
		items[i] = fmt.Sprintf("item:%05d", i)
	}
	var users []string
	for _, id := range userIDs {
		users = append(users, "user:"+id+":name", "user:"+id+":email")
	}
	set(t, rdb, slices.Concat(items, users))

	t.Run("star returns every key exactly once", func(t *testing.T) {
		t.Parallel()
		got, err := rediskit.ScanKeys(t.Context(), rdb, "*")
		if err != nil {
			t.Fatal(err)
		}
		requireSameKeys(t, "ScanKeys(*)", got, slices.Concat(items, users))
	})

	t.Run("patterns filter on the server", func(t *testing.T) {
		t.Parallel()
		tests := []struct {
			pattern string
			want    []string
		}{
			{"item:0000?", items[:10]},
			{"item:09*", items[9000:]},
			{"item:0[0-4]*", items[:5000]},
			{"item:1*", nil},
		}
		for _, tt := range tests {
			got, err := rediskit.ScanKeys(t.Context(), rdb, tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			requireSameKeys(t, "ScanKeys("+tt.pattern+")", got, tt.want)
		}
	})

	t.Run("escaped user id matches only that user's keys on the real glob", func(t *testing.T) {
		t.Parallel()
		for _, id := range userIDs {
			got, err := rediskit.ScanKeys(t.Context(), rdb, "user:"+rediskit.EscapePattern(id)+":*")
			if err != nil {
				t.Fatal(err)
			}
			requireSameKeys(t, "user "+id, got, []string{"user:" + id + ":name", "user:" + id + ":email"})
		}
	})

	t.Run("IterKeys with a small count walks everything in many steps", func(t *testing.T) {
		t.Parallel()
		rdb := srv.Client(t)
		h := &scanHook{}
		rdb.AddHook(h)
		got, err := collect(rediskit.IterKeys(t.Context(), rdb, "item:*", 100))
		if err != nil {
			t.Fatal(err)
		}
		requireSameKeys(t, "IterKeys(item:*)", got, items)
		if calls, _ := h.scans(); calls < 50 {
			t.Errorf("walked 10,000 keys in %d SCANs with COUNT 100, want many small steps", calls)
		}
	})

	t.Run("IterKeys stops at break without another SCAN", func(t *testing.T) {
		t.Parallel()
		rdb := srv.Client(t)
		h := &scanHook{}
		rdb.AddHook(h)
		n := 0
		for _, err := range rediskit.IterKeys(t.Context(), rdb, "item:*", 10) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 3 {
				break
			}
		}
		if calls, _ := h.scans(); calls != 1 {
			t.Errorf("sent %d SCANs for 3 keys of a 10-key page, want 1", calls)
		}
	})

	t.Run("IterKeys ends with the context's error when cancelled between pages", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		n := 0
		var gotErr error
		for _, err := range rediskit.IterKeys(ctx, rdb, "item:*", 10) {
			if err != nil {
				gotErr = err
				break
			}
			if n++; n == 25 {
				cancel()
			}
		}
		if !errors.Is(gotErr, context.Canceled) || n != 25 {
			t.Errorf("got %d keys then %v, want 25 then context.Canceled", n, gotErr)
		}
	})
}

// keySlot is Redis Cluster's HASH_SLOT for a key without a hash tag:
// CRC16/XMODEM modulo 16384.
func keySlot(key string) int {
	var crc uint16
	for i := range len(key) {
		crc ^= uint16(key[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return int(crc % 16384)
}

// oneKeyPerSlot returns 16384 keys, one in each cluster slot.
func oneKeyPerSlot() []string {
	keys := make([]string, 16384)
	for i, found := 0, 0; found < len(keys); i++ {
		k := "key:" + strconv.Itoa(i)
		if s := keySlot(k); keys[s] == "" {
			keys[s] = k
			found++
		}
	}
	return keys
}

func TestScanKeysOnClusterVisitsEveryMaster(t *testing.T) {
	t.Parallel()
	cluster := redistest.Cluster(t)
	rdb := cluster.Client(t)
	keys := oneKeyPerSlot()
	set(t, rdb, keys)

	// One key per slot means each master holds exactly as many keys as it
	// has slots; that also proves keySlot agrees with the server.
	var mu sync.Mutex
	sizes := make(map[string]int64)
	err := rdb.ForEachMaster(t.Context(), func(ctx context.Context, m *redis.Client) error {
		n, err := m.DBSize(ctx).Result()
		mu.Lock()
		defer mu.Unlock()
		sizes[m.Options().Addr] = n
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSizes := []int64{5461, 5462, 5461}
	for i, addr := range cluster.Addrs {
		if sizes[addr] != wantSizes[i] {
			t.Fatalf("master %s holds %d keys, want %d (one per slot)", addr, sizes[addr], wantSizes[i])
		}
	}

	t.Run("reads", func(t *testing.T) {
		t.Run("a plain SCAN iterator on the ClusterClient misses keys", func(t *testing.T) {
			t.Parallel()
			// This is why ScanKeys exists: go-redis sends each keyless SCAN
			// to one master, so the cursor walk never covers the cluster.
			seen := make(map[string]bool)
			//redislint:ignore clusterscan this test shows the one-node walk that ScanKeys replaces
			it := rdb.Scan(t.Context(), 0, "", 1000).Iterator()
			for it.Next(t.Context()) {
				seen[it.Val()] = true
			}
			if err := it.Err(); err != nil {
				t.Fatal(err)
			}
			if len(seen) >= len(keys) {
				t.Fatalf("plain SCAN found all %d keys; ScanKeys's per-master walk would be unneeded", len(keys))
			}
			t.Logf("plain SCAN on the ClusterClient found %d of %d keys", len(seen), len(keys))
		})

		t.Run("ScanKeys returns every key of every slot once", func(t *testing.T) {
			t.Parallel()
			got, err := rediskit.ScanKeys(t.Context(), rdb, "*")
			if err != nil {
				t.Fatal(err)
			}
			requireSameKeys(t, "ScanKeys(*)", got, keys)
		})

		t.Run("a struct embedding the ClusterClient is walked per master too", func(t *testing.T) {
			t.Parallel()
			wrapped := struct{ *redis.ClusterClient }{rdb}
			got, err := rediskit.ScanKeys(t.Context(), wrapped, "*")
			if err != nil {
				t.Fatal(err)
			}
			requireSameKeys(t, "ScanKeys(*) on a wrapper", got, keys)
		})

		t.Run("IterKeys yields every key of every slot", func(t *testing.T) {
			t.Parallel()
			got, err := collect(rediskit.IterKeys(t.Context(), rdb, "*", 500))
			if err != nil {
				t.Fatal(err)
			}
			requireSameKeys(t, "IterKeys(*)", got, keys)
		})

		t.Run("IterKeys stops at break without another SCAN", func(t *testing.T) {
			t.Parallel()
			rdb := cluster.Client(t)
			h := &scanHook{}
			// ClusterClient hooks wrap cluster-level commands only; the
			// per-master SCANs are seen by hooks on the node clients.
			rdb.OnNewNode(func(n *redis.Client) { n.AddHook(h) })
			n := 0
			for _, err := range rediskit.IterKeys(t.Context(), rdb, "*", 50) {
				if err != nil {
					t.Fatal(err)
				}
				if n++; n == 10 {
					break
				}
			}
			if calls, _ := h.scans(); calls != 1 || n != 10 {
				t.Errorf("got %d keys with %d SCANs, want 10 keys with 1 SCAN", n, calls)
			}
		})

		t.Run("cancelled context ends both", func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := rediskit.ScanKeys(ctx, rdb, "*"); !errors.Is(err, context.Canceled) {
				t.Errorf("ScanKeys error = %v, want context.Canceled", err)
			}
			if _, err := collect(rediskit.IterKeys(ctx, rdb, "*", 0)); !errors.Is(err, context.Canceled) {
				t.Errorf("IterKeys error = %v, want context.Canceled", err)
			}
		})
	})

	t.Run("a stopped master fails the scan and is named", func(t *testing.T) {
		// Runs after the reads: it breaks the cluster they share.
		down := cluster.Masters[2]
		down.Stop()
		_, err := rediskit.ScanKeys(t.Context(), rdb, "*")
		if err == nil {
			t.Fatal("ScanKeys with a master down returned no error; its keys would be silently missing")
		}
		t.Logf("ScanKeys with a master down: %v", err)
		if !strings.Contains(err.Error(), down.Addr) || !strings.HasPrefix(err.Error(), "rediskit: ") {
			t.Errorf("error = %q, want it to name the master %s", err, down.Addr)
		}
		if errors.Is(err, context.Canceled) {
			t.Errorf("error = %v: the other masters' cancellation hid the cause", err)
		}
	})
}

// TestScanKeysRefusesAnIncompleteCluster: with some hash slots served by no
// master, a walk would miss their keys; ScanKeys and IterKeys say so
// instead of returning a partial answer.
func TestScanKeysRefusesAnIncompleteCluster(t *testing.T) {
	t.Parallel()
	cluster := redistest.Cluster(t)
	rdb := cluster.Client(t)
	set(t, rdb, oneKeyPerSlot()[:100])

	// Slots 0-99 belong to the first master; take them away from it.
	first := redis.NewClient(&redis.Options{Addr: cluster.Addrs[0]})
	defer first.Close()
	if err := first.Do(t.Context(), "cluster", "delslotsrange", 0, 99).Err(); err != nil {
		t.Fatal(err)
	}

	keys, err := rediskit.ScanKeys(t.Context(), rdb, "*")
	if !errors.Is(err, rediskit.ErrClusterIncomplete) || keys != nil {
		t.Fatalf("ScanKeys = %d keys, %v; want no keys and ErrClusterIncomplete", len(keys), err)
	}
	if !strings.Contains(err.Error(), "16284 of 16384 slots") {
		t.Errorf("error does not say how many slots are served: %v", err)
	}
	_, err = collect(rediskit.IterKeys(t.Context(), rdb, "*", 0))
	if !errors.Is(err, rediskit.ErrClusterIncomplete) {
		t.Errorf("IterKeys error = %v, want ErrClusterIncomplete", err)
	}
}
