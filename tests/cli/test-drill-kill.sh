#!/bin/sh
# crisis drill run and resume killed with SIGKILL at random instants: every
# event the process printed as recorded is in the journal, the run goes on
# with `crisis drill resume`, and the journal's database stays sound.
#
# A slow writer feeds "note rRnI" lines on standard input (not a terminal);
# each round starts the run (or resumes it), kills crisis -9 after a random
# 50-400 ms, then compares what it printed with the log that
# `crisis drill watch --facilitator` reads back from the journal.
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-drill-kill.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
SITE=site-incendie-inondation-greve
ROUNDS=20
RUN=k

if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read the JSON output"
	exit 1
fi

isolate_git
WS=$TMP/ws
new_ws "$WS"
cd "$WS" || exit 3
cp "$ROOT/plans/examples/$SITE.yaml" plans/
cp "$ROOT/tests/bad/drill/good.yaml" drills/good.yaml
DB=$WS/.crisis/journal.db

in_progress() { $CRISIS drill list --format json </dev/null | jq -r '.in_progress[].id'; }
# random_ms LOW HIGH
random_ms() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' \n')
	echo $(($1 + r % ($2 - $1 + 1)))
}
# integrity: PRAGMA integrity_check of the journal, with sqlite3 or python3.
integrity() {
	if command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 "$DB" 'PRAGMA integrity_check;'
	elif command -v python3 >/dev/null 2>&1; then
		python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$DB"
	else
		echo "no sqlite3 nor python3"
	fi
}
# whole_lines FILE: its lines that end with a newline (a kill may cut the last one).
whole_lines() {
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; then
		sed '$d' "$1"
	else
		cat "$1"
	fi
}

: >"$TMP/printed"
started=0
round=1
while [ $round -le $ROUNDS ]; do
	if in_progress | grep -qx "$RUN"; then
		set -- drill resume --no-commit "$RUN"
		what="resume"
	else
		set -- drill run --no-commit --id "$RUN" good
		what="run"
	fi
	rm -f "$TMP/pid"
	# The writer: a note every 10 ms, until crisis is gone (SIGPIPE, or EPIPE when ignored).
	(
		i=1
		while :; do
			echo "note r${round}n$i" || exit 0
			i=$((i + 1))
			sleep 0.01
		done
	) 2>/dev/null | sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1"; shift; exec "$@"' \
		sh "$TMP/pid" "$CRISIS" "$@" >"$TMP/out.$round" 2>"$TMP/err.$round" &
	job=$!
	i=0
	while [ ! -s "$TMP/pid" ] && [ $i -lt 500 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	pid=$(cat "$TMP/pid" 2>/dev/null)
	delay=$(random_ms 50 400)
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	if [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; then
		killed=yes
	else
		killed=no
	fi
	wait $job 2>/dev/null
	whole_lines "$TMP/out.$round" | grep -E '^T\+[0-9]{2}:[0-9]{2}:[0-9]{2} note: r[0-9]+n[0-9]+$' >"$TMP/now"
	cat "$TMP/now" >>"$TMP/printed"
	$CRISIS drill watch --facilitator "$RUN" </dev/null >"$TMP/log" 2>"$TMP/watch-err"
	wcode=$?
	desc="round $round ($what, SIGKILL after $delay ms): the $(wc -l <"$TMP/now" | tr -d ' ') events it printed (of $(wc -l <"$TMP/printed" | tr -d ' ') so far) are in the journal"
	problems=
	[ "$killed" = yes ] ||
		problems="crisis was not running when killed: $(oneline "$TMP/err.$round")"
	if [ -s "$TMP/printed" ]; then
		started=1
		[ "$wcode" = 0 ] || problems="$problems${problems:+; }drill watch exited $wcode: $(oneline "$TMP/watch-err")"
		missing=$(grep -vxF -f "$TMP/log" "$TMP/printed" | head -n 3)
		[ -z "$missing" ] || problems="$problems${problems:+; }not in the journal: $(flat "$missing")"
		dups=$(grep ' note: ' "$TMP/log" | sed 's/^T+[0-9:]* //' | sort | uniq -d | head -n 3)
		[ -z "$dups" ] || problems="$problems${problems:+; }recorded twice: $(flat "$dups")"
	fi
	if [ -z "$problems" ]; then pass "$desc"; else fail "$desc" "$problems"; fi
	round=$((round + 1))
done

same "the killed run is still in progress" "$(in_progress)" "$RUN"
if [ "$started" = 1 ]; then pass "some events were printed before the kills"; else
	fail "some events were printed before the kills" "$(oneline "$TMP/err.1")"; fi

# The journal as a killed process left it: sound.
same "after the kills, PRAGMA integrity_check says ok" "$(integrity 2>&1)" "ok"

printf 'note final\nend\n' >"$TMP/stdin"
run $CRISIS drill resume --no-commit "$RUN" <"$TMP/stdin"
expect_code "drill resume after the kills goes on, and ends" 0
expect_err "drill resume takes up the run" "^run '$RUN' resumed at T\+[0-9:]{8} with its [0-9]+ events$"
expect_out "drill resume records the last note" "^T\+[0-9:]{8} note: final$"
expect_out "drill resume writes the record" "^recorded drills/runs/$RUN.yaml \(not committed\)$"
REC=drills/runs/$RUN.yaml
sed 's/^T+[0-9:]* note: //' "$TMP/printed" | sed 's/^/    text: /' >"$TMP/texts"
missing=$(grep -vxF -f "$REC" "$TMP/texts" 2>/dev/null | head -n 3)
if [ -f "$REC" ] && [ -z "$missing" ]; then pass "the record holds every note that was printed"; else
	fail "the record holds every note that was printed" "missing: $(flat "$missing")"; fi
same "the record holds each note once" "$(grep -E '^    text: r[0-9]+n[0-9]+$' "$REC" 2>/dev/null | sort | uniq -d)" ""
# The notes of each round come in the order they were written.
grep -E '^    text: r[0-9]+n[0-9]+$' "$REC" 2>/dev/null | sed 's/^    text: r//; s/n/ /' >"$TMP/order"
if sort -n -k1,1 -k2,2 -c "$TMP/order" 2>/dev/null; then pass "the record keeps the notes in order"; else
	fail "the record keeps the notes in order" "$(oneline "$TMP/order")"; fi
run $CRISIS drill validate "$REC" </dev/null
expect_code "the record of the killed and resumed run validates" 0
same "the run is no longer in progress" "$(in_progress)" ""
same "at the end, PRAGMA integrity_check says ok" "$(integrity 2>&1)" "ok"

cd / || exit 3
finish
