#!/usr/bin/env bash
# paired.sh measures redislint against the plain type-checking floor with
# interleaved runs (floor, redislint, floor, redislint, ...), so that both
# meet the same moments of a shared machine; run.sh times its rows one
# after another, which on a noisy machine blurs ratios near 1. Usage:
#
#	bench/lint/paired.sh [-n RUNS] [-corpus v9,v8]
#
# Prints, per corpus, the median wall time and peak RSS of each and their
# ratios. Warm build cache: each tool runs once untimed first.
set -euo pipefail
runs=11
corpora=v9,v8
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-corpus) corpora=$2; shift 2 ;;
	*) echo "usage: $0 [-n RUNS] [-corpus v9,v8]" >&2; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redislint-paired.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
source "$root/bench/lint/common.sh"
go build -o "$work/redislint" ./cmd/redislint
(cd bench && go build -o "$work/floor" ./lint/floor)
for corpus in ${corpora//,/ }; do
	dir=$work/$corpus
	cp -r "${src[$corpus]}" "$dir" && chmod -R u+w "$dir"
	(cd "$dir" && go mod download && "$work/floor" -floor ./... >/dev/null && { "$work/redislint" ./... >/dev/null 2>&1 || true; })
	for i in $(seq "$runs"); do
		for tool in floor redislint; do
			args=(./...)
			[ "$tool" = floor ] && args=(-floor ./...)
			(cd "$dir" && /usr/bin/time -f "$corpus $tool %e %M" -o "$work/t" "$work/$tool" "${args[@]}" >/dev/null 2>&1) || true
			cat "$work/t" >>"$work/samples"
		done
	done
done
for corpus in ${corpora//,/ }; do
	get() { awk -v c="$corpus" -v t="$1" -v f="$2" '$1 == c && $2 == t {print $f}' "$work/samples" | median; }
	fw=$(get floor 3) rw=$(get redislint 3) fm=$(get floor 4) rm=$(get redislint 4)
	awk -v c="$corpus" -v fw="$fw" -v rw="$rw" -v fm="$fm" -v rm="$rm" -v n="$runs" 'BEGIN {
		printf "%s: floor %.2f s %d MiB, redislint %.2f s %d MiB: %.2fx wall, %.2fx RSS (medians of %d interleaved runs)\n", c, fw, fm/1024, rw, rm/1024, rw/fw, rm/fm, n }'
done
