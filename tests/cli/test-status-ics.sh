#!/bin/sh
# crisis status --format ics: the workspace's dates as an RFC 5545 calendar,
# read back with a real parser (Debian's python3-icalendar): the calendar's
# properties, one all-day event per review, exercise and open action with
# its date and summary, unique UIDs that stay the same from run to run and
# when a date moves, lines of at most 75 octets ending in CRLF; -o FILE,
# the exit status, and --format text unchanged.
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-status-ics.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
EX=$(pwd)/plans/examples
# Debian's python, which python3-icalendar installs into (a python3 earlier on the PATH may not have it).
PY=/usr/bin/python3

if ! $PY -c 'import icalendar' 2>/dev/null; then
	echo "Bail out! python3-icalendar is needed to read the calendar (make deps-test installs it)"
	exit 1
fi
isolate_git

# The calendar, as a calendar application reads it: first the lines as
# they are written, then the parser's view, one event a line:
# UID, DTSTART, DTEND, SEQUENCE, alarm (its trigger or -), SUMMARY, DESCRIPTION (\n as |).
cat >"$TMP/ics.py" <<'EOF'
import sys
import icalendar

data = open(sys.argv[1], 'rb').read()
problems = []
if not data.endswith(b'\r\n'):
    problems.append('the calendar does not end in CRLF')
for n, line in enumerate(data.split(b'\r\n')[:-1], 1):
    if len(line) > 75:
        problems.append('line %d has %d octets' % (n, len(line)))
    if b'\n' in line or b'\r' in line:
        problems.append('line %d has a bare CR or LF' % n)
    try:
        line.decode('utf-8')
    except UnicodeDecodeError:
        problems.append('line %d is not UTF-8 on its own (a character split by a fold)' % n)
for p in problems:
    print('PROBLEM', p)
cal = icalendar.Calendar.from_ical(data)
print('CAL', cal.get('VERSION'), cal.get('CALSCALE'), '|', cal.get('PRODID'), '|', cal.get('X-WR-CALNAME'))
for ev in cal.walk('VEVENT'):
    start, end = ev.decoded('DTSTART'), ev.decoded('DTEND')
    alarms = [str(a.decoded('TRIGGER')) for a in ev.walk('VALARM')]
    stamp = ev.get('DTSTAMP').dt
    print('\t'.join([
        'EVENT', str(ev.get('UID')), start.isoformat(), end.isoformat(),
        str((end - start).days), str(ev.get('SEQUENCE')),
        ','.join(alarms) or '-',
        'utc' if stamp.utcoffset() is not None and stamp.utcoffset().total_seconds() == 0 else 'not-utc',
        str(ev.get('SUMMARY')), str(ev.get('DESCRIPTION')).replace('\n', '|')]))
EOF
# parse FILE: the parser's view in $TMP/parsed; its events in $TMP/events.
parse() {
	$PY "$TMP/ics.py" "$1" >"$TMP/parsed" 2>"$TMP/parse-err"
	parsed_rc=$?
	grep '^EVENT' "$TMP/parsed" | cut -f2- >"$TMP/events"
}
# field UID N: field N of the event UID (1 UID, 2 start, 3 end, 4 days, 5 sequence, 6 alarm, 7 stamp, 8 summary, 9 description).
field() { awk -F '\t' -v u="$1" -v n="$2" '$1 == u { print $n }' "$TMP/events"; }
uids() { cut -f1 "$TMP/events" | sort; }

# --- a workspace: two French plans, an English one, an English and a French debrief -----------
WS=$TMP/plans-paris
new_ws "$WS"
cd "$WS" || exit 3
cp "$EX/pandemie-continuite.yaml" "$EX/it-ransomware-recovery.yaml" "$EX/site-incendie-inondation-greve.yaml" plans/
cp "$EX/retex-cyberattaque-2026.yaml" debriefs/2026-03-20-retex-cyberattaque-2026.yaml
cat >debriefs/2026-02-02-retex-grippe.yaml <<'EOF'
format: crisis/v1
kind: debrief
id: retex-grippe
title: RETEX — épidémie de grippe de janvier 2026
about:
  crisis: Épidémie de grippe de janvier 2026
  plan: pandemie-continuite
