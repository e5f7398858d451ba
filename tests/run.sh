#!/bin/sh
# run.sh UNIT_BINARY...: every test, as TAP; ends with "N passed, N failed".
# CRISIS names the binary under test (./crisis, or the sanitizer build's).
: "${CRISIS:=./crisis}"
export CRISIS
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run() {
	name=$1
	shift
	echo "# $name"
	"$@" >"$log.out" 2>&1
	rc=$?
	cat "$log.out"
	cat "$log.out" >>"$log"
	# A test program that dies must not pass for lack of "not ok" lines.
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log.out"; then
		echo "not ok - $name exited with status $rc"
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	[ $rc -eq 0 ] || status=1
	rm -f "$log.out"
}

for t in "$@"; do
	CMOCKA_MESSAGE_OUTPUT=TAP run "unit: $(basename "$t")" "$t"
done
for t in tests/cli/test-*.sh; do
	[ -f "$t" ] || continue
	run "cli: $(basename "$t")" sh "$t"
done

passed=$(grep -c '^ok' "$log")
failed=$(grep -c '^not ok' "$log")
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ $status -eq 0 ]
