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
	for fail_note in "$@"; do echo "#   $fail_note"; done
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

# flat TEXT / oneline FILE: for a failure's note, on one line (dash's echo
# would expand a backslash).
flat() { printf '%s' "$1" | tr '\n\\' '|/'; }
oneline() { head -c 400 "$1" | tr '\n\\' ' /'; }
# same DESC ACTUAL EXPECTED: two strings are equal.
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else
		fail "$1" "got:      $(flat "$2")" "expected: $(flat "$3")"
	fi
}
# check DESC CMD...: the command succeeds (its output is dropped).
check() {
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$d"; else fail "$d" "failed: $*"; fi
}
# check_not DESC CMD...: the command fails.
check_not() {
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then fail "$d" "succeeded: $*"; else pass "$d"; fi
}
# skip DESC REASON
skip() { pass "$1 # SKIP $2"; }
# new_ws DIR: a fresh workspace.
new_ws() {
	rm -rf "$1"
	$CRISIS init "$1" >/dev/null 2>&1 || fail "crisis init $1 (setup)"
}

# isolate_git: our own HOME and git identity (Alice Tester), nothing from
# the caller's environment or configuration.
isolate_git() {
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_NAMESPACE \
		GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES GIT_CONFIG \
		GIT_CONFIG_GLOBAL GIT_CONFIG_COUNT GIT_CONFIG_PARAMETERS \
		GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE \
		GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE \
		VISUAL EDITOR GITHUB_ACTIONS NO_COLOR
	HOME=$(mktemp -d "$TMP/home.XXXXXX")
	XDG_CONFIG_HOME=$HOME/.config
	GIT_CONFIG_NOSYSTEM=1
	export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM
	cat >"$HOME/.gitconfig" <<'EOF'
[user]
	name = Alice Tester
	email = alice@example.org
[init]
	defaultBranch = main
[advice]
	detachedHead = false
[commit]
	gpgsign = false
[tag]
	gpgsign = false
EOF
}

finish() {
	echo "1..$n"
	[ "$failures" -eq 0 ]
}

# bad_corpus KIND CMD...: each file of tests/bad/KIND/expect.tsv (scripts
# aside) given to CMD... as its last argument, CMD writing its findings as
# JSON: the exit code, and the line and rule of the first diagnostic, as
# expect.tsv says (rule "-": no diagnostic). Run from the repository root.
bad_corpus() {
	bad_kind=$1
	shift
	bad_tab=$(printf '\t')
	while IFS="$bad_tab" read -r name want_rc want_line want_rule rest; do
		case $name in '' | '#'* | *.script) continue ;; esac
		desc="bad $bad_kind $name: exit $want_rc, line $want_line, $want_rule"
		timeout 20 "$@" "tests/bad/$bad_kind/$name" </dev/null >"$TMP/out" 2>"$TMP/err"
		code=$?
		problems=
		[ "$code" = "$want_rc" ] || problems="exit code $code, expected $want_rc"
		if ! jq -e '.files | length == 1' "$TMP/out" >/dev/null 2>&1; then
			problems="$problems${problems:+; }stdout is not one JSON report: $(oneline "$TMP/out")"
		elif [ "$want_rule" = - ]; then
			got=$(jq -r '.files[0].diagnostics | length' "$TMP/out")
			[ "$got" = 0 ] || problems="$problems${problems:+; }$got diagnostics, expected none"
		else
			got=$(jq -r '.files[0].diagnostics[0] | "\(.line // 0) \(.rule)"' "$TMP/out")
			[ "$got" = "$want_line $want_rule" ] ||
				problems="$problems${problems:+; }first diagnostic '$got', expected '$want_line $want_rule'"
		fi
		if [ -z "$problems" ]; then pass "$desc"; else fail "$desc" "$problems" "stderr: $(oneline "$TMP/err")"; fi
	done <"tests/bad/$bad_kind/expect.tsv"
}
