#!/usr/bin/env bash
# run.sh runs the rediskit benchmarks of docs/PERFORMANCE.md against real
# redis-server processes (internal/redistest), one run each, and writes their
# output to OUT (default runtime.txt in a temporary directory):
#
#	bench/runtime/run.sh [-o OUT]
#
#   BenchmarkClientPaired  raw go-redis vs rediskit's hooked client, GET/SET,
#                          1 and 50 goroutines, in alternating 50ms turns
#   BenchmarkSetWithTTL    per-key loops vs SetMany at 100/1,000/10,000 keys
#   BenchmarkKeysStall     another client's longest PING during KEYS vs
#                          during a ScanKeys walk, on 1,000,000 keys
set -euo pipefail
out=
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=$2; shift 2 ;;
	*) echo "usage: $0 [-o OUT]" >&2; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/rediskit-bench.XXXXXX")/runtime.txt}
# From rediskit's directory, so that the same command works once rediskit is
# a module of its own.
cd "$root/runtime/rediskit"
bench() { go test -run '^$' -bench "$@" .; }
{
	bench 'BenchmarkClientPaired$' -benchtime 40x -count 3
	bench 'BenchmarkSetWithTTL$'
	bench 'BenchmarkKeysStall$' -benchtime 3x
} | tee "$out"
echo "output: $out" >&2
