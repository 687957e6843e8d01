// Package redistest starts real redis-server processes for tests and
// benchmarks: a standalone server and a 3-master cluster, each on free
// 127.0.0.1 ports, without persistence, stopped by tb.Cleanup.
//
// The binary is redis-server from PATH, or the path in $REDIS_SERVER. When it
// is missing the test fails, never skips: an integration test that skips
// without its server would pass without testing anything. On Debian and
// Ubuntu it comes from the redis-server package (apt-get install
// redis-server), which ./scripts/test installs when it runs as root.
package redistest
