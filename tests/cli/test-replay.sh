#!/bin/sh
# The fuzz targets replayed on their seeds: the bad-input corpus, the
# examples, the contacts fixtures, the inputs of bugs fuzzing found
# (tests/fuzz/regress), and the crashes `make fuzz` left behind.
# A target aborts when it finds a bug (an import that makes an invalid
# contacts.yaml, say); a crash or a sanitizer report fails the test.
. "$(dirname "$0")/lib.sh"
: "${O:?O must name the build folder}"

seeds() {
	for f in tests/bad/*/* plans/examples/* tests/cli/fixtures/contacts/* tests/fuzz/regress/* \
		build/fuzz/crash-* build/fuzz/corpus/* build/fuzz/corpus-import/*; do
		[ -f "$f" ] && printf '%s\n' "$f"
	done
}
seeds >"$TMP/seeds"
for t in validate import; do
	bin=$O/tests/replay_$t
	if [ ! -x "$bin" ]; then
		fail "replay $t: $bin is built" "run make check"
		continue
	fi
	run xargs "$bin" <"$TMP/seeds"
	expect_code "replay $t: every seed, no crash and no sanitizer report" 0
	expect_out "replay $t: the seeds were read" "^[1-9][0-9]* inputs replayed$"
done
finish
