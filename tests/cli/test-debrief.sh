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

# --- a workspace: a plan, a drill, a recorded run ----------------------------------------------
WS=$TMP/ws
$CRISIS init "$WS" >/dev/null 2>&1
cd "$WS" || exit 3
git config user.name "Claire Morel"
git config user.email claire.morel@example.fr
cp "$EX/$SITE.yaml" plans/
cp "$EX/exercice-incendie-siege.yaml" drills/
git add -A && git commit -q -m "plan and drill"
printf '+00:00:00 role directeur-crise c-renaud\n+00:03:00 done e-levee-de-doute P levée de doute faite\n+00:04:00 done e-alarme-pompiers S appel en retard\n+00:20:00 decision évacuer le bâtiment B by directeur-crise why fumée visible\n+00:25:00 note les pompiers sont sur place\n+00:30:00 end\n' >"$TMP/run.script"
$CRISIS drill run --id run1 --script "$TMP/run.script" exercice-incendie-siege </dev/null >"$TMP/out" 2>"$TMP/err"
check "(setup) a drill run is recorded" test -f drills/runs/run1.yaml

# --- new from a drill run: its material imported ----------------------------------------------------
run $CRISIS debrief new --drill-run run1 --date 2026-12-02 </dev/null
expect_code "debrief new --drill-run" 0
expect_out "it says what it imported" "^started debrief 'exercice-incendie-siege' of drill run run1 \(plan $SITE\): [0-9]+ entries of the run imported"
run $CRISIS debrief new --drill-run run1 </dev/null
expect_code "a second debrief with the same id is refused" 3
expect_err "it says why" "is being written already"
run $CRISIS debrief new --drill-run no-such-run </dev/null
expect_code "an unknown run" 2
expect_err "an unknown run is named" "no drill run 'no-such-run'"
run $CRISIS debrief new </dev/null
expect_code "new without --drill-run or --crisis" 2

# --- add ------------------------------------------------------------------------------------------
run $CRISIS debrief add lesson "La liste d'astreinte de Vigilis était périmée" --tag alerte --tag astreinte </dev/null
expect_code "add a lesson" 0
expect_out "the lesson gets an id" "^added lesson 'lesson-1' to debrief 'exercice-incendie-siege' \(entry [0-9]+\)$"
run $CRISIS debrief add action "Mettre à jour la liste d'astreinte de Vigilis" --owner responsable-securite \
	--due 2027-01-15 --element planning --lesson lesson-1 --today 2026-12-02 </dev/null
expect_code "add an action" 0
expect_out "the action gets an id" "^added action 'action-1'"
run $CRISIS debrief add action "Former les suppléants" --owner responsable-securit --due 2027-01-15 \
	--element training --today 2026-12-02 </dev/null
expect_code "an owner who is no contact nor role is refused" 2
expect_err "with a suggestion" "owner 'responsable-securit' is no cell role or contact of plan '$SITE'; did you mean 'responsable-securite'\?"
run $CRISIS debrief add action "Former les suppléants" --owner c-guerin --due 2026-11-30 --element training \
	--today 2026-12-02 </dev/null
expect_code "a due date in the past is recorded" 0
expect_err "with a warning" "warning: action is due on 2026-11-30, already past \(today is 2026-12-02\) \[action-due-past\]"
run $CRISIS debrief add action "Rien" --owner c-guerin --due 2027-01-15 --element planing </dev/null
expect_code "an unknown element" 2
expect_err "an unknown element gets a suggestion" "did you mean 'planning'\?"
run $CRISIS debrief add action "Rien" --owner c-guerin --due 2027-01-15 --element planning --lesson lesson-9 </dev/null
expect_code "an action for a lesson that does not exist" 2
run $CRISIS debrief add lesson "Texte" --id lesson-1 </dev/null
expect_code "an id taken twice" 2
run $CRISIS debrief add timeline "Alarme" </dev/null
expect_code "a timeline entry without its time" 2
run $CRISIS debrief add timeline "Alarme" --at 2026-13-01T08:00 </dev/null
expect_code "a timeline entry at a time that is none" 2
run $CRISIS debrief add frobnicate "x" </dev/null
expect_code "an unknown section" 2
run $CRISIS debrief add decision "Ouvrir la cellule" --at PT40M --by directeur-crise --why "feu étendu" </dev/null
expect_code "add a decision" 0

