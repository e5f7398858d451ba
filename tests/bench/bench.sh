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
#   a 200,000-contact plan       its time against the 10,000-contact plan's: <= 40 (linear
#                                is 20)
#   billion laughs               crisis plan validate laughs.yaml exits non-zero
#                                in < 100 ms
#   plan log, 10,000 commits     crisis -C REPO plan log PLAN vs
#                                git -C REPO log --format=%H -- PLAN: ratio <= 1.5;
#                                both must list the same number of commits
#   drill journal, 10,000 events crisis drill run --script (10,000 timed notes) vs
#                                journalfloor (a bare SQLite loop, WAL, synchronous=FULL,
#                                one transaction a row, the same rows): ratio <= 1.5
#   drill console, idle          the CPU time of a console left 60 s in a tmux pane
#                                (BENCH_IDLE_SECONDS): < 1 % of the wall time
#   drill clock                  commands on standard input: a pause of 1 s moves the
#                                clock by 0 ms; two notes 250 ms apart are 250 ms apart
#   contacts import              crisis contacts import of 100,000 CSV rows against 10,000:
#                                time grows <= 20 times (linear is 10)
#   debrief reindex, 10,000 files crisis reindex of 10,000 generated debriefs (10 lessons and
#                                5 actions each) vs yamlparse of the same files (the time to
#                                merely parse them): < 10 s
#   debrief search, 100,000 lessons
#                                crisis debrief search --limit 20 WORDS, the index fresh, vs
#                                searchfloor (a bare FTS5 query of the same index, ranked,
#                                highlighted, LIMIT 20) for each of 5 queries: < 50 ms and
#                                <= 2x the floor, for the slowest query
#   1,000 plans, JSON Schema     ajv-cli (with ajv-formats) validating the same 1,000
#                                plans, exported to JSON beforehand with crisis plan
#                                export, against schemas/crisis-plan.schema.json, vs
#                                crisis plan validate -q of the YAML: ajv's time >= 5
#                                times crisis's (wall clock; CPU times for
#                                information). ajv-cli is installed from npm into
#                                BENCH_AJV_DIR (default build/ajv) when missing; without
#                                npm the figure is skipped, and the output says so
#
# The history is a git repository made with git fast-import from the stream
# of "gen history" (a workspace of 4 plans; most commits change one line of
# one plan, some touch other files, one renames a plan as git mv does), then
# checked out and gc'd (packed, with a commit-graph, as git gc leaves a
# repository that has lived). PLAN is the first plan, which is not renamed.
# git and crisis (libgit2) run with HOME a temporary folder holding only
# user.name and user.email, XDG_CONFIG_HOME under it, GIT_CONFIG_NOSYSTEM=1
# and no other GIT_* variable, so that no configuration of this machine's
# users applies. libgit2 1.5 does not honour GIT_CONFIG_NOSYSTEM: crisis still
# reads /etc/gitconfig, which the output notes when it exists.
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
max_huge_growth=40	# 20 times the contacts: linear is 20, quadratic 400
max_import_growth=20	# 10 times the rows: linear is 10, quadratic 100
max_laughs_ms=100
max_log_ratio=1.5
max_journal_ratio=1.5
max_idle_cpu_pct=1
idle_seconds=${BENCH_IDLE_SECONDS:-60}
drill_events=10000
debrief_files=10000
debrief_lessons=10
max_reindex_ms=10000
max_search_ms=50
max_search_ratio=2.0
min_ajv_ratio=5	# ajv-cli's time over crisis's, the same 1,000 plans
ajv_dir=${BENCH_AJV_DIR:-build/ajv}
search_queries=("astreinte" "cellule crise" "équipe nuit" "vigilis" "sauvegarde hors ligne")

history_commits=10000

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
history=$corpus/history-$history_commits
history_plan=		# the plan whose log is measured, relative to $history
history_gen_s=		# how long generating the history took, when it was made now
scratch=		# a temporary folder: HOME, and the outputs of the logs

cleanup () {
	[ -z "$scratch" ] || rm -rf "$scratch"
}
trap cleanup EXIT

