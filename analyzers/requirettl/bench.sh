#!/usr/bin/env bash
# bench.sh measures what requirettl adds to a redislint run: wall time, CPU
# time (user+sys, steadier than wall time on a shared machine) and maximum
# resident set size of `redislint -requirettl ./...` against
# `redislint -nokeys ./...` (no facts: only the module's own packages are
# type-checked from source) and a run with every analyzer disabled, each
# repeated, reporting the medians. A measurement, not a test: nothing fails.
#
#	analyzers/requirettl/bench.sh [module dir] [runs]
#
# The module defaults to a go-redis v9 source tree at /tmp/corpus/v9.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-/tmp/corpus/v9}"
runs="${2:-3}"
bin="$(mktemp -d)/redislint"
go -C "$root" build -o "$bin" ./cmd/redislint
# -<name>=false for every analyzer, from the command's own flag list.
off=$("$bin" -flags | awk '/"Name"/ {gsub(/[",]/, "", $2); n = $2} /"Usage": "enable / {printf "-%s=false ", n}')

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

measure() {
	local name=$1; shift
	local secs=() cpus=() kbs=()
	(cd "$dir" && "$bin" "$@" ./... >/dev/null 2>&1) || true # warm the build cache
	for _ in $(seq "$runs"); do
		out=$(cd "$dir" && { /usr/bin/time -v "$bin" "$@" ./... >/dev/null 2>/tmp/bench.$$; cat /tmp/bench.$$; } || true)
		secs+=("$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}')")
		cpus+=("$(echo "$out" | awk -F': ' '/User time|System time/ {s += $2} END {print s}')")
		kbs+=("$(echo "$out" | awk -F': ' '/Maximum resident set size/ {print $2}')")
	done
	rm -f /tmp/bench.$$
	printf '%-24s wall %6.2fs   cpu %6.2fs   max RSS %5d MB   (wall: %s)\n' "$name" \
		"$(printf '%s\n' "${secs[@]}" | median)" \
		"$(printf '%s\n' "${cpus[@]}" | median)" \
		"$(( $(printf '%s\n' "${kbs[@]}" | median) / 1024 ))" "${secs[*]}"
}

echo "module: $dir, $runs runs each, medians"
# shellcheck disable=SC2086
measure "all analyzers disabled" $off
measure "-nokeys" -nokeys
measure "-requirettl" -requirettl
measure "all analyzers"