# --- finish -------------------------------------------------------------------------------------------
head=$(git rev-parse HEAD)
run $CRISIS debrief finish </dev/null
expect_code "debrief finish" 0
file=debriefs/2026-12-02-exercice-incendie-siege.yaml
expect_out "finish names the file and the commit" "^recorded $file: 1 lesson, 2 actions \(commit [0-9a-f]{7}\)$"
check "the file is written" test -f "$file"
same "the file is committed" "$(git log -1 --format=%s -- "$file")" "Debrief exercice-incendie-siege"
same "one commit, on top of the last" "$(git rev-parse HEAD~1)" "$head"
same "nothing left uncommitted" "$(git status --porcelain)" ""
run $CRISIS debrief validate --today 2026-12-02 "$file" </dev/null
expect_code "the finished file validates (a warning: the action due in the past)" 0
check "the run's decision is imported" grep -q 'what: évacuer le bâtiment B' "$file"
check "the stand-in is imported as something that went wrong" grep -q 'Rôle directeur-crise tenu par c-renaud en remplacement de' "$file"
check "the late expectation is imported" grep -q 'Fait avec 2 min de retard (e-alarme-pompiers, responsable-securite, attendu à T+00:02:00)' "$file"
check "the note is in the timeline" grep -q 'event: "Note : les pompiers sont sur place"' "$file"
check "the lesson's tags" grep -q 'tags: \[alerte, astreinte\]' "$file"
run $CRISIS debrief finish </dev/null
expect_code "finish with nothing in progress" 2

# --- a crisis, guided on standard input ------------------------------------------------------------------
printf '2026-03-03T02:14+01:00 Chiffrement des serveurs détecté\n\nCellule réunie en 40 min\n\nListe d'"'"'appel chiffrée elle aussi\n\nListes hors ligne #alerte\n\nImprimer la liste d'"'"'appel chaque mois\nc-morel\n2027-03-01\nequipment\nlesson-1\n' >"$TMP/guided"
run $CRISIS debrief new --crisis "Cyberattaque de mars" --date 2026-03-20 --guided <"$TMP/guided"
expect_code "a guided debrief of a crisis" 0
expect_out "the guided session records each entry" "^  recorded \(entry 5\)$"
expect_out "and counts them" "^5 entries recorded"
run $CRISIS debrief finish --no-commit cyberattaque-de-mars </dev/null
expect_code "finish --no-commit" 0
f2=debriefs/2026-03-20-cyberattaque-de-mars.yaml
same "--no-commit leaves the file untracked" "$(git status --porcelain)" "?? $f2"
check "the crisis is named" grep -qx '  crisis: Cyberattaque de mars' "$f2"
check "a guided lesson's tags" grep -q 'tags: \[alerte\]' "$f2"
check "a guided action" grep -qx '    owner: c-morel' "$f2"
git add -A && git commit -q -m "crisis debrief"

# --- list, show, report ---------------------------------------------------------------------------------
$CRISIS debrief new --crisis "Panne du datacenter" --date 2026-12-03 --no-guided </dev/null >/dev/null 2>&1
run $CRISIS debrief list --format json </dev/null
expect_code "debrief list --format json" 0
same "list: the finished debriefs" "$(jq -r '.debriefs[].id' "$TMP/out" | sort | tr '\n' ' ')" "cyberattaque-de-mars exercice-incendie-siege "
same "list: the one being written" "$(jq -r '.in_progress[].id' "$TMP/out")" "panne-du-datacenter"
same "list: open actions counted" "$(jq -r '.debriefs[] | select(.id == "exercice-incendie-siege") | .open' "$TMP/out")" 2
run $CRISIS debrief list </dev/null
expect_out "list in text names the file" "^  debriefs/2026-12-02-exercice-incendie-siege.yaml +drill +1 lesson, 2 actions: 2 open"
expect_out "list in text shows what is being written" "^  panne-du-datacenter +of the crisis Panne du datacenter, 0 entries$"
run $CRISIS debrief show exercice-incendie-siege --today 2026-12-02 </dev/null
expect_code "debrief show" 0
expect_out "show: the lesson" "La liste d'astreinte de Vigilis était périmée"
run $CRISIS debrief show panne-du-datacenter </dev/null
expect_code "debrief show of a debrief being written" 0
run $CRISIS debrief show no-such-debrief </dev/null
expect_code "debrief show of nothing" 2
run $CRISIS debrief report --format html -o "$TMP/report.html" exercice-incendie-siege </dev/null
expect_code "debrief report --format html -o" 0
check "the HTML report is one page with the action" grep -q 'action-1' "$TMP/report.html"
run $CRISIS debrief report --format md exercice-incendie-siege </dev/null
expect_code "debrief report --format md" 0
run $CRISIS debrief report --format json exercice-incendie-siege </dev/null
same "debrief report --format json: the actions" "$(jq -r '.actions | length' "$TMP/out")" 2
run $CRISIS debrief report --format pdf exercice-incendie-siege </dev/null
expect_code "an unknown report format" 2

