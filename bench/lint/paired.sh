#!/usr/bin/env bash
# paired.sh holds redislint to the cost of the tools it runs inside, with
# interleaved runs (A, B, A, B, ...) so that both meet the same moments of
# a shared machine, and medians. It fails (exit 1, "FAIL" lines) when a
# ratio passes its limit:
#
#	standalone  redislint ./...        vs  the plain floor (floor -floor:
#	                                       type-checking, deps from export data)   1.10x
#	go vet      -vettool=redislint     vs  -vettool=<no-op tool without facts>,
#	                                       cold (compiled, nothing vetted) and
#	                                       warm (one file touched)                 1.05x
#	golangci    standard + the plugins vs  standard linters alone                  1.05x
#
# Wall time and peak RSS both count (for go vet and golangci-lint, the
# largest process). Usage, from anywhere in the repository:
#
#	bench/lint/paired.sh [-n RUNS] [-corpus v9,v8,asynq] [-drivers standalone,vet,golangci]
#
# Corpora: the go-redis v9 and v8 sources, and hibiken/asynq, whose
# packages use go-redis through a helper package (internal/rdb).
# golangci needs bin/golangci-lint (scripts/golangci).
set -euo pipefail
runs=11
corpora=v9,v8,asynq
drivers=standalone,vet,golangci
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-corpus) corpora=$2; shift 2 ;;
	-drivers) drivers=$2; shift 2 ;;
	*) echo "usage: $0 [-n RUNS] [-corpus v9,v8,asynq] [-drivers standalone,vet,golangci]" >&2; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redislint-paired.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
source "$root/bench/lint/common.sh"
go build -o "$work/redislint" ./cmd/redislint
(cd bench && go build -o "$work/floor" ./lint/floor)
has() { [[ ",$drivers," == *",$1,"* ]]; }
if has golangci && [ ! -x "$root/bin/golangci-lint" ]; then
	echo "bin/golangci-lint is missing: run scripts/golangci first" >&2
	exit 2
fi

# sample CORPUS NAME PREP CMD...: one timed run of CMD in the corpus, after
# PREP (a shell snippet, untimed).
sample() {
	local corpus=$1 name=$2 prep=$3; shift 3
	(cd "$work/$corpus" && eval "$prep")
	(cd "$work/$corpus" && /usr/bin/time -f "$corpus	$name	%e	%M" -o "$work/t" "$@" >"$work/out" 2>&1) || true
	if grep -q 'panic:\|analysis skipped\|internal error' "$work/out"; then
		echo "$corpus $name failed:" >&2; head -20 "$work/out" >&2; exit 1
	fi
	cat "$work/t" >>"$work/samples"
}

touch_one='f=$(ls *.go | grep -v _test.go | head -1); echo "// bench $RANDOM$RANDOM" >>"$f"'
# A cold run sees the sources GOCACHE_BUILT was built from: the lines that
# touch_one appended are taken out again first, or every cold run after the
# first would recompile the touched package and all that import it.
untouch='sed -i "/^\/\/ bench [0-9]*\$/d" *.go'
built="$untouch"' && rm -rf "$GOCACHE_VET" && cp -a "$GOCACHE_BUILT" "$GOCACHE_VET"'
fresh_lint='rm -rf "$GOLANGCI_LINT_CACHE"'
export GOLANGCI_LINT_CACHE=$work/gcl-cache GOCACHE_VET=$work/gocache-vet
cat >"$work/standard.yml" <<'YML'
version: "2"
linters:
  default: standard
YML
cat >"$work/redislint.yml" <<'YML'
version: "2"
linters:
  default: standard
  enable: [nokeys, requirettl, ctxclose, pipelineloop, pipelineread, clusterscan]
  settings:
    custom:
      nokeys: {type: module}
      requirettl: {type: module}
      ctxclose: {type: module}
      pipelineloop: {type: module}
      pipelineread: {type: module}
      clusterscan: {type: module}
