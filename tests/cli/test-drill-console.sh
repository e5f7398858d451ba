#!/bin/sh
# The drill console on a terminal: `crisis drill run --speed 60` in a
# detached tmux session (80x24, then 100x30), on a private tmux server of its
# own (-L, and TMUX_TMPDIR under the test's folder) that never touches the
# user's. Types a done with Tab completion, pauses with the space bar,
# resizes, quits; then the run is in progress and `crisis drill watch
# --facilitator` (no terminal) shows the done.
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-drill-console.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
SITE=site-incendie-inondation-greve

if ! command -v tmux >/dev/null 2>&1; then
	skip "the drill console in tmux" "no tmux"
	finish
	exit
fi
if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read the JSON output"
	exit 1
fi

unset TMUX TMUX_PANE
TMUX_TMPDIR=$TMP/tmux
mkdir -p "$TMUX_TMPDIR"
export TMUX_TMPDIR
SOCK=crisis-test-$$
S=console
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tmux -L "$SOCK" kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

isolate_git
WS=$TMP/ws
new_ws "$WS"
cd "$WS" || exit 3
cp "$ROOT/plans/examples/$SITE.yaml" plans/
cp "$ROOT/tests/bad/drill/good.yaml" drills/good.yaml

# screen: the pane as text, in $TMP/screen.
screen() { tm capture-pane -p -t "$S" >"$TMP/screen" 2>/dev/null; }
# wait_for PATTERN [LINE]: poll the screen (or its line LINE) for grep -E PATTERN, up to 10 s.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen
		if [ -n "$2" ]; then
			sed -n "${2}p" "$TMP/screen" | grep -Eq -- "$1" && return 0
		else
			grep -Eq -- "$1" "$TMP/screen" && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# expect_screen DESC PATTERN [LINE]
expect_screen() {
	if wait_for "$2" "$3"; then pass "$1"; else
		fail "$1" "the screen lacks /$2/${3:+ on line $3}" "screen: $(oneline "$TMP/screen")"
	fi
}
in_progress() { $CRISIS drill list --format json </dev/null | jq -r '.in_progress[].id'; }

# The terminal type: tmux's own, or screen where its terminfo entry is missing.
TERMTYPE=tmux-256color
infocmp "$TERMTYPE" >/dev/null 2>&1 || TERMTYPE=screen
# The console, and what it leaves when it ends (its exit code, its messages).
tm new-session -d -s "$S" -x 80 -y 24 \
	"cd '$WS' && TERM=$TERMTYPE '$CRISIS' drill run --speed 60 --no-commit --id con good 2>'$TMP/console-err'; echo \$? >'$TMP/console-rc'; sleep 5"
code=$?
expect_code "(setup) tmux starts the console" 0
tm set-option -t "$S" window-size manual >/dev/null 2>&1

expect_screen "the console shows its title line" "^ DRILL  Exercice de base" 1
same "the console's window is 80 columns by 24 lines" "$(tm display-message -p -t "$S" '#{window_width}x#{window_height}')" "80x24"
screen
same "the console draws 24 lines" "$(wc -l <"$TMP/screen" | tr -d ' ')" 24
check "the title line has the clock T+HH:MM:SS" sh -c "sed -n 1p '$TMP/screen' | grep -Eq 'T\+[0-9]{2}:[0-9]{2}:[0-9]{2}'"
check "the title line has the speed" sh -c "sed -n 1p '$TMP/screen' | grep -q ' x60 '"
check "the title line says RUNNING" sh -c "sed -n 1p '$TMP/screen' | grep -q 'RUNNING'"
expect_screen "the console shows the inject published at T+0" "^T\+00:00:[0-5][0-9] i-alarme -> responsable-securite, c-gardiennage: Alarme"
expect_screen "the console shows the expected actions to the facilitator" "^e-levee-de-doute +by c-gardiennage"
expect_screen "the console shows the prompt" "^>" 24
# The clock runs 60 times faster: a few seconds are minutes.
t1=$(sed -n 1p "$TMP/screen" | grep -Eo 'T\+[0-9:]{8}')
sleep 1.2
screen
t2=$(sed -n 1p "$TMP/screen" | grep -Eo 'T\+[0-9:]{8}')
secs() { echo "$1" | awk -F'[+:]' '{ print $2 * 3600 + $3 * 60 + $4 }'; }
if [ -n "$t1" ] && [ -n "$t2" ] && [ $(($(secs "$t2") - $(secs "$t1"))) -ge 60 ]; then
	pass "the clock runs at --speed 60 ($t1 -> $t2 in 1.2 s)"
else
	fail "the clock runs at --speed 60" "$t1 -> $t2 in 1.2 s"
fi

# Type a done, the expectation's id completed with Tab.
tm send-keys -t "$S" -l 'done e-lev'
tm send-keys -t "$S" Tab
# (capture-pane drops the space Tab adds after the id: the text typed next shows it)
expect_screen "Tab completes the expectation's id" "^> done e-levee-de-doute *$" 24
tm send-keys -t "$S" -l 'P vu par la ronde'
expect_screen "the typed line shows on the prompt" "^> done e-levee-de-doute P vu par la ronde" 24
tm send-keys -t "$S" Enter
expect_screen "the done shows in the log" "^T\+[0-9:]{8} done e-levee-de-doute \(P\) vu par la ronde"
expect_screen "the console says it was recorded" "^recorded: done e-levee-de-doute \(P\) vu par la ronde" 23
expect_screen "the prompt is empty again" "^> *$" 24
check_not "the done expectation is no longer open" grep -Eq '^e-levee-de-doute +by' "$TMP/screen"