# --- actions -----------------------------------------------------------------------------------------------
run $CRISIS debrief actions --format json --today 2026-12-02 </dev/null
expect_code "debrief actions --format json" 0
same "every action of the workspace" "$(jq -r '.actions | length' "$TMP/out")" 3
same "actions: the path and line of each" "$(jq -r '.actions[] | select(.id == "action-2" and .debrief == "exercice-incendie-siege") | "\(.path):\(.line)"' "$TMP/out")" \
	"$file:$(grep -n 'id: action-2' "$file" | cut -d: -f1)"
run $CRISIS debrief actions --overdue --format json --today 2026-12-02 </dev/null
same "--overdue: the one past its date" "$(jq -r '.actions[] | "\(.debrief)/\(.id)"' "$TMP/out")" "exercice-incendie-siege/action-2"
run $CRISIS debrief actions --owner c-morel --format json </dev/null
same "--owner" "$(jq -r '.actions[].id' "$TMP/out")" "action-1"
run $CRISIS debrief actions --plan no-such-plan --format json </dev/null
same "--plan of no action" "$(jq -r '.actions | length' "$TMP/out")" 0
run $CRISIS debrief actions --format csv </dev/null
expect_out "--format csv has a header" "^id,"
same "--format csv: a record an action" "$(grep -c 'action-' "$TMP/out")" 3
run $CRISIS debrief actions --today 2026-12-02 </dev/null
expect_out "actions in text: the summary" "^3 actions: 3 open \(1 overdue\), 0 done, 0 dropped$"