date: 2026-02-02
actions:
  - id: action-1
    do: "Mettre à jour la liste des suppléants; former l'équipe, vite, avant l'hiver \\ et garder un double"
    owner: c-lemaire
    due: 2027-01-15
    element: planning
    status: open
  - id: action-2
    do: Imprimer le classeur
    owner: c-lemaire
    due: 2026-03-01
    element: equipment
    status: done
EOF
git add -A && git commit -q -m "plans and debriefs"

run $CRISIS status --today 2026-12-06 </dev/null
text_code=$code
cp "$TMP/out" "$TMP/text"
run $CRISIS status --format text --today 2026-12-06 </dev/null
same "--format text is the default: the same report" "$(cat "$TMP/out")" "$(cat "$TMP/text")"
same "--format text: the same exit status" "$code" "$text_code"

run $CRISIS status --format ics --today 2026-12-06 </dev/null
same "--format ics exits as the status does" "$code" "$text_code"
expect_code "(this workspace needs attention: 1)" 1
cp "$TMP/out" "$TMP/cal1.ics"
parse "$TMP/cal1.ics"
same "python3-icalendar reads the calendar" "$parsed_rc $(cat "$TMP/parse-err")" "0 "
same "every line is at most 75 octets, ends in CRLF, and is UTF-8 on its own" \
	"$(grep '^PROBLEM' "$TMP/parsed")" ""
check "some lines are folded (the check above saw folds)" grep -q "$(printf '\r\n ')" "$TMP/cal1.ics"
same "VERSION 2.0, CALSCALE GREGORIAN, a PRODID, X-WR-CALNAME names the workspace" \
	"$(grep '^CAL' "$TMP/parsed")" "CAL 2.0 GREGORIAN | -//crisis//crisis $($CRISIS --version | sed 's/.* //')//EN | crisis: plans-paris"
same "one event per review, per exercise and per open action" "$(wc -l <"$TMP/events")" 12
same "the UIDs are unique" "$(uids | uniq -d)" ""
key=$(git rev-list --max-parents=0 HEAD | cut -c1-12).crisis
same "the UIDs name what the event is about and the workspace's first commit" "$(uids | tr '\n' ' ')" \
	"action-retex-cyberattaque-2026.a-clean-room-hosts@$key action-retex-cyberattaque-2026.a-erp-deputy@$key action-retex-cyberattaque-2026.a-full-rebuild-exercise@$key action-retex-cyberattaque-2026.a-keyholders@$key action-retex-cyberattaque-2026.a-mail-check@$key action-retex-grippe.action-1@$key exercise-it-ransomware-recovery@$key exercise-pandemie-continuite@$key exercise-site-incendie-inondation-greve@$key review-it-ransomware-recovery@$key review-pandemie-continuite@$key review-site-incendie-inondation-greve@$key "
same "every event lasts one whole day" "$(cut -f4 "$TMP/events" | sort -u)" 1
same "DTSTAMP is UTC" "$(cut -f7 "$TMP/events" | sort -u)" utc

# The dates: review.last + review.every, exercise.last + exercise.every, the action's due date.
same "the review of a French plan: its date" "$(field "review-pandemie-continuite@$key" 2)" 2027-02-09
same "the next day ends it" "$(field "review-pandemie-continuite@$key" 3)" 2027-02-10
same "its summary is French" "$(field "review-pandemie-continuite@$key" 8)" "Revue du PCA pandemie-continuite"
same "its description: title, owner, file, last review, how often in words" "$(field "review-pandemie-continuite@$key" 9)" \
	"PCA — Pandémie et absentéisme massif|Responsable : François Lemaire (c-lemaire)|Fichier : plans/pandemie-continuite.yaml|Dernière revue : 2026-02-09, tous les 12 mois"
same "a reminder a week before a review" "$(field "review-pandemie-continuite@$key" 6)" "-7 days, 0:00:00"
same "the exercise of a French plan" "$(field "exercise-pandemie-continuite@$key" 2) $(field "exercise-pandemie-continuite@$key" 8)" \
	"2027-04-14 Exercice du PCA pandemie-continuite"
