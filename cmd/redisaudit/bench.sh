#!/usr/bin/env bash
# Compares redisaudit with the shell loop of the Redis usage guide
# (Troubleshooting, "Find keys without expiration"), which starts one
# redis-cli per key, on the same data and the same server, once each; then
# measures redisaudit alone on a million keys.
#
#   cmd/redisaudit/bench.sh              # 10,000 keys compared, 1,000,000 measured
#   SMALL=2000 LARGE=100000 cmd/redisaudit/bench.sh
#
# Needs redis-server and redis-cli (Debian: redis-server, redis-tools) and Go.
# It starts its own redis-server on a free port and stops it on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

SMALL=${SMALL:-10000}
LARGE=${LARGE:-1000000}

tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/redisaudit" ./cmd/redisaudit

# A free port: try random ones until a server starts on one.
for _ in 1 2 3 4 5 6 7 8 9 10; do
	port=$((20000 + RANDOM % 40000))
	redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
		--dir "$tmp" --logfile "$tmp/redis.log" &
	pid=$!
	for _ in $(seq 50); do
		redis-cli -p "$port" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null && redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
	wait "$pid" 2>/dev/null || true
	pid=
done
[ -n "$pid" ] || { echo "bench.sh: could not start redis-server" >&2; exit 1; }
cli=(redis-cli -p "$port")

# load N writes N keys of four shapes, half of them without TTL (the same as
# BenchmarkAudit), through redis-cli --pipe.
load() {
	"${cli[@]}" flushall >/dev/null
	awk -v n="$1" '
	function cmd(a, b, c, d, e,    args, k, s) {
		k = split(a SUBSEP b SUBSEP c SUBSEP d SUBSEP e, args, SUBSEP)
		while (k > 0 && args[k] == "") k--
		s = "*" k "\r\n"
		for (i = 1; i <= k; i++) s = s "$" length(args[i]) "\r\n" args[i] "\r\n"
		printf "%s", s
	}
	BEGIN {
		for (j = 0; j < n; j++) {
			m = j % 4
			if (m == 0) cmd("HSET", "user:" j ":profile", "name", "v")
			else if (m == 1) cmd("SET", sprintf("session:%032x", j), "v", "EX", "3600")
			else if (m == 2) cmd("SET", "cache:page:" j, "v")
			else cmd("SET", "cart:" j, "v", "EX", "86400")
		}
	}' | "${cli[@]}" --pipe >/dev/null
	local size
	size=$("${cli[@]}" dbsize)
	[ "$size" -eq "$1" ] || { echo "bench.sh: loaded $size keys, want $1" >&2; exit 1; }
}

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }

# audit prints "seconds keys-without-TTL" for one redisaudit run.
audit() {
	local start end no_ttl
	start=$(now)
	"$tmp/redisaudit" -json -no-progress "redis://127.0.0.1:$port" >"$tmp/report.json"
	end=$(now)
	no_ttl=$(sed -n 's/^  "no_ttl": \([0-9]*\),$/\1/p' "$tmp/report.json")
	echo "$(calc "$end - $start") $no_ttl"
}

load "$SMALL"

# The guide's loop, unchanged but for the port.
start=$(now)
"${cli[@]}" --scan | while read -r key; do
	if [ "$("${cli[@]}" ttl "$key")" -eq "-1" ]; then
		echo "No TTL: $key"
	fi
done >"$tmp/loop.txt"
end=$(now)
loop_secs=$(calc "$end - $start")
loop_found=$(wc -l <"$tmp/loop.txt")

read -r audit_secs audit_found < <(audit)
if [ "$loop_found" -ne "$audit_found" ]; then
	echo "bench.sh: the loop found $loop_found keys without TTL, redisaudit $audit_found" >&2
	exit 1
fi
printf '%d keys, %d without TTL: shell loop %.1f s, redisaudit %.3f s: %.0fx faster\n' \
	"$SMALL" "$loop_found" "$loop_secs" "$audit_secs" "$(calc "$loop_secs / $audit_secs")"

load "$LARGE"
read -r large_secs large_found < <(audit)
printf '%d keys, %d without TTL: redisaudit %.2f s, %.0f keys/s\n' \
	"$LARGE" "$large_found" "$large_secs" "$(calc "$LARGE / $large_secs")"
