// Package clusterscan reports SCAN walks on a Redis Cluster client, which
// see the keys of one node only.
//
// # Analyzer clusterscan
//
// clusterscan: report SCAN on a cluster client, which sees one node
//
// go-redis sends SCAN, which names no key, to a single node of a cluster.
// A walk of the keyspace with Scan or ScanType (or their Iterator()) on a
// *redis.ClusterClient therefore sees one master's share of the keys: a
// third of them on three masters, and a different third when the node
// changes between calls. Jobs that expire, migrate or count keys that way
// silently miss the rest.
//
// Reported: Scan, ScanType and Do(ctx, "scan", ...) on a *ClusterClient
// (a struct embedding one included, and the method value rdb.Scan), and on
// a UniversalClient or Cmdable variable that the function assigns only from
// NewClusterClient, NewFailoverClusterClient, or NewUniversalClient with
// more than one address (or IsClusterMode) and no master name.
//
// Not reported: the per-node client of ForEachMaster and ForEachShard,
// keyed scans (HScan, SScan, ZScan), which walk one key on one node, and
// clients the function did not build (a UniversalClient parameter may be a
// single node). Test code is checked too.
//
// Suggested fix, on go-redis v9, for an iterator that collects every key
// into a slice and returns on error:
//
//	it := rdb.Scan(ctx, 0, match, n).Iterator()
//	for it.Next(ctx) {
//		keys = append(keys, it.Val())
//	}
//	if err := it.Err(); err != nil {
//		return ..., err
//	}
//
// becomes
//
//	if ks, err := rediskit.ScanKeys(ctx, rdb, match); err != nil {
//		return ..., err
//	} else {
//		keys = append(keys, ks...)
//	}
//
// rediskit.ScanKeys (github.com/redislint/redislint/runtime/rediskit) walks
// every master and returns each key once.
package clusterscan

const doc = `report SCAN on a cluster client, which sees one node

go-redis sends SCAN to a single node of a Redis Cluster, so Scan, ScanType
and their Iterator() on a *redis.ClusterClient (or on a UniversalClient built
for several addresses) see one master's share of the keys: a third on three
masters. Walk every master: rediskit.ScanKeys or IterKeys, or ForEachMaster
with Scan on each node's client.

A suggested fix rewrites an iterator loop that collects every key into
rediskit.ScanKeys.`
