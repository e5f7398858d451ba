#!/bin/sh
# crisis drill: new, validate, run (a script, standard input), resume, watch,
# list and rules, with their exit codes (0 clean, 1 findings, 2 usage,
# 3 fatal) and their outputs, in a temporary workspace; then the bad-input
# corpus of tests/bad/drill/ (expect.tsv: file, exit code, line, rule).
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-drill.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
EX=$ROOT/plans/examples
BAD=$ROOT/tests/bad/drill
SITE=site-incendie-inondation-greve
IT=it-ransomware-recovery
DAY="--today 2026-12-01"
tab=$(printf '\t')

if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read the JSON output"
	exit 1
fi
if [ ! -f "$BAD/expect.tsv" ]; then
	echo "Bail out! run from the repository root ($BAD/expect.tsv not found)"
	exit 1
fi

# --- helpers ---------------------------------------------------------------
# in_progress: the ids of the runs in progress, one a line (drill list --format json).
in_progress() { $CRISIS drill list --format json </dev/null | jq -r '.in_progress[].id'; }
# ms: the time now in milliseconds (GNU date), or nothing.
ms() { t=$(date +%s%3N 2>/dev/null); case $t in *N* | '') ;; *) echo "$t" ;; esac; }
# block FILE PATTERN [LINES]: the line matching PATTERN (grep -E, first one) and the LINES (default 5) after it.
block() { grep -E -m 1 -A "${3:-5}" -- "$2" "$1"; }
# event FILE AT TYPE: the event of the record at AT (exact) of TYPE, its lines up to the next event.
event() {
	awk -v at="  - at: $2" -v type="    type: $3" '
		/^  - at: / || /^[a-z]/ { if (p) exit; p = 0 }
		$0 == at { cand = 1; buf = $0; next }
		cand && $0 == type { p = 1; print buf; print; cand = 0; next }
		cand { cand = 0 }
		p { print }' "$1"
}
# outcome FILE EXPECT: the outcome block of expectation EXPECT in the record.
outcome() {
	awk -v x="  - expect: $2" '
		p && (/^  - / || /^[a-z]/) { exit }
		$0 == x { p = 1 }
		p { print }' "$1"
}
# run_id: the run's id, from the "run 'ID' of ... started" line of the last stderr.
run_id() { sed -n "s/^run '\\([^']*\\)' of .* started.*/\\1/p" "$TMP/err" | head -n 1; }

# --- the workspace -----------------------------------------------------------
isolate_git
WS=$TMP/ws
new_ws "$WS"
cd "$WS" || exit 3
cp "$EX/$SITE.yaml" "$EX/$IT.yaml" plans/
run $CRISIS plan commit $DAY "plans/$SITE.yaml" "plans/$IT.yaml"
expect_code "(setup) crisis plan commit of the two plans" 0
cp "$EX/exercice-incendie-siege.yaml" drills/
cp "$BAD/good.yaml" drills/good.yaml
git add -A >/dev/null 2>&1 && git commit -qm "Setup: the drills" >/dev/null 2>&1
same "(setup) the workspace is clean" "$(git status --porcelain)" ""

# --- nothing in progress yet --------------------------------------------------
run $CRISIS drill resume </dev/null
expect_code "drill resume with no run in progress is a usage error" 2
expect_err "drill resume says no run is in progress" "no drill run in progress"
run $CRISIS drill watch </dev/null
expect_code "drill watch with no run in progress is a usage error" 2
expect_err "drill watch says no run is in progress" "no drill run in progress"
run $CRISIS drill list </dev/null
expect_code "drill list" 0
expect_out "drill list lists the drills of drills/" "^  drills/exercice-incendie-siege.yaml +plan $SITE +9 injects, PT3H, 0 runs$"
expect_out "drill list lists good.yaml" "^  drills/good.yaml +plan $SITE +3 injects, PT2H, 0 runs$"
expect_no_out "drill list: no run in progress" "IN PROGRESS"
expect_out "drill list: no recorded run" "^RECORDED RUNS"
expect_out "drill list: none yet" "^  none yet$"

# --- drill new ------------------------------------------------------------------
run $CRISIS drill new --plan $SITE fr1 </dev/null
expect_code "drill new --plan PLAN-ID" 0
expect_out "drill new says what it created and what to do next" \
	"^created drills/fr1.yaml from plan '$SITE'.*crisis drill validate drills/fr1.yaml"