# --- close -------------------------------------------------------------------------------------------------
sed -i 's/^title: \(.*\)$/title: \1 (liste d astreinte)/' "plans/$SITE.yaml"
git commit -q -am "The on-call list of Vigilis, up to date"
fix=$(git rev-parse HEAD)
echo "notes" >notes.txt && git add notes.txt && git commit -q -m "Notes"
other=$(git rev-parse HEAD)
run $CRISIS debrief close action-1 --commit "$fix" </dev/null
expect_code "an action id two debriefs have" 2
expect_err "it asks which" "each have an action 'action-1': name one, such as "
run $CRISIS debrief close exercice-incendie-siege/action-1 --commit "$other" </dev/null
expect_code "a commit that does not change the plan" 1
expect_err "it says so" "commit ${other%"${other#???????}"} does not change plan '$SITE' \(plans/$SITE.yaml\)"
run $CRISIS debrief close exercice-incendie-siege/no-such-action --commit "$fix" </dev/null
expect_code "an unknown action" 2
run $CRISIS debrief close exercice-incendie-siege/action-1 --commit no-such-rev </dev/null
expect_code "an unknown revision" 2
run $CRISIS debrief close exercice-incendie-siege/action-1 </dev/null
expect_code "close without --commit or --drop" 2
before=$(git rev-parse HEAD)
run $CRISIS debrief close exercice-incendie-siege/action-1 --commit "$fix" </dev/null
expect_code "close an action with the plan commit that does it" 0
expect_out "it says so" "^closed action 'action-1' of debrief 'exercice-incendie-siege': done by ${fix%"${fix#???????}"} \(plan $SITE\); commit [0-9a-f]{7}$"
same "the debrief is committed" "$(git rev-parse HEAD~1)" "$before"
same "the commit changes only the debrief" "$(git show --format= --name-only HEAD)" "$file"
check "the action is done" grep -A8 'id: action-1' "$file" | grep -qx '    status: done'
check "and closed by the commit" grep -qx "    closed_by: $fix" "$file"
run $CRISIS debrief validate --today 2026-12-02 "$file" </dev/null
expect_code "the debrief closed validates" 0
run $CRISIS debrief close exercice-incendie-siege/action-1 --commit "$fix" </dev/null
expect_code "closing it again" 2
expect_err "says it is done already" "is done already, by commit $fix"
run $CRISIS debrief close --drop --debrief exercice-incendie-siege action-2 </dev/null
expect_code "drop an action" 0
check "the action is dropped" grep -A8 'id: action-2' "$file" | grep -qx '    status: dropped'
run $CRISIS plan log "plans/$SITE.yaml" </dev/null
expect_out "plan log says which action the commit closed" "^        closes action action-1 of debrief exercice-incendie-siege: Mettre à jour la liste d'astreinte de Vigilis$"
run $CRISIS plan log --format json "plans/$SITE.yaml" </dev/null
same "plan log --format json: the closings" "$(jq -r '.[] | select(.commit == "'"$fix"'") | .closes[0].action' "$TMP/out")" "action-1"

# --- status: the overdue actions --------------------------------------------------------------------------
run $CRISIS status --today 2027-06-01 </dev/null
expect_code "status with an overdue action exits 1" 1
expect_out "status names the overdue action and its line" "^$f2:[0-9]+: action action-1 overdue since 2027-03-01 \(c-morel\): Imprimer la liste d'appel chaque mois$"
expect_out "status counts the actions" "^2 debriefs: 1 open action, 1 overdue$"
expect_out "status says last why it exits 1" "^needs attention: .*1 debrief finding \(overdue actions, unreadable debriefs\)$"
run $CRISIS status --today 2026-12-02 </dev/null
expect_out "no overdue action on time" "^2 debriefs: 1 open action, 0 overdue$"

# --- search and reindex --------------------------------------------------------------------------------
cp "$EX/retex-cyberattaque-2026.yaml" debriefs/2026-03-20-retex-cyberattaque-2026.yaml
run $CRISIS debrief search astreinte </dev/null
expect_code "search finds" 0
expect_out "a lesson, with its file and line" "^$file:[0-9]+: lesson lesson-1: La liste d'astreinte de Vigilis était périmée$"
line=$(grep -n "text: La liste d'astreinte" "$file" | cut -d: -f1)
expect_out "the line is the lesson's" "^$file:$((line - 1)): lesson lesson-1: "
run $CRISIS debrief search --color always ASTREINTE </dev/null
expect_out "case aside, the word found is highlighted" "liste d'.\[1;31mastreinte.\[m de Vigilis"
run $CRISIS debrief search perimee </dev/null
expect_out "accents aside" "était périmée$"
run $CRISIS debrief search pompiers place </dev/null
expect_out "a drill run's note is found" "^drills/runs/run1.yaml:[0-9]+: note: les pompiers sont sur place$"
run $CRISIS debrief search --tag astreinte liste </dev/null
same "--tag: only the lessons with the tag" "$(cut -d: -f3 "$TMP/out" | sort -u)" " lesson lesson-1"
run $CRISIS debrief search --year 2026 --plan no-such-plan liste </dev/null
expect_code "nothing found: exit 1, as grep" 1
run $CRISIS debrief search --format json clean room </dev/null
expect_code "search --format json" 0
same "the English example's hits come from its file" "$(jq -r '.hits[].path' "$TMP/out" | sort -u)" "debriefs/2026-03-20-retex-cyberattaque-2026.yaml"
same "json: the match spans name the words" "$(jq -r '.hits[0] | .text[.matches[0][0]:.matches[0][1]]' "$TMP/out" | tr 'A-Z' 'a-z')" "clean"
run $CRISIS debrief search '"(*' </dev/null
expect_code "a query of punctuation only" 2
expect_err "says there is no word" "nothing to search for"
run $CRISIS debrief search 'NEAR(' 'astreinte' OR </dev/null
expect_code "FTS5 syntax typed is only words" 1
# The index follows the files: a new lesson is found, a removed file is not.
sed -i 's/^    text: La liste d.astreinte de Vigilis était périmée$/    text: La liste de garde de Vigilis était périmée/' "$file"
run $CRISIS debrief search "liste de garde" </dev/null
expect_out "a file edited is read again" "^$file:[0-9]+: lesson lesson-1: La liste de garde de Vigilis"
git checkout -q -- "$file"
rm debriefs/2026-03-20-retex-cyberattaque-2026.yaml
run $CRISIS debrief search clean room </dev/null
expect_code "a file removed is no longer found" 1
rm -f .crisis/index.db .crisis/index.db-wal .crisis/index.db-shm
run $CRISIS debrief search astreinte </dev/null
expect_code "the index deleted: made again, nothing lost" 0
run $CRISIS reindex </dev/null
expect_code "crisis reindex" 0
expect_out "reindex says what it read" "^indexed [0-9]+ files: [0-9]+ lessons, notes, decisions and actions$"
run $CRISIS reindex extra </dev/null
expect_code "reindex takes no argument" 2

# --- a second run of the same drill; a debrief file broken by hand ----------------------------------
$CRISIS drill run --id run2 --script "$TMP/run.script" exercice-incendie-siege </dev/null >/dev/null 2>&1
run $CRISIS debrief new --drill-run run2 --no-guided </dev/null
expect_code "a second run of a debriefed drill" 0
expect_out "its debrief takes the run's id" "^started debrief 'run2' of drill run run2"
run $CRISIS debrief new --drill-run run2 --no-guided </dev/null
expect_code "the same run twice is refused" 3
expect_err "as being written already" "a debrief 'run2' is being written already"
printf 'format: crisis/v1\nkind: debrief\nid: broken\nabout: [\n' >debriefs/2026-12-05-broken.yaml
run $CRISIS status --today 2026-12-02 </dev/null
expect_code "status with a debrief that does not validate exits 1" 1
expect_out "status names it" "^debriefs/2026-12-05-broken.yaml does not validate: its actions are not counted"
run $CRISIS debrief actions </dev/null
expect_err "debrief actions warns of the file it leaves out" "warning: debriefs/2026-12-05-broken.yaml is left out: it does not validate"
rm debriefs/2026-12-05-broken.yaml
mkfifo debriefs/2026-12-05-pipe.yaml
run timeout 10 $CRISIS status --today 2026-12-02 </dev/null
expect_code "a FIFO among the debriefs: status neither hangs nor skips it silently" 1
expect_out "status names the FIFO" "^debriefs/2026-12-05-pipe.yaml does not validate"
run timeout 10 $CRISIS debrief search astreinte </dev/null
expect_code "search does not hang on a FIFO either" 0
rm debriefs/2026-12-05-pipe.yaml

# --- a debrief where a plan is expected ----------------------------------------------------------------
run $CRISIS plan show "$file" </dev/null
expect_code "plan show of a debrief: a usage error, no crash" 2
expect_err "it says what the file is" "is a debrief, not a plan: see 'crisis debrief show'"
cp "$file" plans/not-a-plan.yaml
git add plans/not-a-plan.yaml && git commit -q -m "a debrief among the plans"
echo "# edited" >>plans/not-a-plan.yaml
run $CRISIS plan diff </dev/null
check "plan diff with a debrief among the plans does not crash" test "$code" -lt 128
run $CRISIS plan show plans/not-a-plan.yaml@HEAD </dev/null
check "plan show FILE@REV of a debrief does not crash" test "$code" -lt 128
expect_err "it says what the file is" "this is a debrief, not a plan"
run $CRISIS plan approve --by c-morel plans/not-a-plan.yaml </dev/null
check "plan approve of a debrief is refused, no crash" test "$code" -gt 0 -a "$code" -lt 128
git rm -q -f plans/not-a-plan.yaml && git commit -q -m "no debrief among the plans"

# --- completion knows the workspace ----------------------------------------------------------------
cands() { $CRISIS __complete "$@" </dev/null 2>/dev/null | tr '\n' ' '; }
same "plan show completes the plan ids (and files)" "$(cands plan show '')" "$SITE __files__ "
same "plan show ID@ completes revisions" "$(cands plan show "$SITE@HE")" "$SITE@HEAD $SITE@HEAD~1 $SITE@HEAD~2 "
same "drill resume completes runs" "$(cands drill report run)" "run1 run2 "
same "debrief show completes the debriefs" "$(cands debrief show exer)" "exercice-incendie-siege "
case " $(cands debrief close '') " in
*" action-1 "*" exercice-incendie-siege/action-1 "*) pass "debrief close completes actions, alone and as DEBRIEF/ACTION" ;;
*) fail "debrief close completes actions, alone and as DEBRIEF/ACTION" "$(cands debrief close '')" ;;
esac
same "debrief add completes its sections first" "$(cands debrief add we)" "went-well went-wrong "
same "and nothing for the text" "$(cands debrief add lesson '')" ""
same "--owner completes roles and contacts" "$(cands debrief add action x --owner responsable-s)" "responsable-securite "
same "contacts show completes contact ids" "$(cands contacts show c-guer)" "c-guerin "
same "status takes no argument: nothing" "$(cands status '')" ""
same "-C completes a folder" "$(cands -C '')" "__dirs__ "
same "init completes a folder" "$(cands init '')" "__dirs__ "
same "after -C DIR, DIR's workspace" "$(cd / && cands -C "$WS" debrief show exer)" "exercice-incendie-siege "
same "--format=VALUE keeps its --format=" "$(cands debrief actions --format=cs)" "--format=csv "
same "--format VALUE as bash splits it at =" "$(cands debrief actions --format = cs)" "csv "

# --- the bad corpus: debriefs ---------------------------------------------------------------------
cd "$ROOT" || exit 3
bad_corpus debrief $CRISIS debrief validate --today 2026-11-22 --no-config --format json \
	--plan "plans/examples/$SITE.yaml"

cd / || exit 3
finish
