#!/usr/bin/env bash
# run.sh times redislint against the type-checking floors and go vet (and
# staticcheck, when BENCH_STATICCHECK=1) on the go-redis v9 and v8 sources,
# copied from the module cache. Usage, from anywhere in the repository:
#
#	bench/lint/run.sh [-n RUNS] [-corpus v9,v8] [-o OUTDIR] [-base REV]
#
# -base REV also builds redislint from git revision REV and times it in the
# same run ("base" rows), so a change is measured side by side with what it
# replaces.
#
# Each row is the median of RUNS runs (default 3) of wall time and peak RSS
# (/usr/bin/time -v; for go vet the largest single process, as the go
# command runs one vet process per package). Raw samples go to
# OUTDIR/samples.tsv, medians to OUTDIR/medians.tsv, the table to stdout.
set -euo pipefail

runs=3
corpora=v9,v8
out=
base=
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-corpus) corpora=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-base) base=$2; shift 2 ;;
	*) echo "usage: $0 [-n RUNS] [-corpus v9,v8] [-o OUTDIR] [-base REV]" >&2; exit 2 ;;
	esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redislint-bench.XXXXXX")
out=${out:-$work/out}
mkdir -p "$out" "$work/bin"
echo "work dir: $work" >&2

cd "$root"
source "$root/bench/lint/common.sh"

echo "building redislint, floor${BENCH_STATICCHECK:+, staticcheck}" >&2
go build -o "$work/bin/redislint" ./cmd/redislint
(cd "$root/bench" && go build -o "$work/bin/floor" ./lint/floor)
if [ -n "$base" ]; then
	echo "building redislint at $base" >&2
	mkdir -p "$work/base"
	git -C "$root" archive "$base" | tar -x -C "$work/base"
	(cd "$work/base" && go build -o "$work/bin/redislint-base" ./cmd/redislint)
fi
if [ "${BENCH_STATICCHECK:-0}" = 1 ]; then
	GOBIN=$work/bin go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
analyzers=$("$work/bin/redislint" help 2>&1 | awk '/^Analyzers/{on=1; next} on && /^\t[a-z]/ {print $1} on && /^$/ {exit}')