check "drill new writes drills/ID.yaml" test -f drills/fr1.yaml
check "drill new: the id is the one given" grep -qx 'id: fr1' drills/fr1.yaml
check "drill new: kind drill" grep -qx 'kind: drill' drills/fr1.yaml
same "drill new: the first line names the installed JSON Schema" \
	"$(head -n 1 drills/fr1.yaml | sed 's|=/.*/schemas/|=DATADIR/schemas/|')" \
	'# yaml-language-server: $schema=DATADIR/schemas/crisis-drill.schema.json'
check "drill new: the plan is named" grep -qx "plan: $SITE" drills/fr1.yaml
check "drill new: the plan's first scenario by default" grep -qx 'scenario: incendie-stockage' drills/fr1.yaml
check "drill new: the French plan gives a French drill (title)" grep -q '^title: Exercice' drills/fr1.yaml
check "drill new: the French plan gives a French drill (comments)" grep -q 'Exercice créé depuis le plan' drills/fr1.yaml
check "drill new: the French plan gives French objectives" grep -q 'Convoquer et installer la cellule de crise' drills/fr1.yaml
check_not "drill new: no English in the French drill" grep -q 'Drill made from plan' drills/fr1.yaml
run $CRISIS drill validate drills/fr1.yaml </dev/null
expect_code "the drill made from a plan id validates" 0
expect_out "... with no problems" "^1 file checked: no problems$"

run $CRISIS drill new --plan "plans/$IT.yaml" en1 </dev/null
expect_code "drill new --plan PLAN-FILE" 0
expect_out "drill new names the plan of the file by its id" "from plan '$IT'"
check "drill new from a file: the plan's id" grep -qx "plan: $IT" drills/en1.yaml
check "drill new: the English plan gives an English drill" grep -q '^title: Drill' drills/en1.yaml
check "drill new: English comments" grep -q 'Drill made from plan' drills/en1.yaml
check "drill new: English objectives" grep -q 'Convene and set up the crisis cell' drills/en1.yaml
run $CRISIS drill validate drills/en1.yaml </dev/null
expect_code "the drill made from a plan file validates" 0

run $CRISIS drill new --plan $IT --lang fr fr2 </dev/null
expect_code "drill new --lang fr on an English plan" 0
check "drill new --lang fr: French comments" grep -q 'Exercice créé depuis le plan' drills/fr2.yaml
check "drill new --lang fr: French objectives" grep -q 'Convoquer et installer la cellule de crise' drills/fr2.yaml
run $CRISIS drill new --plan $SITE --lang en en2 </dev/null
expect_code "drill new --lang en on a French plan" 0
check "drill new --lang en: English comments" grep -q 'Drill made from plan' drills/en2.yaml
check "drill new --lang en: English objectives" grep -q 'Convene and set up the crisis cell' drills/en2.yaml
run $CRISIS drill validate drills/fr2.yaml drills/en2.yaml </dev/null
expect_code "the drills made with --lang validate" 0

run $CRISIS drill new --plan $SITE --scenario crue-loire crue </dev/null
expect_code "drill new --scenario" 0
check "drill new --scenario: the scenario named" grep -qx 'scenario: crue-loire' drills/crue.yaml
run $CRISIS drill validate drills/crue.yaml </dev/null
expect_code "the drill of another scenario validates" 0

run $CRISIS drill new --plan $SITE --scenario no-such-scenario x1 </dev/null
expect_code "drill new --scenario of a scenario the plan lacks" 2
expect_err "drill new names the missing scenario" "no scenario 'no-such-scenario'"
check "an unknown scenario writes nothing" test ! -e drills/x1.yaml
cksum drills/fr1.yaml >"$TMP/ck1"
run $CRISIS drill new --plan $IT fr1 </dev/null
expect_code "drill new refuses an existing id" 3
expect_err "drill new says the drill exists" "drills/fr1.yaml exists already"
cksum drills/fr1.yaml >"$TMP/ck2"
check "drill new leaves the existing drill alone" cmp -s "$TMP/ck1" "$TMP/ck2"
for bad in Bad_Id ../evil "a b" "" -x é; do
	run $CRISIS drill new --plan $SITE -- "$bad" </dev/null
	expect_code "drill new refuses the id '$bad' (usage)" 2