YML
# Only the plugins this revision registers.
plugins=$("$work/redislint" help 2>&1 | awk '/^Analyzers/{on=1; next} on && /^\t[a-z]/ {print $1} on && /^$/ {exit}')
awk -v have=" $(echo $plugins) " '
	/enable:/ {n=split($0, a, /[][, ]+/); line="  enable: ["; sep=""; for (i=1; i<=n; i++) if (index(have, " " a[i] " ")) {line=line sep a[i]; sep=", "}; print line "]"; next}
	/: \{type: module\}/ {split($1, a, ":"); if (!index(have, " " a[1] " ")) next}
	{print}' "$work/redislint.yml" >"$work/r.yml" && mv "$work/r.yml" "$work/redislint.yml"

for corpus in ${corpora//,/ }; do
	dir=$work/$corpus
	cp -r "${src[$corpus]}" "$dir" && chmod -R u+w "$dir"
	(cd "$dir" && go mod download && "$work/floor" -floor ./... >/dev/null && { "$work/redislint" ./... >/dev/null 2>&1 || true; })
	if has vet; then
		export GOCACHE_BUILT=$work/gocache-built-$corpus
		rm -rf "$GOCACHE_BUILT" && mkdir -p "$GOCACHE_BUILT"
		(cd "$dir" && GOCACHE=$GOCACHE_BUILT go list -export -deps -test ./... >/dev/null)
		(cd "$dir" && go vet -vettool="$work/floor" -floor ./... >/dev/null 2>&1; go vet -vettool="$work/redislint" ./... >/dev/null 2>&1) || true
	fi
	for i in $(seq "$runs"); do
		if has standalone; then
			# Without the warm rows' touch: the floor would recompile the
			# touched package's export data every round, redislint not.
			sample "$corpus" floor "$untouch" "$work/floor" -floor ./...
			sample "$corpus" redislint "$untouch" "$work/redislint" ./...
		fi
		if has vet; then
			sample "$corpus" "vet-noop cold" "$built" env GOCACHE="$GOCACHE_VET" go vet -vettool="$work/floor" -floor ./...
			sample "$corpus" "vet-redislint cold" "$built" env GOCACHE="$GOCACHE_VET" go vet -vettool="$work/redislint" ./...
			sample "$corpus" "vet-noop warm" "$touch_one" go vet -vettool="$work/floor" -floor ./...
			sample "$corpus" "vet-redislint warm" "$touch_one" go vet -vettool="$work/redislint" ./...
		fi
		if has golangci; then
			sample "$corpus" "golangci standard" "$fresh_lint" "$root/bin/golangci-lint" run -c "$work/standard.yml" --issues-exit-code=0 ./...
			sample "$corpus" "golangci +redislint" "$fresh_lint" "$root/bin/golangci-lint" run -c "$work/redislint.yml" --issues-exit-code=0 ./...
		fi
	done
done

fail=0
report() { # CORPUS BASE NAME LIMIT
	local get w0 w1 m0 m1
	get() { awk -F'\t' -v c="$1" -v t="$2" -v f="$3" '$1 == c && $2 == t {print $f}' "$work/samples" | median; }
	w0=$(get "$1" "$2" 3) w1=$(get "$1" "$3" 3) m0=$(get "$1" "$2" 4) m1=$(get "$1" "$3" 4)
	awk -v c="$1" -v b="$2" -v n="$3" -v w0="$w0" -v w1="$w1" -v m0="$m0" -v m1="$m1" -v lim="$4" -v runs="$runs" 'BEGIN {
		rw = w1/w0; rm = m1/m0; verdict = (rw > lim || rm > lim) ? "FAIL" : "ok"
		printf "%-6s %-5s %-20s %6.2f s %5d MiB   vs %-18s %6.2f s %5d MiB   %.2fx wall %.2fx RSS (limit %.2fx, %d runs)\n", verdict, c, n, w1, m1/1024, b, w0, m0/1024, rw, rm, lim, runs
		exit (verdict == "FAIL") }' || fail=1
}
for corpus in ${corpora//,/ }; do
	has standalone && report "$corpus" floor redislint 1.10
	has vet && report "$corpus" "vet-noop cold" "vet-redislint cold" 1.05
	has vet && report "$corpus" "vet-noop warm" "vet-redislint warm" 1.05
	has golangci && report "$corpus" "golangci standard" "golangci +redislint" 1.05
done
if [ "$fail" != 0 ]; then
	echo "FAIL: a ratio is over its limit" >&2
	exit 1
fi