# measure CORPUS NAME PREP -- CMD...: runs CMD RUNS times in the corpus,
# PREP (a shell snippet) before each run, untimed.
measure() {
	local corpus=$1 name=$2 prep=$3; shift 4
	local dir=$work/corpus/$corpus i
	echo "  $corpus $name" >&2
	for i in $(seq "$runs"); do
		(cd "$dir" && eval "$prep")
		# Findings are expected (exit status 3 or 1); only the time matters.
		(cd "$dir" && /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/cmd.out" 2>&1) || true
		if grep -q 'panic:\|analysis skipped\|internal error' "$work/cmd.out"; then
			echo "$corpus $name: failed:" >&2; head -20 "$work/cmd.out" >&2; exit 1
		fi
		awk -v c="$corpus" -v n="$name" -F': ' '
			/Elapsed \(wall clock\)/ {k=split($2, t, ":"); s=0; for (j=1; j<=k; j++) s=s*60+t[j]; wall=s}
			/Maximum resident set size/ {rss=$2}
			END {printf "%s\t%s\t%.2f\t%d\n", c, n, wall, rss/1024}' "$work/time.txt" >>"$out/samples.tsv"
	done
}

# touch_one changes the content of one file of the root package (the go
# command's caches are keyed by content, not mtime), so a warm vet run
# re-vets that package and its dependents.
touch_one='echo "// bench $RANDOM$RANDOM" >> doc.go'
fresh_cache='rm -rf "$GOCACHE_COLD" && mkdir -p "$GOCACHE_COLD"'
built_cache='rm -rf "$GOCACHE_COLD" && cp -a "$GOCACHE_BUILT" "$GOCACHE_COLD"'
export GOCACHE_COLD=$work/gocache-cold GOCACHE_BUILT=$work/gocache-built
: >"$out/samples.tsv"

for corpus in ${corpora//,/ }; do
	mkdir -p "$work/corpus"
	cp -r "${src[$corpus]}" "$work/corpus/$corpus"
	chmod -R u+w "$work/corpus/$corpus"
	(cd "$work/corpus/$corpus" && go mod download && go vet ./... >/dev/null 2>&1 || true)
	# Warm the build cache (export data) and check every tool runs cleanly.
	(cd "$work/corpus/$corpus" && "$work/bin/floor" -floor ./... && "$work/bin/floor" -factfloor ./...) >/dev/null

	measure "$corpus" floor : -- "$work/bin/floor" -floor ./...
	measure "$corpus" factfloor : -- "$work/bin/floor" -factfloor ./...
	measure "$corpus" redislint : -- "$work/bin/redislint" ./...
	if [ -n "$base" ]; then
		measure "$corpus" "base" : -- "$work/bin/redislint-base" ./...
	fi
	for a in $analyzers; do
		measure "$corpus" "-$a" : -- "$work/bin/redislint" "-$a" ./...
	done
	if [ "${BENCH_STATICCHECK:-0}" = 1 ]; then
		# Its own fact cache empty each run, like the standalone checkers.
		measure "$corpus" staticcheck 'rm -rf "$GOCACHE_COLD.sc"' -- env STATICCHECK_CACHE="$GOCACHE_COLD.sc" "$work/bin/staticcheck" ./...
	fi
	# An empty build cache: export data would have to be compiled first, so
	# redislint type-checks from source instead (cmd/redislint/load.go).
	measure "$corpus" "redislint cold" "$fresh_cache" -- env GOCACHE="$GOCACHE_COLD" "$work/bin/redislint" ./...
	if [ -n "$base" ]; then
		measure "$corpus" "base cold" "$fresh_cache" -- env GOCACHE="$GOCACHE_COLD" "$work/bin/redislint-base" ./...
	fi
	measure "$corpus" "go vet cold" "$fresh_cache" -- env GOCACHE="$GOCACHE_COLD" go vet ./...
	measure "$corpus" "vettool cold" "$fresh_cache" -- env GOCACHE="$GOCACHE_COLD" go vet -vettool="$work/bin/redislint" ./...
	# Every package compiled, nothing vetted yet: what the standalone
	# checkers start from (they read export data from the build cache).
	rm -rf "$GOCACHE_BUILT" && mkdir -p "$GOCACHE_BUILT"
	(cd "$work/corpus/$corpus" && GOCACHE=$GOCACHE_BUILT go list -export -deps -test ./... >/dev/null)
	measure "$corpus" "go vet" "$built_cache" -- env GOCACHE="$GOCACHE_COLD" go vet ./...
	measure "$corpus" "vettool" "$built_cache" -- env GOCACHE="$GOCACHE_COLD" go vet -vettool="$work/bin/redislint" ./...
	(cd "$work/corpus/$corpus" && go vet ./... >/dev/null 2>&1; go vet -vettool="$work/bin/redislint" ./... >/dev/null 2>&1) || true
	measure "$corpus" "go vet warm" "$touch_one" -- go vet ./...
	measure "$corpus" "vettool warm" "$touch_one" -- go vet -vettool="$work/bin/redislint" ./...
	if [ -n "$base" ]; then
		(cd "$work/corpus/$corpus" && go vet -vettool="$work/bin/redislint-base" ./... >/dev/null 2>&1) || true
		measure "$corpus" "base vettool warm" "$touch_one" -- go vet -vettool="$work/bin/redislint-base" ./...
	fi
done

# Medians, then ratios: standalone rows to the plain floor and to go vet
# on a compiled cache (which,
# like them, reads export data and no cached results); vet rows to plain
# go vet in the same cache state.
awk -F'\t' '{k=$1"\t"$2; if (!(k in seen)) {seen[k]=1; order[++n]=k} w[k]=w[k]" "$3; m[k]=m[k]" "$4}
	END {for (i=1; i<=n; i++) print order[i]"\t"w[order[i]]"\t"m[order[i]]}' "$out/samples.tsv" |
while IFS=$'\t' read -r corpus name ws ms; do
	printf '%s\t%s\t%s\t%s\n' "$corpus" "$name" "$(tr ' ' '\n' <<<"$ws" | grep . | median)" "$(tr ' ' '\n' <<<"$ms" | grep . | median)"
done >"$out/medians.tsv"

awk -F'\t' -v runs="$runs" '
	{w[$1,$2]=$3; m[$1,$2]=$4; if (!($1 in seen)) {seen[$1]=1; cs[++nc]=$1} rows[$1, ++nr[$1]]=$2}
	function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a/b) : "-" }
	END {
		printf "median of %d runs; wall s, peak RSS MiB\n", runs
		for (c=1; c<=nc; c++) {
			C=cs[c]
			printf "\n%-8s %-18s %8s %8s   %-16s %-16s\n", C, "", "wall", "RSS", "vs floor", "vs go vet"
			for (r=1; r<=nr[C]; r++) {
				name=rows[C, r]; fl=""; vt=""
				if (name ~ /^(redislint|-|base$)/ && name !~ /cold$/) fl="floor"
				if (name ~ /^go vet/) vt=""
				else if (name ~ /cold$/) vt="go vet cold"
				else if (name ~ /warm$/) vt="go vet warm"
				else vt="go vet"
				fs = fl == "" ? "" : sprintf("%s %s", ratio(w[C,name], w[C,fl]), ratio(m[C,name], m[C,fl]))
				vs = vt == "" ? "" : sprintf("%s %s", ratio(w[C,name], w[C,vt]), ratio(m[C,name], m[C,vt]))
				printf "%-8s %-18s %8.2f %8d   %-16s %-16s\n", C, name, w[C,name], m[C,name], fs, vs
			}
		}
		print "\nratios: wall RSS; vs floor: to the plain floor (dependencies from export data); factfloor is what a driver that type-checks every dependency for facts pays"
	}' "$out/medians.tsv" | tee "$out/table.txt"
rm -rf "$GOCACHE_COLD" "$GOCACHE_BUILT" "$GOCACHE_COLD.sc"
echo "samples: $out/samples.tsv, medians: $out/medians.tsv" >&2