done
check "a bad id writes nothing outside drills/" test ! -e "$WS/evil.yaml"
run $CRISIS drill new x2 </dev/null
expect_code "drill new without --plan is a usage error" 2
expect_err "drill new asks for --plan" "with --plan"
run $CRISIS drill new --plan $SITE </dev/null
expect_code "drill new without an id is a usage error" 2
run $CRISIS drill new --plan no-such-plan x3 </dev/null
expect_code "drill new --plan of an unknown plan" 2
expect_err "drill new names the unknown plan" "plan 'no-such-plan' is not a plan of this workspace"
run $CRISIS drill new --plan $SITE --lang de x4 </dev/null
expect_code "drill new --lang de is a usage error" 2
check "refused drills write nothing" sh -c 'test ! -e drills/x2.yaml && test ! -e drills/x3.yaml && test ! -e drills/x4.yaml'

# --- drill validate --------------------------------------------------------------
run $CRISIS drill validate </dev/null
expect_code "drill validate checks drills/ by default" 0
expect_out "drill validate: the 7 drills of drills/" "^7 files checked: no problems$"
run $CRISIS drill validate --format json </dev/null
expect_code "drill validate --format json" 0
if jq -e . "$TMP/out" >/dev/null 2>&1; then pass "drill validate --format json is JSON"; else
	fail "drill validate --format json is JSON" "$(oneline "$TMP/out")"; fi
same "drill validate --format json lists the files of drills/" \
	"$(jq -r '[.files[] | select(.valid) | .path] | join(" ")' "$TMP/out")" \
	"drills/crue.yaml drills/en1.yaml drills/en2.yaml drills/exercice-incendie-siege.yaml drills/fr1.yaml drills/fr2.yaml drills/good.yaml"
same "drill validate --format json: a summary" "$(jq -c .summary "$TMP/out")" '{"files":7,"errors":0,"warnings":0}'

cp "$BAD/drill-plan-missing.yaml" "$TMP/orphan.yaml"
run $CRISIS drill validate --format json "$TMP/orphan.yaml" </dev/null
expect_code "drill validate: a drill whose plan is missing" 1
same "... the rule is drill-plan-missing, at the plan: line" \
	"$(jq -r '.files[0].diagnostics[0] | "\(.line) \(.rule)"' "$TMP/out" 2>&1)" "6 drill-plan-missing"
run $CRISIS drill validate "$TMP/orphan.yaml" </dev/null
expect_code "drill validate (text): a drill whose plan is missing" 1
expect_out "the text names the file, the line and the rule" "orphan.yaml:6:[0-9]+: error: .*\[drill-plan-missing\]$"
cp drills/fr1.yaml "$TMP/in-ws-orphan.yaml"
sed 's/^plan: .*/plan: no-such-plan/' "$TMP/in-ws-orphan.yaml" >drills/zz-orphan.yaml
run $CRISIS drill validate --format json </dev/null
expect_code "drill validate of drills/ with a drill whose plan is missing" 1
same "only that drill has a finding, drill-plan-missing" \
	"$(jq -r '[.files[] | select(.diagnostics | length > 0) | "\(.path) \(.diagnostics[0].rule)"] | join(",")' "$TMP/out")" \
	"drills/zz-orphan.yaml drill-plan-missing"
rm -f drills/zz-orphan.yaml

# --plan FILE: a workspace without plans
E=$TMP/empty
new_ws "$E"
cd "$E" || exit 3
run $CRISIS drill validate --format json "$BAD/good.yaml" </dev/null
expect_code "drill validate: the plan is not in this workspace" 1
same "... drill-plan-missing" "$(jq -r '.files[0].diagnostics[0].rule' "$TMP/out" 2>&1)" "drill-plan-missing"
run $CRISIS drill validate --plan "$EX/$SITE.yaml" "$BAD/good.yaml" </dev/null
expect_code "drill validate --plan FILE finds the plan there" 0
expect_out "drill validate --plan FILE: no problems" "^1 file checked: no problems$"
run $CRISIS drill validate --plan "$EX/$IT.yaml" "$BAD/good.yaml" </dev/null
expect_code "drill validate --plan of another plan: still missing" 1
expect_out "... drill-plan-missing" "\[drill-plan-missing\]"
cd "$WS" || exit 3

git add -A >/dev/null 2>&1 && git commit -qm "More drills" >/dev/null 2>&1
same "(setup) the new drills are committed" "$(git status --porcelain)" ""

# --- drill rules -------------------------------------------------------------------
DRILL_RULES="drill-plan-missing inject-timing inject-after-end inject-cycle objective-untested expect-slower-than-plan script-syntax"
run $CRISIS drill rules </dev/null
expect_code "drill rules" 0
for r in $DRILL_RULES; do
	expect_out "drill rules lists $r" "^$r +(error|warning) +drill "