# Space on an empty line pauses.
tm send-keys -t "$S" Space
expect_screen "space pauses: PAUSED on the title line" "PAUSED" 1
expect_screen "the pause shows in the log" "^T\+[0-9:]{8} pause$"
p1=$(sed -n 1p "$TMP/screen" | grep -Eo 'T\+[0-9:]{8}')
sleep 1.2
screen
same "the clock stands still while paused" "$(sed -n 1p "$TMP/screen" | grep -Eo 'T\+[0-9:]{8}')" "$p1"

# A bigger window: drawn again at its size.
tm resize-window -t "$S" -x 100 -y 30 >/dev/null 2>&1
same "the window is now 100x30" "$(tm display-message -p -t "$S" '#{window_width}x#{window_height}')" "100x30"
expect_screen "after a resize, the prompt is on the last of 30 lines" "^>" 30
screen
same "after a resize, the screen has 30 lines" "$(wc -l <"$TMP/screen" | tr -d ' ')" 30
check "after a resize, the title line is still there" sh -c "sed -n 1p '$TMP/screen' | grep -q '^ DRILL  Exercice de base'"
check "after a resize, the title line is drawn across 100 columns" sh -c "sed -n 1p '$TMP/screen' | grep -Eq '.{90}PAUSED *$'"
check "after a resize, the log is still there" grep -Eq '^T\+[0-9:]{8} done e-levee-de-doute \(P\)' "$TMP/screen"

# Quit: the run stays in progress.
tm send-keys -t "$S" -l 'quit'
tm send-keys -t "$S" Enter
i=0
while [ ! -s "$TMP/console-rc" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
same "quit leaves the console with exit code 0" "$(cat "$TMP/console-rc" 2>/dev/null)" 0
check "quit says how to go on" grep -q "^run 'con' paused at T+[0-9:]*: 'crisis drill resume con' goes on with it" "$TMP/console-err"
same "after quit, the run is in progress" "$(in_progress)" "con"
check "after quit, no record is written" test ! -e drills/runs/con.yaml
run $CRISIS drill list </dev/null
expect_out "drill list shows the run in progress" "^  con +drills/good.yaml, started "
run $CRISIS drill watch --facilitator con </dev/null
expect_code "drill watch --facilitator, without a terminal" 0
expect_out "drill watch --facilitator shows the inject (due at T+0, published as the console starts)" "^T\+00:00:[0-5][0-9] inject i-alarme: "
expect_out "drill watch --facilitator shows the done typed in the console" "^T\+[0-9:]{8} done e-levee-de-doute \(P\) vu par la ronde$"
expect_out "drill watch --facilitator shows the pause" "^T\+[0-9:]{8} pause$"
run $CRISIS drill watch con </dev/null
expect_no_out "drill watch (players) does not show the done" "done e-levee-de-doute"
tm kill-server >/dev/null 2>&1

# A run that was quit while its clock ran, resumed in the console: the clock
# runs again from where it stood, and the injects come at their time
# (i-cellule at T+00:20:00: 2 s at --speed 600), without a key pressed.
printf '+00:00:10 note avant de partir\n+00:00:20 quit\n' >"$TMP/quit.script"
run $CRISIS drill run --speed 600 --no-commit --id q --script "$TMP/quit.script" good </dev/null
expect_code "(setup) a run quit by its script at T+00:00:20" 0
S=resumed
rm -f "$TMP/console-rc"
tm new-session -d -s "$S" -x 100 -y 30 \
	"cd '$WS' && TERM=$TERMTYPE '$CRISIS' drill resume --no-commit q 2>'$TMP/console-err'; echo \$? >'$TMP/console-rc'; sleep 5"
code=$?
expect_code "(setup) tmux starts the console of drill resume" 0
expect_screen "drill resume in the console shows the run" "^ DRILL  Exercice de base" 1
expect_screen "drill resume in the console shows the log before the quit" "^T\+00:00:10 note: avant de partir"
expect_screen "a quit run resumed runs again: RUNNING on the title line" "RUNNING" 1
expect_screen "a quit run resumed: the inject due at T+00:20:00 is published by the clock" "^T\+00:[0-9:]{5} i-cellule -> directeur-crise: "
tm send-keys -t "$S" -l 'quit'
tm send-keys -t "$S" Enter
i=0
while [ ! -s "$TMP/console-rc" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
same "quit leaves the resumed console with exit code 0" "$(cat "$TMP/console-rc" 2>/dev/null)" 0
run $CRISIS drill watch q </dev/null
expect_out "drill watch: the inject the resumed clock published is in the journal" "^T\+00:[0-9:]{5} inject i-cellule: "

tm kill-server >/dev/null 2>&1
cd / || exit 3
finish
