#!/usr/bin/env bash
#
# bench.sh CRISIS BENCHDIR: the crisis benchmarks.
#
# CRISIS is the crisis binary to measure; BENCHDIR holds the helpers built by
# the Makefile (gen, yamlparse, measure) and the generated corpora, which are
# made there when missing or older than gen. Every figure is measured in this
# run and printed with its target:
#
#   1,000 plans of ~300 lines    crisis plan validate -q DIR vs yamlparse DIR:
#                                ratio <= 2.0, validate < 1000 ms (wall clock,
#                                validate with its default threads, one per
#                                processor); for information, the ratio with
#                                -j 1 and the ratio of CPU times (user + system,
#                                summed over validate's threads), since
#                                yamlparse runs on one thread
#   one plan, 50 times           the same comparison on a single file
#   a 10,000-contact plan        both times, the ratio, validate's peak RSS < 64 MB
#   billion laughs               crisis plan validate laughs.yaml exits non-zero
#                                in < 100 ms
#
# Times are medians of BENCH_RUNS runs (default 5; 50 for the single plan).
# Exit status: 0 when every figure could be measured (a MISS is reported, not
# fatal, unless BENCH_STRICT=1), 1 on an error (a command that failed or
# crashed), 2 usage.

set -euo pipefail

runs=${BENCH_RUNS:-5}
single_runs=50
strict=${BENCH_STRICT:-0}

# Targets.
max_ratio=2.0
max_corpus_ms=1000
max_big_rss_mb=64
max_laughs_ms=100

die () {
	echo "bench: $*" >&2
	exit 1
}