done
expect_out "drill rules lists the shared rules too (unknown-reference)" "^unknown-reference "
run $CRISIS drill rules --format json </dev/null
expect_code "drill rules --format json" 0
same "drill rules --format json: the drill stage's rule ids" \
	"$(jq -r '[.[] | select(.stage == "drill") | .id] | sort | join(" ")' "$TMP/out" 2>&1)" \
	"$(printf '%s\n' $DRILL_RULES | sort | tr '\n' ' ' | sed 's/ $//')"
same "drill rules --format json: severities" \
	"$(jq -r '[.[] | select(.id == "inject-cycle" or .id == "objective-untested") | "\(.id)=\(.severity)"] | sort | join(" ")' "$TMP/out" 2>&1)" \
	"inject-cycle=error objective-untested=warning"
run $CRISIS drill rules --format xml </dev/null
expect_code "drill rules --format xml is a usage error" 2

# --- usage errors ------------------------------------------------------------------
run $CRISIS drill run --bogus good </dev/null
expect_code "drill run --bogus: an unknown option" 2
expect_err "drill run names the unknown option" "unknown option '--bogus'"
run $CRISIS drill run </dev/null
expect_code "drill run without a drill" 2
expect_err "drill run asks for one drill" "name one drill"
run $CRISIS drill run good drills/fr1.yaml </dev/null
expect_code "drill run with two drills" 2
run $CRISIS drill run no-such-drill </dev/null
expect_code "drill run of an unknown drill id" 2
expect_err "drill run names the unknown drill" "no drill 'no-such-drill'"
for s in 0 -1 1001 abc ""; do
	run $CRISIS drill run --speed "$s" good </dev/null
	expect_code "drill run --speed '$s' is a usage error" 2
	expect_err "drill run --speed '$s' says what --speed takes" "--speed takes a number above 0"
done
run $CRISIS drill resume no-such-run </dev/null
expect_code "drill resume of an unknown run" 2
expect_err "drill resume names the unknown run" "no run 'no-such-run'"
run $CRISIS drill resume a b </dev/null
expect_code "drill resume of two runs" 2
run $CRISIS drill watch --bogus </dev/null
expect_code "drill watch --bogus" 2
run $CRISIS drill list extra </dev/null
expect_code "drill list with an argument" 2
run $CRISIS drill list --format xml </dev/null
expect_code "drill list --format xml" 2
run $CRISIS drill frobnicate </dev/null
expect_code "an unknown drill subcommand" 2
expect_err "an unknown drill subcommand is named" "'frobnicate' is not a subcommand of 'drill'"
run $CRISIS drill validate --format bogus </dev/null
expect_code "drill validate --format bogus" 2
same "usage errors start no run" "$(in_progress)" ""
NOWS=$TMP/nows
mkdir -p "$NOWS"
if (cd "$NOWS" && git rev-parse --git-dir >/dev/null 2>&1); then
	skip "outside a workspace, drill run is fatal" "$TMP is inside a git repository"
	skip "outside a workspace, drill list is fatal" "$TMP is inside a git repository"
else
	(cd "$NOWS" && $CRISIS drill run good </dev/null >"$TMP/out" 2>"$TMP/err")
	code=$?
	expect_code "outside a workspace, drill run is fatal" 3
	(cd "$NOWS" && $CRISIS drill list </dev/null >"$TMP/out" 2>"$TMP/err")
	code=$?
	expect_code "outside a workspace, drill list is fatal" 3
fi

# --- a drill with errors is not run ---------------------------------------------------
cp "$BAD/inject-cycle.yaml" drills/cycle.yaml
run $CRISIS drill run --no-commit cycle </dev/null
expect_code "drill run of a drill with errors" 1
expect_err "drill run shows the drill's findings" "drills/cycle.yaml:45:[0-9]+: error: .*\[inject-cycle\]"
same "a drill with errors starts no run" "$(in_progress)" ""
rm -f drills/cycle.yaml

# --- drill run --script: two hours in a moment ---------------------------------------
cat >"$TMP/two-hours.script" <<'EOF'
# A two-hour run of drills/good.yaml (exercice-base).
+00:00:00 role directeur-crise c-renaud
+00:00:00 role responsable-securite c-leroy
+00:00:30 note Alarme reçue au PC sécurité
+00:01:50 done e-alerte P Pompiers appelés