same "the review of an English plan" "$(field "review-it-ransomware-recovery@$key" 2) $(field "review-it-ransomware-recovery@$key" 8)" \
	"2027-05-11 Review of recovery plan it-ransomware-recovery"
same "its exercise, every P6M" "$(field "exercise-it-ransomware-recovery@$key" 2) $(field "exercise-it-ransomware-recovery@$key" 8)" \
	"2027-04-08 Exercise of recovery plan it-ransomware-recovery"
same "an action of an English debrief: its due date and text" \
	"$(field "action-retex-cyberattaque-2026.a-keyholders@$key" 2) $(field "action-retex-cyberattaque-2026.a-keyholders@$key" 8)" \
	"2027-01-29 Corrective action: Name a third break-glass keyholder living within 30 minutes of the safe and rehearse the two-person opening at night."
same "its description: text, owner, debrief, plan, due date" "$(field "action-retex-cyberattaque-2026.a-keyholders@$key" 9 | cut -d'|' -f2-)" \
	"Owner: security-lead|Debrief: retex-cyberattaque-2026 (debriefs/2026-03-20-retex-cyberattaque-2026.yaml)|Plan: it-ransomware-recovery (plans/it-ransomware-recovery.yaml)|Due: 2027-01-29"
same "a French action: escaped characters come back as written" "$(field "action-retex-grippe.action-1@$key" 8)" \
	"Action corrective : Mettre à jour la liste des suppléants; former l'équipe, vite, avant l'hiver \\ et garder un double"
same "no reminder for an action" "$(field "action-retex-grippe.action-1@$key" 6)" -
check "a done or dropped action is not in the calendar" test -z "$(uids | grep -e action-2 -e a-monthly-image -e a-offline-call-list)"
same "an overdue item keeps its date and says so" \
	"$(field "action-retex-cyberattaque-2026.a-erp-deputy@$key" 2) $(field "action-retex-cyberattaque-2026.a-erp-deputy@$key" 9 | sed 's/.*|//')" \
	"2026-12-18 Due: 2026-12-18"
run $CRISIS status --format ics --today 2027-01-01 </dev/null
parse "$TMP/out"
same "... and later, overdue, it keeps its date and says so" \
	"$(field "action-retex-cyberattaque-2026.a-erp-deputy@$key" 2) $(field "action-retex-cyberattaque-2026.a-erp-deputy@$key" 9 | sed 's/.*|//')" \
	"2026-12-18 Overdue: still to do on 2027-01-01"
run $CRISIS status --format ics --today 2027-03-01 </dev/null
parse "$TMP/out"
same "an overdue review keeps its date and says so" \
	"$(field "review-pandemie-continuite@$key" 2) $(field "review-pandemie-continuite@$key" 9 | sed 's/.*|//')" \
	"2027-02-09 En retard : toujours à faire le 2027-03-01"
same "and has no reminder left to give" "$(field "review-pandemie-continuite@$key" 6)" -

# --- the same UIDs from run to run, and when a date moves ----------------------------------------
run $CRISIS status --format ics --today 2026-12-06 </dev/null
parse "$TMP/out"
uids >"$TMP/uids2"
parse "$TMP/cal1.ics"
same "a second run: the same UIDs" "$(cat "$TMP/uids2")" "$(uids)"
seq1=$(field "review-pandemie-continuite@$key" 5)
sed -i 's/^  last: 2026-02-09$/  last: 2026-11-30/' plans/pandemie-continuite.yaml
git commit -q -am "pandemie-continuite reviewed"
run $CRISIS status --format ics --today 2026-12-06 </dev/null
parse "$TMP/out"
same "after a review is recorded: the same UIDs" "$(uids)" "$(cat "$TMP/uids2")"
same "the review moved to its new date" "$(field "review-pandemie-continuite@$key" 2)" 2027-11-30
check "its SEQUENCE grew, so that the update wins" test "$(field "review-pandemie-continuite@$key" 5)" -gt "$seq1"