# git and libgit2 read no configuration of this machine's users: HOME is a
# temporary folder with only user.name and user.email, no GIT_* variable
# (GIT_DIR, GIT_CONFIG_GLOBAL, GIT_TRACE...) comes from the caller, and
# GIT_CONFIG_NOSYSTEM=1 keeps git from /etc/gitconfig.
isolate_git () {
	local name

	scratch=$(mktemp -d "${TMPDIR:-/tmp}/crisis-bench.XXXXXX") ||
		die "cannot create a temporary folder"
	mkdir "$scratch/home"
	printf '[user]\n\tname = crisis bench\n\temail = bench@example.com\n' \
		>"$scratch/home/.gitconfig"
	for name in $(compgen -e); do
		case $name in
		GIT_*)	unset "$name" ;;
		esac
	done
	export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config GIT_CONFIG_NOSYSTEM=1
}

check_tools () {
	local tool

	for tool in gen yamlparse measure journalfloor searchfloor; do
		[ -x "$bench/$tool" ] ||
			die "missing $bench/$tool (the Makefile builds it)"
	done
	command -v git >/dev/null || die "cannot find git in PATH"
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

now_ns () {
	date +%s%N
}

# The history: a new repository, filled by git fast-import from gen's stream,
# checked out (a workspace has a working tree) and gc'd.
gen_history () {
	local tmp=$history.tmp start

	if ! fresh "$history/README.md"; then
		echo "generating a history of $(group "$history_commits") commits in $history ..." >&2
		start=$(now_ns)
		rm -rf "$tmp"
		git init -q -b main "$tmp" || die "cannot create a repository in $tmp"
		"$bench/gen" history "$history_commits" |
			git -C "$tmp" fast-import --quiet --done ||
			die "cannot generate the history in $tmp"
		git -C "$tmp" reset -q --hard || die "cannot check out the history in $tmp"
		git -C "$tmp" gc -q || die "cannot gc the history in $tmp"
		rm -rf "$history"
		mv "$tmp" "$history"
		history_gen_s=$(calc '%.1f' "($(now_ns) - $start) / 1e9")
		echo "generated the history in $history_gen_s s" >&2
	fi
	# The first plan of gen history (numbered 0001), the one never renamed.
	history_plan=$(cd "$history" && echo plans/*-0001.yaml)
	[ -f "$history/$history_plan" ] ||
		die "no plans/*-0001.yaml in $history (remove it to generate it again)"
}

gen_corpora () {
	mkdir -p "$corpus"
	gen_plans
	gen_file big.yaml big 10000 2000
	gen_file huge.yaml big 200000 2000
	gen_file laughs.yaml laughs
	gen_history
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
	targets+=("$(printf '%-42s %11s %11s   %s' "$name" "$measured" "$target" "$result")")
}

# info NAME MEASURED [BROKEN]: a figure with no target.
info () {
	local result=info

	if [ -n "${3:-}" ]; then
		result="ERROR ($3)"
		nerror=$((nerror + 1))
	fi
	targets+=("$(printf '%-42s %11s %11s   %s' "$1" "$2" - "$result")")
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
	corpus_ms=$v_ms corpus_cpu=$v_cpu
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
	big_ms=$v_ms
}

# The same plan with 20 times the contacts: time grows with the plan, not
# with its square (a list's items past 65,535 were once counted, one by one).
bench_huge () {
	local file=$corpus/huge.yaml p_ms v_ms v_rss v_status r growth

	measure 1 "$bench/yamlparse" "$file"
	p_ms=$m_ms
	measure 1 "$crisis" plan validate -q "$file"
	v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
	r=$(ratio "$v_ms" "$p_ms")
	row "200,000-contact plan" "$(ms "$p_ms")" "$(ms "$v_ms")" "$r" "$(mb "$v_rss") MB" "$v_status"
	growth=$(ratio "$v_ms" "$big_ms")
	info "200,000-contact plan: validate/parse" "$r"
	verdict "200,000 contacts / 10,000 contacts time" "$growth" "<= $max_huge_growth" \
		"$(holds "$growth" '<=' "$max_huge_growth" && echo 1 || echo 0)" \
		"$([ "$v_status" -le 1 ] || echo "exit $v_status")"
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

# The log of one plan over the history: git log (which lists the commits) and
# crisis plan log (which also reads and compares the plan's two versions at
# each of them). Both are run once more to count the commits they list: the
# lines of git's output, and the lines of crisis's that start with a commit id.
bench_history () {
	local plan=$history_plan g_ms g_status c_ms c_rss c_status r broken='' g_n c_n

	measure "$runs" git -C "$history" log --format=%H -- "$plan"
	g_ms=$m_ms g_status=$m_status
	# Cold: the workspace's index (.crisis/index.db) is empty, so every
	# change is read and compared; warm: the index knows each commit's change.
	rm -rf "$history/.crisis"
	measure 1 "$crisis" -C "$history" plan log "$plan"
	local cold_ms=$m_ms cold_r
	cold_r=$(ratio "$cold_ms" "$g_ms")
	measure "$runs" "$crisis" -C "$history" plan log "$plan"
	c_ms=$m_ms c_rss=$m_rss_kb c_status=$m_status
	r=$(ratio "$c_ms" "$g_ms")

	git -C "$history" log --format=%H -- "$plan" >"$scratch/git.log" </dev/null ||
		g_status=$?
	"$crisis" -C "$history" plan log "$plan" >"$scratch/crisis.log" </dev/null ||
		c_status=$?
	g_n=$(wc -l <"$scratch/git.log")
	c_n=$(grep -cE '^[0-9a-f]{7}( |$)' "$scratch/crisis.log" || true)

	echo
	row case "git log" "plan log" ratio "plan log RSS" exit
	row "plan log, cold index" "$(ms "$g_ms")" "$(ms "$cold_ms")" "$cold_r" - -
	row "plan log, $(group "$history_commits") commits" "$(ms "$g_ms")" "$(ms "$c_ms")" "$r" \
		"$(mb "$c_rss") MB" "$c_status"
	row "  commits listed" "$g_n" "$c_n" - - -

	if [ "$g_status" != 0 ]; then
		broken="git exit $g_status"
	elif [ "$c_status" != 0 ]; then
		broken="exit $c_status"
	fi
	info "plan log, cold index: crisis/git ratio" "$cold_r"
	verdict "plan log, $(group "$history_commits") commits: crisis/git ratio" "$r" \
		"<= $max_log_ratio" "$(holds "$r" '<=' "$max_log_ratio" && echo 1 || echo 0)" \
		"$broken"
	if [ -z "$broken" ] && [ "$g_n" != "$c_n" ]; then
		broken=mismatch
		notes+=("plan log: git log lists $g_n commits of $plan, crisis plan log $c_n")
	fi
	verdict "plan log: commits listed, git/crisis" "$g_n/$c_n" equal 1 "$broken"
}

# ---------------------------------------------------------------------------
# The drill: recording through the journal, the idle console, the clock.

# A workspace with the example fire plan and its drill, committed.
drill_workspace () {
	local ws=$scratch/drill-ws here

	here=$(pwd)
	rm -rf "$ws"
	"$crisis" init "$ws" >/dev/null || die "cannot make a workspace in $ws"
	cp "$here/plans/examples/site-incendie-inondation-greve.yaml" "$ws/plans/" &&
		cp "$here/plans/examples/exercice-incendie-siege.yaml" "$ws/drills/" ||
		die "cannot copy the example drill (run make bench from the repository)"
	"$crisis" -C "$ws" plan commit >/dev/null || die "cannot commit the example plan"
	drill_ws=$ws
}

# N notes one second apart on the drill's clock, without an end: the run
# stays in the journal, so only recording is measured.
drill_script () {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "+%02d:%02d:%02d note n%d\n", i / 3600, i % 3600 / 60, i % 60, i }'
}

bench_journal () {
	local f_ms f_status c_ms c_status r broken='' i

	drill_workspace
	drill_script "$drill_events" >"$scratch/notes.script"
	# Each run starts from an empty journal, as the floor does.
	f_ms=0 c_ms=0
	for i in 1 2 3; do
		rm -f "$scratch/floor.db" "$scratch/floor.db-wal" "$scratch/floor.db-shm"
		measure 1 "$bench/journalfloor" "$scratch/floor.db" "$drill_events"
		f_status=$m_status
		holds "$f_ms" '>' 0 && ! holds "$m_ms" '<' "$f_ms" || f_ms=$m_ms
		rm -rf "$drill_ws/.crisis"
		measure 1 "$crisis" -C "$drill_ws" drill run --no-commit --script "$scratch/notes.script" \
			exercice-incendie-siege
		c_status=$m_status
		holds "$c_ms" '>' 0 && ! holds "$m_ms" '<' "$c_ms" || c_ms=$m_ms
	done
	r=$(ratio "$c_ms" "$f_ms")
	echo
	row case floor "drill run" ratio - exit
	row "journal, $(group "$drill_events") events" "$(ms "$f_ms")" "$(ms "$c_ms")" "$r" - "$c_status"
	if [ "$f_status" != 0 ]; then
		broken="journalfloor exit $f_status"
	elif [ "$c_status" != 0 ]; then
		broken="exit $c_status"
	fi
	verdict "drill journal: crisis/floor ratio" "$r" "<= $max_journal_ratio" \
		"$(holds "$r" '<=' "$max_journal_ratio" && echo 1 || echo 0)" "$broken"
}

# CPU ticks (user + system) of a process.
cpu_ticks () {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null
}

bench_idle () {
	local sock=crisis-bench-$$ pid t0 t1 hz pct broken=''

	if ! command -v tmux >/dev/null; then
		info "drill console idle: CPU % of wall" - "no tmux"
		return
	fi
	rm -rf "$drill_ws/.crisis"
	tmux -L "$sock" new-session -d -x 80 -y 24 \
		"$crisis -C $drill_ws drill run --no-commit exercice-incendie-siege" ||
		die "cannot start tmux"
	sleep 2
	pid=$(pgrep -n -f "drill run --no-commit exercice-incendie-siege" || true)
	if [ -z "$pid" ]; then
		broken="no console"
	else
		hz=$(getconf CLK_TCK)
		t0=$(cpu_ticks "$pid")
		sleep "$idle_seconds"
		t1=$(cpu_ticks "$pid")
		pct=$(calc '%.2f' "($t1 - $t0) * 100 / $hz / $idle_seconds")
	fi
	tmux -L "$sock" kill-server 2>/dev/null || true
	echo
	row "console idle, ${idle_seconds} s" - "${pct:-?} % CPU" - - -
	verdict "drill console idle: CPU % of wall" "${pct:-?}" "< $max_idle_cpu_pct" \
		"$(holds "${pct:-100}" '<' "$max_idle_cpu_pct" && echo 1 || echo 0)" "$broken"
}

# The offsets (ms) of the record's events, one "TYPE TEXT MS" a line.
record_offsets () {
	awk '
	function ms(d,   h, m, s) {
		sub(/^PT/, "", d)
		if (match(d, /[0-9]+H/)) { h = substr(d, RSTART, RLENGTH - 1); d = substr(d, RSTART + RLENGTH) }
		if (match(d, /[0-9]+M/)) { m = substr(d, RSTART, RLENGTH - 1); d = substr(d, RSTART + RLENGTH) }
		if (match(d, /[0-9.]+S/)) s = substr(d, RSTART, RLENGTH - 1)
		return int(((h * 60 + m) * 60 + s) * 1000 + 0.5)
	}
	/^  - at: / { if (at != "") print type, text, at; at = ms($3); type = ""; text = "-" }
	/^    type: / { type = $2 }
	/^    text: / { text = $2 }
	/^[a-z]/ && at != "" { print type, text, at; at = "" }
	END { if (at != "") print type, text, at }' "$1"
}

bench_clock () {
	local ws=$drill_ws rec gap stop broken=''

	rm -rf "$ws/.crisis" "$ws/drills/runs"
	# The first note once crisis is up and reading; the second 250 ms after it.
	{ sleep 0.5; echo "note a"; sleep 0.25; echo "note b"; echo pause; sleep 1; echo resume
	  echo "note c"; echo end; } |
		"$crisis" -C "$ws" drill run --no-commit exercice-incendie-siege >/dev/null 2>&1 ||
		broken="exit $?"
	rec=$(ls "$ws"/drills/runs/*.yaml 2>/dev/null | head -n 1)
	[ -n "$rec" ] || broken=${broken:-"no record"}
	if [ -z "$broken" ]; then
		record_offsets "$rec" >"$scratch/offsets"
		gap=$(awk '$1 == "note" && $2 == "a" { a = $3 } $1 == "note" && $2 == "b" { print $3 - a }' \
			"$scratch/offsets")
		stop=$(awk '$1 == "pause" { p = $3 } $1 == "resume" { print $3 - p }' "$scratch/offsets")
	fi
	echo
	row "clock: notes 250 ms apart" - "${gap:-?} ms" - - -
	row "clock: paused for 1 s" - "${stop:-?} ms" - - -
	verdict "drill clock: 250 ms between two notes" "${gap:-?} ms" "250-299 ms" \
		"$(holds "${gap:-0}" '>=' 250 && holds "${gap:-0}" '<' 300 && echo 1 || echo 0)" "$broken"
	verdict "drill clock: moved while paused 1 s" "${stop:-?} ms" "0 ms" \
		"$([ "${stop:-x}" = 0 ] && echo 1 || echo 0)" "$broken"
	rm -rf "$ws/drills/runs"
}

# ---------------------------------------------------------------------------

# " 1.5.1": the version of libgit2 crisis was built with, as pkg-config knows it.
libgit2_version () {
	local v

	v=$(pkg-config --modversion libgit2 2>/dev/null) && echo " $v"
	return 0
}

# 10000 -> 10,000
group () {
	printf '%s' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'
}

machine () {
	local model

	model=$(awk -F': *' '/^(model name|Model|Hardware)/ { print $2; exit }' \
		/proc/cpuinfo 2>/dev/null || true)
	echo "machine: $(nproc) cpus, ${model:-$(uname -m)}, linux $(uname -r)"
}

# ---------------------------------------------------------------------------
# Debriefs: the search index, made again and searched.

# A workspace with the example fire plan and $debrief_files generated debriefs.
debrief_workspace () {
	local ws=$scratch/debrief-ws here

	here=$(pwd)
	rm -rf "$ws"
	"$crisis" init "$ws" >/dev/null || die "cannot make a workspace in $ws"
	cp "$here/plans/examples/site-incendie-inondation-greve.yaml" "$ws/plans/" ||
		die "cannot copy the example plan (run make bench from the repository)"
	"$bench/gen" debriefs "$debrief_files" "$debrief_lessons" "$ws/debriefs" ||
		die "cannot generate the debriefs"
	debrief_ws=$ws
}

bench_reindex () {
	local p_ms p_status c_ms c_status broken=''

	debrief_workspace
	measure 3 "$bench/yamlparse" "$debrief_ws/debriefs"
	p_ms=$m_ms p_status=$m_status
	measure 3 "$crisis" -C "$debrief_ws" reindex
	c_ms=$m_ms c_status=$m_status
	echo
	row case yamlparse reindex ratio "reindex RSS" exit
	row "reindex, $(group "$debrief_files") files" "$(ms "$p_ms")" "$(ms "$c_ms")" \
		"$(ratio "$c_ms" "$p_ms")" "$(mb "$m_rss_kb") MB" "$c_status"
	if [ "$p_status" != 0 ]; then
		broken="yamlparse exit $p_status"
	elif [ "$c_status" != 0 ]; then
		broken="exit $c_status"
	fi
	verdict "debrief reindex, $(group "$debrief_files") files" "$(ms "$c_ms")" "< $max_reindex_ms ms" \
		"$(holds "$c_ms" '<' "$max_reindex_ms" && echo 1 || echo 0)" "$broken"
}

bench_search () {
	local q f_ms c_ms r worst_ms=0 worst_r=0 broken='' lessons

	lessons=$((debrief_files * debrief_lessons))
	# The index as a search finds it: made, and nothing moved since.
	"$crisis" -C "$debrief_ws" reindex >/dev/null || die "cannot index $debrief_ws"
	echo
	row "search, $(group "$lessons") lessons" searchfloor search ratio - exit
	for q in "${search_queries[@]}"; do
		measure "$runs" "$bench/searchfloor" "$debrief_ws/.crisis/index.db" "$q"
		f_ms=$m_ms
		[ "$m_status" = 0 ] || broken="searchfloor exit $m_status"
		# shellcheck disable=SC2086 # the words of the query, as a user types them
		measure "$runs" "$crisis" -C "$debrief_ws" debrief search --limit 20 $q
		c_ms=$m_ms
		[ "$m_status" = 0 ] || broken="search '$q' exit $m_status"
		r=$(ratio "$c_ms" "$f_ms")
		row "  $q" "$(ms "$f_ms")" "$(ms "$c_ms")" "$r" - "$m_status"
		holds "$c_ms" '>' "$worst_ms" && worst_ms=$c_ms
		holds "$r" '>' "$worst_r" && worst_r=$r
	done
	verdict "debrief search: slowest query" "$(ms "$worst_ms")" "< $max_search_ms ms" \
		"$(holds "$worst_ms" '<' "$max_search_ms" && echo 1 || echo 0)" "$broken"
	verdict "debrief search: crisis/floor ratio" "$worst_r" "<= $max_search_ratio" \
		"$(holds "$worst_r" '<=' "$max_search_ratio" && echo 1 || echo 0)" "$broken"
}

# ---------------------------------------------------------------------------
# Contacts imported from a spreadsheet: 10,000 rows, then 100,000; time grows
# with the rows, not with their square.

csv_rows () {
	awk -v n="$1" 'BEGIN { print "Name,Phone,Email"
		for (i = 0; i < n; i++)
			printf "Personne %d Nom,+33 6 %02d %02d %02d %02d,p%d@example.fr\n", i,
				int(i / 1000000) % 100, int(i / 10000) % 100, int(i / 100) % 100, i % 100, i }'
}

bench_import () {
	local ws=$scratch/import-ws small_ms big_ms growth broken=''

	csv_rows 10000 >"$scratch/10k.csv"
	csv_rows 100000 >"$scratch/100k.csv"
	rm -rf "$ws" && "$crisis" init "$ws" >/dev/null || die "cannot make a workspace in $ws"
	measure 1 "$crisis" -C "$ws" contacts import "$scratch/10k.csv"
	small_ms=$m_ms
	[ "$m_status" = 0 ] || broken="exit $m_status"
	rm -f "$ws/contacts.yaml"
	measure 1 "$crisis" -C "$ws" contacts import "$scratch/100k.csv"
	big_ms=$m_ms
	[ "$m_status" = 0 ] || broken="exit $m_status"
	growth=$(ratio "$big_ms" "$small_ms")
	echo
	row case "10,000 rows" "100,000 rows" growth - exit
	row "contacts import, CSV" "$(ms "$small_ms")" "$(ms "$big_ms")" "$growth" - "$m_status"
	verdict "contacts import: 100,000 / 10,000 rows time" "$growth" "<= $max_import_growth" \
		"$(holds "$growth" '<=' "$max_import_growth" && echo 1 || echo 0)" "$broken"
}

# The crisis binder as HTML: the largest example plan (the size of a real
# plan), then the 10,000-contact plan, for a row as the other cases print it.
bench_render () {
	local file largest='' size max=0 v_ms v_rss v_status broken

	for file in plans/examples/*.yaml; do
		grep -q '^kind: *p[cr]a' "$file" || continue
		size=$(wc -c <"$file")
		[ "$size" -le "$max" ] || { max=$size; largest=$file; }
	done
	echo
	row case - render - "render RSS" exit
	if [ -z "$largest" ]; then
		info "render: largest example plan to HTML" - "no example plan"
	else
		measure "$runs" "$crisis" plan render -f html "$largest"
		v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
		row "largest example, HTML" - "$(ms "$v_ms")" - "$(mb "$v_rss") MB" "$v_status"
		info "render: $(basename "$largest" .yaml)" "$(ms "$v_ms")" \
			"$([ "$v_status" = 0 ] || echo "exit $v_status")"
	fi
	measure 3 "$crisis" plan render -f html "$corpus/big.yaml"
	v_ms=$m_ms v_rss=$m_rss_kb v_status=$m_status
	row "10,000 contacts, HTML" - "$(ms "$v_ms")" - "$(mb "$v_rss") MB" "$v_status"
	broken=
	[ "$v_status" = 0 ] || broken="exit $v_status"
	info "render: 10,000-contact plan, HTML" "$(ms "$v_ms")" "$broken"
}

# ajv-cli, from npm into $ajv_dir when it is not there yet; its path in ajv,
# or nothing (and a note saying why) when it cannot be had.
find_ajv () {
	ajv=$ajv_dir/node_modules/.bin/ajv
	[ -x "$ajv" ] && [ -d "$ajv_dir/node_modules/ajv-formats" ] && return 0
	ajv=
	if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
		notes+=("1,000 plans, JSON Schema: skipped: no npm and node to install ajv-cli (apt-get install npm)")
		return 0
	fi
	echo "installing ajv-cli and ajv-formats into $ajv_dir ..." >&2
	mkdir -p "$ajv_dir"
	if ! npm install --prefix "$ajv_dir" --no-audit --no-fund --loglevel=error \
		ajv-cli ajv-formats >&2; then
		notes+=("1,000 plans, JSON Schema: skipped: npm install ajv-cli ajv-formats failed")
		return 0
	fi
	ajv=$ajv_dir/node_modules/.bin/ajv
}

# The 1,000 plans as JSON, for ajv, made from the YAML by crisis plan export
# when missing or older than the plans; fails when a plan cannot be exported.
gen_plans_json () {
	local f name

	fresh "$corpus/plans-json/plan-1000.json" &&
		[ "$corpus/plans-json/plan-1000.json" -nt "$corpus/plans/plan-1000.yaml" ] &&
		return 0
	echo "exporting the 1,000 plans to JSON in $corpus/plans-json ..." >&2
	rm -rf "$corpus/plans-json.tmp"
	mkdir -p "$corpus/plans-json.tmp"
	for f in "$corpus"/plans/*.yaml; do
		name=$(basename "$f" .yaml)
		"$crisis" plan export --format json -o "$corpus/plans-json.tmp/$name.json" "$f" \
			</dev/null >/dev/null 2>&1 || return 1
	done
	rm -rf "$corpus/plans-json"
	mv "$corpus/plans-json.tmp" "$corpus/plans-json"
}

# ajv-cli and the plans as JSON, before the figures: ajv_broken says why
# there is no figure, when there cannot be one.
prepare_ajv () {
	ajv_broken=
	find_ajv
	if [ -z "$ajv" ]; then
		ajv_broken=skipped
	elif ! gen_plans_json; then
		ajv_broken="crisis plan export failed"
	fi
}

# ajv-cli validating the 1,000 plans as JSON against the plan's JSON Schema,
# against crisis plan validate of the same plans as YAML (bench_corpus): wall
# clock, and for information CPU time (ajv-cli runs on one thread, and node
# starts a few of its own).
bench_ajv () {
	local schema=schemas/crisis-plan.schema.json a_ms a_cpu a_status r r_cpu broken=

	case $ajv_broken in
	skipped) info "1,000 plans: ajv-cli/validate ratio" skipped; return 0 ;;
	?*) info "1,000 plans: ajv-cli/validate ratio" - "$ajv_broken"; return 0 ;;
	esac
	# One process for the 1,000 files, as validate is one; ajv-cli reads a glob.
	measure "$runs" "$ajv" validate --spec=draft7 -c ajv-formats --strict=false \
		-s "$schema" -d "$corpus/plans-json/*.json"
	a_ms=$m_ms a_cpu=$m_cpu_ms a_status=$m_status
	r=$(ratio "$a_ms" "$corpus_ms")
	r_cpu=$(ratio "$a_cpu" "$corpus_cpu")
	row "1,000 plans, ajv-cli" "$(ms "$a_ms")" "$(ms "$corpus_ms")" "$r" - "$a_status"
	row "1,000 plans, ajv CPU" "$(ms "$a_cpu")" "$(ms "$corpus_cpu")" "$r_cpu" - -
	[ "$a_status" = 0 ] || broken="ajv-cli exit $a_status: a plan its schema refuses?"
	verdict "1,000 plans: ajv-cli/validate ratio" "$r" ">= $min_ajv_ratio" \
		"$(holds "$r" '>=' "$min_ajv_ratio" && echo 1 || echo 0)" "$broken"
	info "1,000 plans: ajv-cli/validate CPU ratio" "$r_cpu" "$broken"
}

header () {
	local version lines cpus made

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
	made=${history_gen_s:+, generated in $history_gen_s s}
	echo "history: $history: $(group "$history_commits") commits, 4 plans$made"
	echo "         plan log of $history_plan (never renamed)"
	echo "times:   medians of $runs runs ($single_runs for the single plan); RSS: peak of validate"
	echo "         wall clock, validate with its default $cpus threads (one per processor) unless -j 1;"
	echo "         CPU time: user + system, summed over threads; yamlparse is single-threaded"
	echo
}

main () {
	local line

	isolate_git
	check_tools
	gen_corpora
	prepare_ajv
	header

	row case yamlparse validate ratio "validate RSS" exit
	bench_corpus
	bench_ajv
	bench_single
	bench_big
	bench_huge
	bench_laughs
	bench_render
	bench_history
	bench_journal
	bench_clock
	bench_idle
	bench_reindex
	bench_search
	bench_import
	if [ -e /etc/gitconfig ]; then
		line="crisis (libgit2$(libgit2_version)) reads /etc/gitconfig:"
		notes+=("$line libgit2 ignores GIT_CONFIG_NOSYSTEM=1")
	fi

	echo
	printf '%-42s %11s %11s   %s\n' figure measured target result
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