+00:05:00 note cinq minutes
+00:09:00 done e-levee-de-doute S Levée de doute tardive
+00:15:00 decision "Fermer le site" by directeur-crise why "Avis du COS"
+00:25:00 done e-convoquer P Cellule convoquée
+02:00:00 end
EOF
before=$(git rev-parse HEAD)
day1=$(date +%F)
t0=$(ms)
run $CRISIS drill run --script "$TMP/two-hours.script" good </dev/null
t1=$(ms)
day2=$(date +%F)
expect_code "drill run --script: a two-hour drill" 0
if [ -n "$t0" ] && [ -n "$t1" ]; then
	if [ $((t1 - t0)) -lt 1500 ]; then pass "a two-hour drill script runs in a moment ($((t1 - t0)) ms)"; else
		fail "a two-hour drill script runs in a moment" "it took $((t1 - t0)) ms"; fi
else
	skip "a two-hour drill script runs in a moment" "no millisecond clock (date +%N)"
fi
id=$(run_id)
case $id in "$day1-exercice-base" | "$day2-exercice-base") pass "the run's id is <date>-<drill id> ($id)" ;;
*) fail "the run's id is <date>-<drill id>" "got '$id', expected $day1-exercice-base" ;; esac
REC=drills/runs/$id.yaml
sed '$d' "$TMP/out" >"$TMP/events"
same "drill run prints each event as T+HH:MM:SS, the injects at their times before the lines after them" \
	"$(cat "$TMP/events")" "T+00:00:00 inject i-alarme: Alarme incendie dans le hall de stockage des bobines.
T+00:00:00 role directeur-crise played by c-renaud
T+00:00:00 role responsable-securite played by c-leroy
T+00:00:30 note: Alarme reçue au PC sécurité
T+00:01:50 done e-alerte (P) Pompiers appelés
T+00:05:00 note: cinq minutes
T+00:09:00 done e-levee-de-doute (S) Levée de doute tardive
T+00:15:00 decision: Fermer le site (by directeur-crise); why: Avis du COS
T+00:20:00 inject i-cellule: Le feu atteint l'onduleuse ; le directeur du site est joint.
T+00:25:00 done e-convoquer (P) Cellule convoquée
T+01:45:00 inject i-fin: Fin de l'exercice.
T+02:00:00 end"
expect_out "drill run says where the record is, and its commit" "^recorded $REC \[[0-9a-f]{7}\]$"
expect_err "drill run says the run started, and where the journal is" "^run '$id' of drills/good.yaml started: every event is recorded in .*\.crisis/"
check "the record is written" test -f "$REC"
check "the record is kind drill-run" grep -qx 'kind: drill-run' "$REC"
check "the record names the drill" grep -qx 'drill: exercice-base' "$REC"
check "the record names the plan" grep -qx "plan: $SITE" "$REC"
check "the record's id is the run's" grep -qx "id: $id" "$REC"
check "the record lasts two hours: duration PT2H" grep -qx 'duration: PT2H' "$REC"
check "the record's speed is 1" grep -qx 'speed: 1' "$REC"
same "a script line at +00:05:00 is recorded at PT5M exactly" "$(event "$REC" PT5M note)" "  - at: PT5M
    type: note
    text: cinq minutes"
same "a script line at +00:00:30 is recorded at PT30S exactly" "$(event "$REC" PT30S note)" "  - at: PT30S
    type: note
    text: Alarme reçue au PC sécurité"
same "an inject is recorded at its time, with its message" "$(event "$REC" PT20M inject)" "  - at: PT20M
    type: inject
    inject: i-cellule
    text: Le feu atteint l'onduleuse ; le directeur du site est joint."
same "the deputy playing a role is a stand-in, the holder is not" "$(sed -n '/^participants:/,/^events:/p' "$REC" | sed '$d')" "participants:
  - role: directeur-crise
    played_by: c-renaud
    holder: c-morel
    stand_in: true
  - role: responsable-securite
    played_by: c-leroy
    holder: c-leroy
    stand_in: false"
same "a decision keeps by and why" "$(event "$REC" PT15M decision)" "  - at: PT15M
    type: decision
    text: Fermer le site
    by: directeur-crise
    why: Avis du COS"
same "the end is recorded at PT2H" "$(event "$REC" PT2H end)" "  - at: PT2H
    type: end"
