#!/bin/sh
# fuzz.sh DIR TARGET...: run each libFuzzer target (DIR/fuzz_TARGET) for
# FUZZ_SECONDS from its seeds (tests/fuzz/seeds/TARGET), the inputs of
# bugs found before (tests/fuzz/regress) and the corpus it grew in earlier
# runs (DIR/corpus-TARGET); crashes are left in DIR. Then replay each
# corpus in the coverage build (DIR/cover_TARGET) and print, for the files
# the target names on its "Aims at:" line, the share of their lines and
# regions run: coverage counts what was reached, where libFuzzer's cov:
# counts edges of the whole program.
dir=$1
shift
: "${FUZZ_SECONDS:=60}"
: "${LLVM_PROFDATA:=llvm-profdata-14}"
: "${LLVM_COV:=llvm-cov-14}"
status=0
mkdir -p "$dir/cov"
# libgit2 1.5 leaks the match data of a ":/message" revision's regex:
# not ours to fix, and not a finding of the targets.
LSAN_OPTIONS=suppressions=$(pwd)/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS
table=$dir/coverage.txt

# The inputs a target starts from: its own, and for the plan pipeline and
# the import the corpora the tests already keep.
inputs() {
	printf '%s\n' "$dir/corpus-$1" "tests/fuzz/seeds/$1" tests/fuzz/regress
	case $1 in
	validate) printf '%s\n' tests/bad/plan tests/bad/drill tests/bad/debrief plans/examples \
		tests/yaml-test-suite tests/cli/fixtures/contacts ;;
	import) printf '%s\n' tests/cli/fixtures/contacts ;;
	esac
}

for t in "$@"; do
	mkdir -p "$dir/corpus-$t"
	echo "fuzz_$t: $FUZZ_SECONDS s"
	# shellcheck disable=SC2046 # one argument per folder
	"$dir/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 \
		-artifact_prefix="$dir/" $(inputs "$t") >"$dir/$t.log" 2>&1
	rc=$?
	tail -n 2 "$dir/$t.log"
	if [ $rc -ne 0 ]; then
		echo "fuzz_$t: found a bug (exit $rc): see $dir/$t.log and $dir/crash-*" >&2
		status=1
	fi
done

printf '%-12s %9s  %-28s %7s %8s\n' target runs "file aimed at" lines regions >"$table"
for t in "$@"; do
	rm -f "$dir/cov/$t"-*.profraw
	# shellcheck disable=SC2046
	find $(inputs "$t") -type f 2>/dev/null |
		LLVM_PROFILE_FILE="$(pwd)/$dir/cov/$t-%p.profraw" xargs "$dir/cover_$t" >/dev/null 2>&1
	"$LLVM_PROFDATA" merge -o "$dir/cov/$t.profdata" "$dir/cov/$t"-*.profraw || status=1
	files=$(sed -n 's/^ \* Aims at: //p' "tests/fuzz/fuzz_$t.c")
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$dir/$t.log")
	label=$t
	runs=${runs:-crashed}
	# One file a report: with several, llvm-cov shortens their names.
	for f in $files; do
		"$LLVM_COV" report "$dir/cover_$t" -instr-profile="$dir/cov/$t.profdata" "$f" |
			awk -v t="$label" -v runs="$runs" -v f="$f" '$1 == "TOTAL" {
				printf "%-12s %9s  %-28s %7s %8s\n", t, runs, f, $10, $4
			}' >>"$table"
		label= runs=
	done
done
echo
cat "$table"
exit $status
