# Shared by the CLI tests: TAP output and assertions. Source it, then call
# `finish` at the end. $CRISIS is the binary under test.
: "${CRISIS:?CRISIS must name the crisis binary}"
n=0
failures=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}

# run CMD...: runs it, keeping stdout, stderr and the exit code.
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	code=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# expect_code DESC CODE: the last run exited with CODE.
expect_code() {
	if [ "$code" -eq "$2" ]; then pass "$1"; else
		fail "$1" "exit code $code, expected $2" "stdout: $(head -c 600 "$TMP/out")" \
			"stderr: $(head -c 600 "$TMP/err")"
	fi
}

# expect_out DESC PATTERN / expect_err DESC PATTERN: grep -E on stdout / stderr.
expect_out() {
	if grep -Eq -- "$2" "$TMP/out"; then pass "$1"; else
		fail "$1" "stdout lacks /$2/" "stdout: $(head -c 600 "$TMP/out")"
	fi
}
expect_err() {
	if grep -Eq -- "$2" "$TMP/err"; then pass "$1"; else
		fail "$1" "stderr lacks /$2/" "stderr: $(head -c 600 "$TMP/err")"
	fi
}
expect_no_out() {
	if grep -Eq -- "$2" "$TMP/out"; then
		fail "$1" "stdout has /$2/" "stdout: $(head -c 600 "$TMP/out")"
	else pass "$1"; fi
}

finish() {
	echo "1..$n"
	[ "$failures" -eq 0 ]
}