outcome "$REC" e-levee-de-doute >"$TMP/late"
check "a late done has status: late" grep -qx '    status: late' "$TMP/late"
check "a late done has late_by (PT9M done, PT5M due: PT4M)" grep -qx '    late_by: PT4M' "$TMP/late"
check "a late done keeps its done time" grep -qx '    done: PT9M' "$TMP/late"
check "a late done keeps its rating" grep -qx '    rating: S' "$TMP/late"
outcome "$REC" e-alerte >"$TMP/ontime"
check "a done in time is on-time" grep -qx '    status: on-time' "$TMP/ontime"
check_not "a done in time has no late_by" grep -q 'late_by' "$TMP/ontime"
same "the objectives are met or not" "$(grep -E '^    met: ' "$REC" | tr -d ' \n')" "met:falsemet:true"
run $CRISIS drill validate "$REC" </dev/null
expect_code "crisis drill validate accepts the record" 0
expect_out "... with no problems" "^1 file checked: no problems$"
same "the record is committed: Record drill run" "$(git log -1 --format=%s)" "Record drill run $id"
same "the commit holds the record only" "$(git show --name-only --format= HEAD)" "$REC"
same "the commit follows the one before" "$(git rev-parse HEAD~1)" "$before"
same "the workspace is clean after the run" "$(git status --porcelain)" ""
run $CRISIS drill list </dev/null
expect_code "drill list after a recorded run" 0
expect_no_out "the recorded run is not in progress" "IN PROGRESS"
expect_out "the recorded run is listed under recorded runs" "^  $id +[0-9-]{10}  2/3 on time$"
expect_out "the drill counts its run" "^  drills/good.yaml +plan .* 1 run$"
run $CRISIS drill list --format json </dev/null
expect_code "drill list --format json" 0
if jq -e . "$TMP/out" >/dev/null 2>&1; then pass "drill list --format json is JSON"; else
	fail "drill list --format json is JSON" "$(oneline "$TMP/out")"; fi
same "drill list --format json: nothing in progress" "$(jq -c .in_progress "$TMP/out" 2>&1)" "[]"
same "drill list --format json: the recorded run" \
	"$(jq -r --arg id "$id" '.runs[] | select(.id == $id) | "\(.path) \(.drill) \(.on_time)/\(.expectations)"' "$TMP/out" 2>&1)" \
	"$REC exercice-base 2/3"
same "drill list --format json: the drills" "$(jq -r '[.drills[].id] | join(" ")' "$TMP/out" 2>&1)" \
	"crue en1 en2 exercice-incendie-siege fr1 fr2 exercice-base"
run $CRISIS drill validate </dev/null
expect_code "drill validate of drills/ takes the records of drills/runs/ too" 0
expect_out "drill validate: 7 drills and a record" "^8 files checked: no problems$"

# the id is taken: a second run gets -2; an explicit id of a record is refused
run $CRISIS drill run --id "$id" --script "$TMP/two-hours.script" good </dev/null
expect_code "drill run --id of a recorded run is refused" 3
expect_err "drill run --id says the record exists" "drills/runs/$id.yaml exists already"
same "a refused id starts no run" "$(in_progress)" ""

# --- commands on standard input, --no-commit --------------------------------------------
head=$(git rev-parse HEAD)
printf 'note hello\nend\n' >"$TMP/stdin"
run $CRISIS drill run --no-commit good <"$TMP/stdin"
expect_code "commands on standard input: note, end" 0
id2=$(run_id)
same "a second run of the drill the same day gets -2" "$id2" "$id-2"
expect_out "the note is recorded and shown" "^T\+00:00:00 note: hello$"
expect_out "the inject due at once is shown" "^T\+00:00:00 inject i-alarme: "
expect_out "the end is shown" "^T\+00:00:00 end$"
expect_out "--no-commit: recorded, not committed" "^recorded drills/runs/$id2.yaml \(not committed\)$"
check "the record from standard input has the note" grep -qx '    text: hello' "drills/runs/$id2.yaml"
same "--no-commit leaves the record untracked" "$(git status --porcelain)" "?? drills/runs/$id2.yaml"
same "--no-commit makes no commit" "$(git rev-parse HEAD)" "$head"
run $CRISIS drill validate "drills/runs/$id2.yaml" </dev/null
expect_code "the record from standard input validates" 0
same "the run from standard input is not in progress" "$(in_progress)" ""

printf 'done no-such-expect P\nfrobnicate\nrole directeur-crise c-nobody\nnote ok\nend\n' >"$TMP/stdin"
run $CRISIS drill run --no-commit --id stdin-errors good <"$TMP/stdin"
expect_code "commands on standard input with errors: findings" 1
expect_err "an unknown expectation is refused, with its line" "^<stdin>:1: error: no expectation 'no-such-expect'"
expect_err "an unknown command is refused, with its line and column" "^<stdin>:2:1: error: unknown command .*\[script-syntax\]$"
expect_err "an unknown contact is refused" "^<stdin>:3: error: 'c-nobody' is no contact of plan '$SITE'"
expect_out "the good lines are recorded" "^T\+00:00:00 note: ok$"
check "the run with refused lines is recorded" test -f drills/runs/stdin-errors.yaml
check_not "a refused line is not in the record" grep -q 'no-such-expect\|c-nobody' drills/runs/stdin-errors.yaml

