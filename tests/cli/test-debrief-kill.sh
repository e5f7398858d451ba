#!/bin/sh
# crisis debrief add and finish killed with SIGKILL at random instants, and
# two processes adding at once: every entry a process reported as added is
# in the debrief, finishing again completes what a killed finish began (one
# file, whole, committed once), and the journal's database stays sound.
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-debrief-kill.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
SITE=site-incendie-inondation-greve
ROUNDS=60

isolate_git
WS=$TMP/ws
new_ws "$WS"
cd "$WS" || exit 3
cp "$ROOT/plans/examples/$SITE.yaml" plans/
git add -A && git commit -q -m "the plan"
DB=$WS/.crisis/journal.db

# random_ms LOW HIGH
random_ms() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' \n')
	echo $(($1 + r % ($2 - $1 + 1)))
}
# seconds MS: "0.012" for timeout(1)
seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
integrity() {
	if command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 "$DB" 'PRAGMA integrity_check;'
	else
		python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$DB"
	fi
}

$CRISIS debrief new --crisis "Panne électrique" --date 2026-12-01 --no-guided </dev/null >/dev/null 2>&1
check "(setup) a debrief is started" test -s "$DB"

# --- add, killed at random ------------------------------------------------------------------------------
: >"$TMP/added"
killed=0
i=1
while [ $i -le $ROUNDS ]; do
	timeout -s KILL "$(seconds "$(random_ms 2 40)")" \
		$CRISIS debrief add went-well "entrée $i" </dev/null >"$TMP/out" 2>/dev/null
	rc=$?
	[ $rc -eq 137 ] && killed=$((killed + 1))
	# reported as added: the whole line was printed
	grep -q "^added went-well to debrief 'panne-electrique' (entry [0-9]*)$" "$TMP/out" &&
		echo "entrée $i" >>"$TMP/added"
	i=$((i + 1))
done
echo "# $killed of $ROUNDS adds were killed, $(wc -l <"$TMP/added") reported added"
same "the journal is sound after the kills" "$(integrity)" "ok"

# --- two processes adding at once -----------------------------------------------------------------------
adder() {
	j=1
	while [ $j -le 25 ]; do
		$CRISIS debrief add went-wrong "$1 $j" </dev/null >/dev/null 2>&1 && echo "$1 $j" >>"$TMP/added.$1"
		j=$((j + 1))
	done
}
: >"$TMP/added.a"
: >"$TMP/added.b"
adder a &
pa=$!
adder b &
pb=$!
wait $pa $pb
same "both writers reported every add" "$(cat "$TMP/added.a" "$TMP/added.b" | wc -l | tr -d ' ')" 50

# --- finish, killed at random, then finished -------------------------------------------------------------
file=debriefs/2026-12-01-panne-electrique.yaml
round=1
bad=
while [ $round -le 30 ]; do
	timeout -s KILL "$(seconds "$(random_ms 2 30)")" $CRISIS debrief finish </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	# A kill inside the commit leaves git's index.lock or the branch's lock, as
	# it would of git itself; crisis says so and changes nothing. No git runs
	# here: remove them, as their user would.
	grep -q "may be running" "$TMP/err" && rm -f .git/index.lock .git/refs/heads/*.lock
	if [ -e "$file" ] && ! $CRISIS debrief validate --no-config -q "$file" </dev/null >/dev/null 2>&1; then
		bad="round $round: $file is there but does not validate"
		break
	fi
	[ $rc -eq 0 ] && break
	# killed after the draft left the journal, before saying so: done too
	grep -q "no debrief is being written" "$TMP/err" && rc=0 && break
	round=$((round + 1))
done
echo "# finish succeeded at round $round"
same "a file cut short never appears" "$bad" ""
if [ $rc -ne 0 ]; then
	rm -f .git/index.lock .git/refs/heads/*.lock
	run $CRISIS debrief finish </dev/null
	expect_code "finish after the kills completes the job" 0
fi
check "the debrief is written" test -f "$file"
same "it is committed once" "$(git log --format=%s -- "$file")" "Debrief panne-electrique"
same "nothing is left behind in the working tree" "$(git status --porcelain)" ""
run $CRISIS debrief finish panne-electrique </dev/null
expect_code "the draft left the journal" 2
missing=
while IFS= read -r line; do
	grep -qxF "  - $line" "$file" || missing="$missing $line;"
done <"$TMP/added"
same "every add reported is in the debrief" "$missing" ""
missing=
for w in a b; do
	while IFS= read -r line; do
		grep -qxF "  - $line" "$file" || missing="$missing $line;"
	done <"$TMP/added.$w"
done
same "every add of both writers is in the debrief" "$missing" ""
same "the journal is sound at the end" "$(integrity)" "ok"

cd / || exit 3
finish