# --- never reviewed, never exercised: due today -------------------------------------------------
sed -e '/^  last: 2026-11-30$/d' -e '/^  approved_by:/d' -e 's/^status: approved$/status: draft/' \
	plans/pandemie-continuite.yaml >"$TMP/p.yaml" && cp "$TMP/p.yaml" plans/pandemie-continuite.yaml
sed -i '/^exercise:/,/^[a-z]/{/^  last:/d}' plans/it-ransomware-recovery.yaml
run $CRISIS status --format ics --today 2026-12-06 </dev/null
parse "$TMP/out"
same "a plan never reviewed: its review is due today" "$(field "review-pandemie-continuite@$key" 2) $(field "review-pandemie-continuite@$key" 9 | sed 's/.*|//')" \
	"2026-12-06 Jamais revu : à revoir dès maintenant"
same "a plan never exercised: its exercise is due today" "$(field "exercise-it-ransomware-recovery@$key" 2) $(field "exercise-it-ransomware-recovery@$key" 9 | sed 's/.*|//')" \
	"2026-12-06 Never exercised: due now"
git checkout -q -- plans

# --- two plans with one id: UIDs stay unique ------------------------------------------------------
cp plans/pandemie-continuite.yaml plans/pandemie-copie.yaml
run $CRISIS status --format ics --today 2026-12-06 </dev/null
parse "$TMP/out"
same "a second plan with the same id: still unique UIDs" "$(uids | uniq -d)" ""
check "it is in the calendar all the same" test -n "$(field "review-pandemie-continuite-2@$key" 2)"
rm plans/pandemie-copie.yaml

# --- an unreadable plan is said, the rest is in the calendar -------------------------------------
printf 'format: crisis/v1\nkind: pca\nid: [\n' >plans/casse.yaml
run $CRISIS status --format ics --today 2026-12-06 </dev/null
expect_code "an unreadable plan: exit 1, as status" 1
expect_err "it is said on standard error" "^crisis: warning: plans/casse.yaml cannot be read: its review and exercise are not in the calendar"
parse "$TMP/out"
same "the calendar still reads, with the other plans" "$parsed_rc $(wc -l <"$TMP/events")" "0 12"
rm plans/casse.yaml

# --- -o FILE ------------------------------------------------------------------------------------------
mkdir -p "$TMP/shared"
run $CRISIS status -f ics -o "$TMP/shared/crise.ics" --today 2026-12-06 </dev/null
expect_code "-o FILE: exit as the status" 1
same "nothing on standard output" "$(cat "$TMP/out")" ""
expect_err "it says where it wrote" "wrote $TMP/shared/crise.ics"
parse "$TMP/shared/crise.ics"
same "the file is the calendar" "$parsed_rc $(wc -l <"$TMP/events")" "0 12"
same "no temporary file is left beside it" "$(ls "$TMP/shared")" "crise.ics"
run $CRISIS status -f ics -o "$TMP/no-such-folder/crise.ics" </dev/null
expect_code "-o into a folder that does not exist: fatal" 3
expect_err "with a message" "^crisis: "

# --- usage --------------------------------------------------------------------------------------------
run $CRISIS status --format vcard </dev/null
expect_code "an unknown format is a usage error" 2
expect_err "naming the formats" "unknown format 'vcard' \(expected text\|ics\)"
same "--format completes text and ics" "$($CRISIS __complete status --format '' </dev/null | tr '\n' ' ')" "text ics "

# --- before the first commit: the folder names the events ----------------------------------------------
WS2=$TMP/Crise-Lyon
new_ws "$WS2"
cp "$EX/pandemie-continuite.yaml" "$WS2/plans/"
run $CRISIS -C "$WS2" status -f ics --today 2026-12-06 </dev/null
expect_err "no commit yet: it says how the events are named" "warning: .*named after the folder"
parse "$TMP/out"
same "the UIDs end in the folder's name" "$(uids | tr '\n' ' ')" \
	"exercise-pandemie-continuite@crise-lyon.crisis review-pandemie-continuite@crise-lyon.crisis "

finish