usage () {
	echo "usage: bench.sh CRISIS BENCHDIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
crisis=$1
bench=$2
corpus=$bench/corpus

check_tools () {
	local tool

	for tool in gen yamlparse measure; do
		[ -x "$bench/$tool" ] ||
			die "missing $bench/$tool (the Makefile builds it)"
	done
	# A file (such as the Makefile's "crisis") is run as a path, not
	# looked up in PATH.
	case $crisis in
	*/*)	;;
	*)	if [ ! -e "$crisis" ]; then
			command -v "$crisis" >/dev/null ||
				die "cannot find '$crisis' in PATH"
			return 0
		fi
		crisis=./$crisis ;;
	esac
	[ -x "$crisis" ] || die "cannot run '$crisis': not an executable file"
}

# ---------------------------------------------------------------------------
# Corpora, generated when missing or older than gen (into a temporary name, so
# that an interrupted run never leaves a half corpus behind).

fresh () {
	[ -f "$1" ] && [ "$1" -nt "$bench/gen" ]
}

gen_plans () {
	fresh "$corpus/plans/plan-1000.yaml" && return 0
	echo "generating 1,000 plans in $corpus/plans ..." >&2
	rm -rf "$corpus/plans.tmp"
	"$bench/gen" plans 1000 "$corpus/plans.tmp"
	rm -rf "$corpus/plans"
	mv "$corpus/plans.tmp" "$corpus/plans"
}

gen_file () {
	local file=$1

	shift
	fresh "$corpus/$file" && return 0
	echo "generating $corpus/$file ..." >&2
	"$bench/gen" "$@" "$corpus/$file.tmp"
	mv "$corpus/$file.tmp" "$corpus/$file"
}

gen_corpora () {
	mkdir -p "$corpus"
	gen_plans
	gen_file big.yaml big 10000 2000
	gen_file laughs.yaml laughs
}

# ---------------------------------------------------------------------------
# Measuring: measure RUNS CMD... sets m_ms (the median wall time), m_cpu_ms
# (the median CPU time: user + system, summed over threads), m_rss_kb and
# m_status.

measure () {
	local n=$1 line field

	shift
	line=$("$bench/measure" -n "$n" -- "$@") ||
		die "cannot measure: $*"
	m_ms='' m_cpu_ms='' m_rss_kb='' m_status=''
	for field in $line; do
		case $field in
		median_ms=*)	m_ms=${field#*=} ;;
		cpu_ms=*)	m_cpu_ms=${field#*=} ;;
		maxrss_kb=*)	m_rss_kb=${field#*=} ;;
		status=*)	m_status=${field#*=} ;;
		esac
	done
	if [ -z "$m_ms" ] || [ -z "$m_cpu_ms" ] || [ -z "$m_rss_kb" ] ||
	    [ -z "$m_status" ]; then
		die "cannot read the output of measure: $line"
	fi
}

calc () {
	awk "BEGIN { printf \"$1\", $2 }"
}

# is A OP B true? (floating point)
holds () {
	awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"
}

ratio () {
	if holds "$2" '>' 0; then
		calc '%.2f' "$1 / $2"
	else
		echo inf
	fi
}

mb () {
	calc '%.1f' "$1 / 1024"
}

# ---------------------------------------------------------------------------
# Results: one row per figure, and a count of each verdict.

npass=0
nmiss=0
nerror=0
notes=()
targets=()

# verdict NAME MEASURED TARGET OK [BROKEN]: OK is "1" when the target is met;
# BROKEN is a reason the figure cannot be trusted (the command failed).
verdict () {
	local name=$1 measured=$2 target=$3 ok=$4 broken=${5:-} result

	if [ -n "$broken" ]; then
		result="ERROR ($broken)"
		nerror=$((nerror + 1))
	elif [ "$ok" = 1 ]; then
		result=PASS
		npass=$((npass + 1))
	else
		result=MISS
		nmiss=$((nmiss + 1))
	fi
	targets+=("$(printf '%-40s %12s %12s   %s' "$name" "$measured" "$target" "$result")")
}

# info NAME MEASURED [BROKEN]: a figure with no target.
info () {
	local result=info

	if [ -n "${3:-}" ]; then
		result="ERROR ($3)"
		nerror=$((nerror + 1))
	fi
	targets+=("$(printf '%-40s %12s %12s   %s' "$1" "$2" - "$result")")
}

# check_status WHAT PARSE_STATUS VALIDATE_STATUS sets broken to why the
# figures of a corpus cannot be trusted, or to nothing. yamlparse must exit 0;
# validate 0 (clean) or 1 (findings: generated plans may have warnings).
check_status () {
	broken=
	if [ "$2" != 0 ]; then
		broken="yamlparse exit $2"
		return
	fi
	case $3 in
	0)	;;
	1)	notes+=("$1: crisis plan validate exited 1 (findings); run it without -q to see them") ;;
	*)	broken="exit $3" ;;
	esac
}

row () {
	printf '%-24s %12s %12s %8s %14s %6s\n' "$@"
}

ms () {
	calc '%.1f ms' "$1"
}

# ---------------------------------------------------------------------------
# The cases.

# Three rows: validate with its default threads (wall clock), with -j 1 (wall
# clock), and the CPU time of the default run (user + system, summed over its
# threads) against yamlparse's CPU time.
bench_corpus () {
	local p_ms p_cpu p_status v_ms v_cpu v_rss v_status j1_ms j1_rss j1_status
	local r r_j1 r_cpu broken broken_j1

	measure "$runs" "$bench/yamlparse" "$corpus/plans"
	p_ms=$m_ms p_cpu=$m_cpu_ms p_status=$m_status
	measure "$runs" "$crisis" plan validate -q "$corpus/plans"
	v_ms=$m_ms v_cpu=$m_cpu_ms v_rss=$m_rss_kb v_status=$m_status
	measure "$runs" "$crisis" plan validate -q -j 1 "$corpus/plans"
	j1_ms=$m_ms j1_rss=$m_rss_kb j1_status=$m_status
	r=$(ratio "$v_ms" "$p_ms")
	r_j1=$(ratio "$j1_ms" "$p_ms")
	r_cpu=$(ratio "$v_cpu" "$p_cpu")
	row "1,000 plans, wall" "$(ms "$p_ms")" "$(ms "$v_ms")" "$r" "$(mb "$v_rss") MB" "$v_status"
	row "1,000 plans, wall, -j 1" "$(ms "$p_ms")" "$(ms "$j1_ms")" "$r_j1" "$(mb "$j1_rss") MB" "$j1_status"
	row "1,000 plans, CPU time" "$(ms "$p_cpu")" "$(ms "$v_cpu")" "$r_cpu" - -

	check_status "1,000 plans" "$p_status" "$v_status"
	# The findings must not depend on the number of threads.
	broken_j1=$broken
	if [ -z "$broken_j1" ] && [ "$j1_status" != "$v_status" ]; then
		broken_j1="exit $j1_status, $v_status by default"
	fi
	verdict "1,000 plans: validate/parse ratio" "$r" "<= $max_ratio" \
		"$(holds "$r" '<=' "$max_ratio" && echo 1 || echo 0)" "$broken"
	verdict "1,000 plans: validate time" "$(ms "$v_ms")" "< $max_corpus_ms ms" \
		"$(holds "$v_ms" '<' "$max_corpus_ms" && echo 1 || echo 0)" "$broken"
	info "1,000 plans: validate/parse ratio, -j 1" "$r_j1" "$broken_j1"
	info "1,000 plans: validate/parse CPU ratio" "$r_cpu" "$broken"
}

bench_single () {
	local file=$corpus/plans/plan-0001.yaml p_ms p_status v_ms v_rss v_status r broken

	measure "$single_runs" "$bench/yamlparse" "$file"
	p_ms=$m_ms p_status=$m_status
	measure "$single_runs" "$crisis" plan validate -q "$file"
	v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
	r=$(ratio "$v_ms" "$p_ms")
	row "one plan, x$single_runs" "$(ms "$p_ms")" "$(ms "$v_ms")" "$r" "$(mb "$v_rss") MB" "$v_status"

	check_status "one plan" "$p_status" "$v_status"
	verdict "one plan: validate/parse ratio" "$r" "<= $max_ratio" \
		"$(holds "$r" '<=' "$max_ratio" && echo 1 || echo 0)" "$broken"
}

bench_big () {
	local file=$corpus/big.yaml p_ms p_status v_ms v_rss v_status r broken

	measure "$runs" "$bench/yamlparse" "$file"
	p_ms=$m_ms p_status=$m_status
	measure "$runs" "$crisis" plan validate -q "$file"
	v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
	r=$(ratio "$v_ms" "$p_ms")
	row "10,000-contact plan" "$(ms "$p_ms")" "$(ms "$v_ms")" "$r" "$(mb "$v_rss") MB" "$v_status"

	check_status "10,000-contact plan" "$p_status" "$v_status"
	info "10,000-contact plan: validate/parse" "$r"
	verdict "10,000-contact plan: validate peak RSS" "$(mb "$v_rss") MB" \
		"< $max_big_rss_mb MB" \
		"$(holds "$v_rss" '<' $((max_big_rss_mb * 1024)) && echo 1 || echo 0)" "$broken"
}

bench_laughs () {
	local file=$corpus/laughs.yaml p_ms v_ms v_rss v_status broken='' rejected=0

	measure "$runs" "$bench/yamlparse" "$file"
	p_ms=$m_ms
	measure "$runs" "$crisis" plan validate "$file"
	v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
	row "billion laughs" "$(ms "$p_ms")" "$(ms "$v_ms")" - "$(mb "$v_rss") MB" "$v_status"

	# 1 (a finding) or 3 (fatal) reject the file; 0 accepts it; anything
	# else is a usage error or a crash.
	case $v_status in
	0)	;;
	1|3)	rejected=1 ;;
	*)	broken="exit $v_status" ;;
	esac
	verdict "billion laughs: rejected" "exit $v_status" "non-zero" "$rejected" "$broken"
	verdict "billion laughs: validate time" "$(ms "$v_ms")" "< $max_laughs_ms ms" \
		"$(holds "$v_ms" '<' "$max_laughs_ms" && echo 1 || echo 0)" "$broken"
}

# ---------------------------------------------------------------------------

machine () {
	local model

	model=$(awk -F': *' '/^(model name|Model|Hardware)/ { print $2; exit }' \
		/proc/cpuinfo 2>/dev/null || true)
	echo "machine: $(nproc) cpus, ${model:-$(uname -m)}, linux $(uname -r)"
}

header () {
	local version lines cpus

	version=$("$crisis" --version </dev/null 2>/dev/null || true)
	lines=$(cat "$corpus"/plans/*.yaml | wc -l)
	# What validate runs by default: sysconf(_SC_NPROCESSORS_ONLN) threads.
	cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)
	echo "crisis benchmarks"
	machine
	echo "crisis:  $crisis${version:+ (${version%%$'\n'*})}"
	echo "corpus:  $corpus: 1,000 plans ($((lines / 1000)) lines on average),"
	echo "         big.yaml (10,000 contacts, 2,000 activities, $(wc -l <"$corpus/big.yaml") lines)," \
		"laughs.yaml ($(wc -c <"$corpus/laughs.yaml") bytes)"
	echo "times:   medians of $runs runs ($single_runs for the single plan); RSS: peak of validate"
	echo "         wall clock, validate with its default $cpus threads (one per processor) unless -j 1;"
	echo "         CPU time: user + system, summed over threads; yamlparse is single-threaded"
	echo
}

main () {
	local line

	check_tools
	gen_corpora
	header

	row case yamlparse validate ratio "validate RSS" exit
	bench_corpus
	bench_single
	bench_big
	bench_laughs

	echo
	printf '%-40s %12s %12s   %s\n' figure measured target result
	for line in "${targets[@]}"; do
		echo "$line"
	done
	if [ ${#notes[@]} -gt 0 ]; then
		echo
		for line in "${notes[@]}"; do
			echo "note: $line"
		done
	fi
	echo
	echo "$npass passed, $nmiss missed, $nerror errors"

	[ "$nerror" -eq 0 ] || exit 1
	[ "$strict" != 1 ] || [ "$nmiss" -eq 0 ] || exit 1
}

main