run $CRISIS drill run --no-commit --id Essai good </dev/null
expect_code "drill run --id with what is not an id" 2
expect_err "drill run --id says what an id is" "'Essai' is not an id"
same "an id refused: no run started" "$(in_progress | grep -c Essai)" 0

# --- a script with an error: nothing of it is recorded --------------------------------------
mkdir -p tests/bad/drill
cp "$BAD"/*.script tests/bad/drill/
while IFS="$tab" read -r name want_rc want_line want_rule rest; do
	case $name in *.script) ;; *) continue ;; esac
	before_ids=$(in_progress)
	run $CRISIS drill run --no-commit --script "tests/bad/drill/$name" good </dev/null
	expect_code "bad script $name: exit $want_rc" "$want_rc"
	expect_err "bad script $name: $name:$want_line:COL: error ... [$want_rule]" \
		"^tests/bad/drill/$name:$want_line:[0-9]+: error: .*\[$want_rule\]$"
	expect_err "bad script $name: says nothing was recorded" "cannot be played: nothing of it was recorded"
	rid=$(run_id)
	check "bad script $name: no record" test ! -e "drills/runs/$rid.yaml"
	same "bad script $name: no run is left in the journal" "$(in_progress | grep -vxF "$before_ids")" ""
done <"$BAD/expect.tsv"

# --- two runs in progress: resume asks which ------------------------------------------------
printf '+00:00:10 note un\n' >"$TMP/one.script"
$CRISIS drill run --no-commit --id multi-1 --script "$TMP/one.script" good </dev/null >/dev/null 2>&1
$CRISIS drill run --no-commit --id multi-2 --script "$TMP/one.script" good </dev/null >/dev/null 2>&1
run $CRISIS drill resume </dev/null
expect_code "drill resume with several runs in progress and none named" 3
expect_err "drill resume lists the runs to choose from" "runs are in progress \(.*multi-1.*multi-2.*\): name one"
printf '+00:00:20 end\n' >"$TMP/end.script"
for r in multi-1 multi-2; do
	$CRISIS drill resume --no-commit --script "$TMP/end.script" $r </dev/null >/dev/null 2>&1
done
same "the two runs ended" "$(in_progress | grep -c multi)" 0

# --- a script without end: paused; resume goes on ---------------------------------------------
printf '+00:00:00 note début\n+00:01:00 done e-alerte P fait\n+00:03:00 note trois\n' >"$TMP/part1.script"
run $CRISIS drill run --no-commit --id part --script "$TMP/part1.script" good </dev/null
expect_code "a script without end" 0
same "a script without end: its events" "$(cat "$TMP/out")" "T+00:00:00 inject i-alarme: Alarme incendie dans le hall de stockage des bobines.
T+00:00:00 note: début
T+00:01:00 done e-alerte (P) fait
T+00:03:00 note: trois"
expect_err "a script without end leaves the run paused where it stood" "^run 'part' paused at T\+00:03:00: 'crisis drill resume part' goes on with it$"
check "a run in progress has no record" test ! -e drills/runs/part.yaml
check "the run is in progress" sh -c "$CRISIS drill list --format json | jq -e '.in_progress[] | select(.id == \"part\" and .drill == \"drills/good.yaml\" and .ended == false)'"
run $CRISIS drill list </dev/null
expect_out "drill list shows the run in progress" "^  part +drills/good.yaml, started [0-9]{4}-"

run $CRISIS drill watch part </dev/null
expect_code "drill watch without a terminal" 0
same "drill watch shows the players the injects and the pause, not the facilitator's log" "$(cat "$TMP/out")" \
	"T+00:00:00 inject i-alarme: Alarme incendie dans le hall de stockage des bobines.
T+00:03:00 pause (quit)"
expect_no_out "drill watch does not show the expected actions' ids" "e-alerte|e-levee-de-doute|e-convoquer"
run $CRISIS drill watch --facilitator part </dev/null
expect_code "drill watch --facilitator" 0
same "drill watch --facilitator shows the whole log" "$(cat "$TMP/out")" \
	"T+00:00:00 inject i-alarme: Alarme incendie dans le hall de stockage des bobines.
T+00:00:00 note: début
T+00:01:00 done e-alerte (P) fait
T+00:03:00 note: trois
T+00:03:00 pause (quit)"
cp "$TMP/out" "$TMP/watch-before"

printf '+00:02:00 note trop tôt\n' >"$TMP/back.script"
run $CRISIS drill resume --no-commit --script "$TMP/back.script" part </dev/null
expect_code "drill resume --script going back in time" 1
expect_err "the time cannot go back" "cannot go back"
$CRISIS drill watch --facilitator part </dev/null >"$TMP/watch-after" 2>&1
check "a refused resume script records nothing" cmp -s "$TMP/watch-before" "$TMP/watch-after"

printf '+00:25:00 note vingt-cinq\n' >"$TMP/part2.script"
run $CRISIS drill resume --no-commit --script "$TMP/part2.script" part </dev/null
expect_code "drill resume --script MORE" 0
expect_err "drill resume says where the run stood" "^run 'part' resumed at T\+00:03:00 with its 5 events$"
expect_out "drill resume plays the script" "^T\+00:25:00 note: vingt-cinq$"
same "after a resume, the inject due at +00:20:00 comes at its time, before the line at +00:25:00" \
	"$(cat "$TMP/out")" "T+00:20:00 inject i-cellule: Le feu atteint l'onduleuse ; le directeur du site est joint.
T+00:25:00 note: vingt-cinq"
expect_err "the run is paused again at the script's end" "^run 'part' paused at T\+00:25:00"

echo "# edited" >>drills/good.yaml
printf '+00:40:00 note quarante\n+00:50:00 end\n' >"$TMP/part3.script"
run $CRISIS drill resume --no-commit --script "$TMP/part3.script" part </dev/null
expect_code "drill resume of a drill changed since the run started is refused" 3
expect_err "the refusal names --as-started" "changed since run 'part' started.*--as-started"
same "a refused resume prints no event" "$(cat "$TMP/out")" ""
check "a refused resume writes no record" test ! -e drills/runs/part.yaml
run $CRISIS drill resume --no-commit --as-started --script "$TMP/part3.script" part </dev/null
expect_code "drill resume --as-started goes on with the drill as it was" 0
expect_out "drill resume --as-started plays the script" "^T\+00:40:00 note: quarante$"
expect_out "drill resume --as-started records the run" "^recorded drills/runs/part.yaml \(not committed\)$"
git checkout -q -- drills/good.yaml
P=drills/runs/part.yaml
check "the resumed run's record has the events of every part" \
	sh -c "grep -qx '    text: début' $P && grep -qx '    text: trois' $P && grep -qx '    text: vingt-cinq' $P && grep -qx '    text: quarante' $P"
check "the resumed run lasts PT50M" grep -qx 'duration: PT50M' "$P"
same "the pause of a script that stops is at its last line (PT3M), not later on the real clock" \
	"$(event "$P" PT3M pause)" "  - at: PT3M
    type: pause
    why: quit"
same "the inject after a resume is recorded at its time (PT20M)" "$(event "$P" PT20M inject | sed -n 1,3p)" "  - at: PT20M
    type: inject
    inject: i-cellule"
run $CRISIS drill validate "$P" </dev/null
expect_code "the resumed run's record validates" 0
check_not "the resumed run is no longer in progress" sh -c "$CRISIS drill list --format json | jq -e '.in_progress[] | select(.id == \"part\")'"

# --- drill watch --follow: a live run from another process ---------------------------------------
{
	sleep 1
	echo "note en direct"
	sleep 1
	echo end
} | $CRISIS drill run --no-commit --id live good >"$TMP/live-out" 2>"$TMP/live-err" &
livepid=$!
i=0
while [ $i -lt 50 ] && ! in_progress | grep -qx live; do
	sleep 0.1
	i=$((i + 1))
done
if in_progress | grep -qx live; then
	timeout 20 $CRISIS drill watch --follow --facilitator live </dev/null >"$TMP/out" 2>"$TMP/err"
	code=$?
	expect_code "drill watch --follow ends with the run" 0
	expect_out "drill watch --follow shows the inject" "^T\+00:00:00 inject i-alarme: "
	expect_out "drill watch --follow shows what is recorded after it started" "^T\+[0-9:]{8} note: en direct$"
else
	fail "(setup) the live run is in progress" "$(cat "$TMP/live-err")"
fi
wait $livepid
check "the live run is recorded" test -f drills/runs/live.yaml

# --- the bad corpus: drills ----------------------------------------------------------------------
cd "$ROOT" || exit 3
bad_corpus drill $CRISIS drill validate --no-config --format json --plan "plans/examples/$SITE.yaml"

cd / || exit 3
finish
