#!/bin/sh
# The fuzz targets replayed on their seeds (tests/fuzz/seeds/NAME), the
# inputs of bugs fuzzing found (tests/fuzz/regress), and what `make fuzz`
# left behind: its corpus and its crashes. The plan pipeline and the
# import also take the bad-input corpus, the examples and the contacts
# fixtures. A target aborts when it finds a bug (an import that makes an
# invalid contacts.yaml, say); a crash or a sanitizer report fails the test.
. "$(dirname "$0")/lib.sh"
: "${O:?O must name the build folder}"
# Under the sanitizers: what libgit2 leaks is not a finding (tests/fuzz/lsan.supp).
LSAN_OPTIONS=suppressions=$(pwd)/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS

seeds() {
	case $1 in
	validate|import) set -- "$1" tests/bad/*/* plans/examples/* tests/cli/fixtures/contacts/* ;;
	esac
	for f in "$@" tests/fuzz/seeds/"$1"/* tests/fuzz/regress/* build/fuzz/crash-* \
		build/fuzz/corpus-"$1"/*; do
		[ -f "$f" ] && printf '%s\n' "$f"
	done
}
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_}
	t=${t%.c}
	bin=$O/tests/replay_$t
	if [ ! -x "$bin" ]; then
		fail "replay $t: $bin is built" "run make check"
		continue
	fi
	seeds "$t" >"$TMP/seeds"
	run xargs "$bin" <"$TMP/seeds"
	expect_code "replay $t: every seed, no crash and no sanitizer report" 0
	expect_out "replay $t: the seeds were read" "^[1-9][0-9]* inputs replayed$"
done
finish
