#!/bin/sh
# crisis debrief: validate and rules, new, add and finish (from a drill run
# and from a crisis), list, show, report, actions, close, search, and crisis
# reindex, with their exit codes (0 clean, 1 findings, 2 usage, 3 fatal) and
# outputs, in a temporary workspace; then the bad-input corpus of
# tests/bad/debrief/ (expect.tsv: file, exit code, line, rule).
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-debrief.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
EX=$ROOT/plans/examples
BAD=$ROOT/tests/bad/debrief
SITE=site-incendie-inondation-greve
tab=$(printf '\t')

if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read the JSON output"
	exit 1
fi
if [ ! -f "$BAD/expect.tsv" ]; then
	echo "Bail out! run from the repository root ($BAD/expect.tsv not found)"
	exit 1
fi

# --- validate and rules ----------------------------------------------------------------------
run $CRISIS debrief validate --no-config --today 2026-11-22 --plan "$EX/$SITE.yaml" \
	"$EX/retex-exercice-incendie-siege.yaml" </dev/null
expect_code "the example debrief of a drill validates against its plan" 0
expect_out "it says so" "^1 file checked: no problems$"
run $CRISIS debrief validate --no-config --today 2027-06-01 --plan "$EX/$SITE.yaml" \
	"$EX/retex-exercice-incendie-siege.yaml" </dev/null
expect_code "open actions past their date are warnings: exit 0" 0
expect_out "months later, its open actions are overdue" "retex-exercice-incendie-siege.yaml:[0-9]+:[0-9]+: warning: action '.*' was due on .* and is still open.*\[action-overdue\]"
run $CRISIS debrief validate --no-config --today 2027-06-01 --strict --plan "$EX/$SITE.yaml" \
	"$EX/retex-exercice-incendie-siege.yaml" </dev/null
expect_code "--strict: overdue actions fail" 1
run $CRISIS debrief rules --format json </dev/null
expect_code "debrief rules --format json" 0
same "debrief rules lists its own rules" "$(printf '%s' "$out" | jq -r '.[].id' | grep -c '^action-')" 2

# --- the bad corpus: debriefs ---------------------------------------------------------------------
cd "$ROOT" || exit 3
while IFS="$tab" read -r name want_rc want_line want_rule rest; do
	case $name in '' | '#'*) continue ;; esac
	desc="bad debrief $name: exit $want_rc, line $want_line, $want_rule"
	timeout 20 $CRISIS debrief validate --today 2026-11-22 --no-config --format json \
		--plan "plans/examples/$SITE.yaml" "tests/bad/debrief/$name" </dev/null >"$TMP/out" 2>"$TMP/err"
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
done <"$BAD/expect.tsv"

cd / || exit 3
finish
