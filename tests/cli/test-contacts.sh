#!/bin/sh
# crisis contacts: list, show, find, tree, check, export and import, in
# workspaces built in $TMP (the example plans; a shared contacts.yaml with a
# plan that relies on it) and outside any workspace with --plan FILE.
# Machine output is checked by its consumers: python3's JSON parser, jq,
# xmllint with the JUnit schema, jsonschema with the SARIF schema.
. tests/cli/lib.sh
ROOT=$(pwd)
FX=$ROOT/tests/cli/fixtures/contacts
EX=$ROOT/plans/examples
SCHEMAS=$ROOT/tests/schemas
EXAMPLES="it-ransomware-recovery pandemie-continuite relation-clients-crise site-incendie-inondation-greve"

# --- isolation: our own HOME and git identity, nothing from the caller ----
isolate_git
LC_ALL=C.UTF-8
export LC_ALL
umask 022

# --- helpers ---------------------------------------------------------------
# usage DESC CMD...: a usage error: exit 2, the usage of the subcommand, no output.
usage() {
	d=$1
	shift
	run "$@"
	if [ "$code" -eq 2 ] && grep -q '^usage: crisis contacts' "$TMP/err" && [ ! -s "$TMP/out" ]; then
		pass "$d"
	else
		fail "$d" "exit code $code, expected 2 with the usage on stderr" "stderr: $(oneline "$TMP/err")"
	fi
}
# ids: the first column of the table in the last run's stdout, header left out.
ids() { tail -n +2 "$TMP/out" | awk '{ printf "%s ", $1 }'; }
# rows: how many rows the table has.
rows() { echo $(($(wc -l <"$TMP/out") - 1)); }
# json_ok DESC: the last run's stdout is one valid JSON document.
json_ok() {
	if python3 -m json.tool "$TMP/out" >/dev/null 2>"$TMP/jerr"; then pass "$1"; else
		fail "$1" "$(oneline "$TMP/jerr")" "stdout: $(oneline "$TMP/out")"
	fi
}
# json0 DESC: the last run exited 0 and its stdout is one valid JSON document.
json0() {
	if [ "$code" -eq 0 ] && python3 -m json.tool "$TMP/out" >/dev/null 2>"$TMP/jerr"; then pass "$1"; else
		fail "$1" "exit code $code" "$(oneline "$TMP/jerr")" "stdout: $(oneline "$TMP/out")"
	fi
}
# jq_ok DESC FILTER: jq -e FILTER holds on the last run's stdout.
jq_ok() {
	if jq -e "$2" "$TMP/out" >/dev/null 2>&1; then pass "$1"; else
		fail "$1" "jq -e '$2' is false" "stdout: $(oneline "$TMP/out")"
	fi
}
sum() { cksum <"$1"; }
# page FILE: its number of lines and its widest line, in characters.
cat >"$TMP/page.py" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
print(len(lines), max((len(l) for l in lines), default=0))
EOF
page() { python3 "$TMP/page.py" "$1"; }
# aligned FILE: every column of the table starts where its header does.
cat >"$TMP/aligned.py" <<'EOF'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
heads = ["ID", "NAME", "ORG", "AVAILABLE", "PHONE", "DEFINED IN"]
at = [rows[0].index(h) for h in heads]
assert at == sorted(at) and at[0] == 0, at
for r in rows[1:]:
    for k in at[1:]:
        assert r[k - 2:k] == "  " and r[k] != " ", (r, k)
print(len(rows) - 1)
EOF
aligned() { python3 "$TMP/aligned.py" "$1" 2>&1; }
# long_lines FILE: how many lines (CRLF left out) are longer than 75 octets.
long_lines() { LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) n++ } END { print n + 0 }' "$1"; }
TODAY="--today 2026-11-01"
C=$CRISIS

# --- workspaces -------------------------------------------------------------
# $EXW: the four example plans, no contacts.yaml.
EXW=$TMP/examples
new_ws "$EXW"
cp "$EX"/*.yaml "$EXW/plans/"
# $WS: a shared contacts.yaml and a plan that names its contacts.
WS=$TMP/ws
new_ws "$WS"
cp "$FX/contacts.yaml" "$WS/contacts.yaml"
cp "$FX/pca-partage.yaml" "$WS/plans/pca-partage.yaml"
# $NOWS: outside any workspace.
NOWS=$TMP/nows
mkdir -p "$NOWS"
cd "$NOWS" || exit 3
outside=yes
git rev-parse --git-dir >/dev/null 2>&1 && outside=no
NOTOUT="$TMP is inside a git repository"

# --- list -------------------------------------------------------------------
cd "$EXW" || exit 3
run $C contacts list
expect_code "list: exit 0" 0
expect_out "list: header line" "^ID +NAME +ORG +AVAILABLE +PHONE +DEFINED IN$"
same "list: one row per contact of the four plans" "$(rows)" 66
same "list: columns line up under the header (UTF-8 counted as characters)" "$(aligned "$TMP/out")" 66
expect_out "list: id, UTF-8 name, org, availability, first phone, plan file" \
	"^c-lefevre +Julien Lefèvre +internal +24/7 +\+33 6 00 00 10 01 +plans/relation-clients-crise\.yaml$"
expect_out "list: office-hours contacts say so" "^c-petit +Thomas Petit +internal +office-hours "
run $C contacts list --org external
same "list --org external: exit 0, only the externals" "$code $(ids)" \
	"0 c-ir-retainer c-insurer c-erp-vendor c-roche c-paie-secours c-centre-appels c-operateur c-gardiennage c-logisticien c-assureur "
run $C contacts list --org internal
same "list --org internal: 56 internal contacts, no external one" "$(rows) $(grep -c ' external ' "$TMP/out")" "56 0"
run $C contacts list --available 24/7
same "list --available 24/7: exit 0, no office-hours contact" "$code $(grep -c 'office-hours' "$TMP/out") $(grep -c '^c-lefevre ' "$TMP/out")" "0 0 1"
run $C contacts list --available office-hours --org external
same "list --available office-hours --org external: both filters" "$(ids)" "c-roche c-paie-secours "
run $C contacts list --format json
json0 "list --format json: exit 0, valid JSON"
jq_ok "list json: 66 contacts, with activation, defined_in and used_by" \
	'.version == 1 and (.contacts | length) == 66 and
	 (.contacts[] | select(.id == "c-centre-appels") | .activation.day == "PT1H" and .activation.night == "PT3H"
	  and .defined_in == "plans/relation-clients-crise.yaml" and (.used_by | length) == 2)
	 and ([.contacts[].name] | index("Julien Lefèvre")) != null'
run $C contacts list --format csv
same "list --format csv: exit 0, header line" "$code $(head -n 1 "$TMP/out" | tr -d '\r')" \
	"0 id,name,title,org,phones,email,available,activation_day,activation_night,verified,notes"
expect_out "list csv: a field with a comma is quoted" '^c-operateur,.*,"Support entreprises, niveau 2",external,'
usage "list --org both: usage error" $C contacts list --org both
expect_err "list --org both: says what --org takes" "--org takes internal or external, not 'both'"
usage "list --available sometimes: usage error" $C contacts list --available sometimes
usage "list --format xml: usage error" $C contacts list --format xml
usage "list: an unknown option is a usage error" $C contacts list --frobnicate
expect_err "list: the unknown option is named" "unknown option '--frobnicate'"
usage "list: an extra argument is a usage error" $C contacts list extra
run $C contacts frobnicate
same "contacts frobnicate: usage error, named" "$code $(grep -c "'frobnicate' is not a subcommand" "$TMP/err")" "2 1"
# --plan: "only this plan (an id of the workspace, or a file)"
run $C contacts list --plan relation-clients-crise
same "list --plan ID: exactly that plan's contacts (by the plan's id)" \
	"$code $(rows) $(grep -c '^c-lefevre ' "$TMP/out")" "0 13 1"

cd "$NOWS" || exit 3
run $C contacts list --plan "$EX/relation-clients-crise.yaml"
same "outside a workspace, list --plan FILE: exit 0, that plan's 13 contacts" "$code $(rows)" "0 13"
expect_out "list --plan FILE: defined in the file as named" "^c-operateur .* $EX/relation-clients-crise\.yaml$"
run $C contacts list --plan "$EX/relation-clients-crise.yaml" --plan "$EX/pandemie-continuite.yaml"
same "list --plan twice: both plans' contacts" "$(rows)" 31
if [ $outside = yes ]; then
	run $C contacts list
	expect_code "outside a workspace, list without --plan: usage error" 2
	expect_err "outside a workspace: says to name plan files or run crisis init" \
		"not in a crisis workspace: name plan files with --plan, or run 'crisis init'"
else
	skip "outside a workspace, list without --plan" "$NOTOUT"
	skip "outside a workspace: the message" "$NOTOUT"
fi

# --- show -------------------------------------------------------------------
cd "$EXW" || exit 3
run $C contacts show c-lefevre
expect_code "show: exit 0" 0
same "show: the fields, in order" "$(sed -n '1,9p' "$TMP/out")" "Julien Lefèvre (c-lefevre)
title:       Directeur général
org:         internal
phones:      +33 6 00 00 10 01
             +33 1 99 00 10 01
email:       julien.lefevre@example.fr
available:   24/7
verified:    2026-10-05
defined in:  plans/relation-clients-crise.yaml"
expect_out "show: named by, first the approval" "^named by: +relation-clients-crise: approver of the plan$"
expect_out "show: named by, through a cell role" \
	"^ +relation-clients-crise: escalation level 2 \(as holder of cell role 'directeur-crise'\)$"
run $C contacts show c-centre-appels
expect_out "show: a supplier's activation delays" "^activation: +PT1H by day, PT3H at night$"
run $C contacts show c-lefevr
expect_code "show: unknown id: exit 1" 1
expect_err "show: unknown id: did you mean" "no contact 'c-lefevr'; did you mean 'c-lefevre'\?"
expect_no_out "show: unknown id: nothing on stdout" "."
usage "show without an id: usage error" $C contacts show
run $C contacts show c-lefevre --format json
json0 "show --format json: exit 0, valid JSON"
jq_ok "show json: the contact, where it is defined, what names it" \
	'(.contacts | length) == 1 and .contacts[0].id == "c-lefevre" and .contacts[0].name == "Julien Lefèvre"
	 and .contacts[0].phones == ["+33 6 00 00 10 01", "+33 1 99 00 10 01"]
	 and .contacts[0].defined_in == "plans/relation-clients-crise.yaml"
	 and (.contacts[0].used_by[0] | .plan == "relation-clients-crise" and .as == "approver of the plan")'
cd "$WS" || exit 3
run $C contacts show c-secours
expect_out "show: a shared contact is defined in contacts.yaml" "^defined in: +contacts\.yaml$"
expect_out "show: a shared contact is named by the plans" "^named by: +pca-partage: escalation level 2$"
run $C contacts show c-oublie
expect_out "show: a contact no plan names" "^named by: +nothing$"

# --- find -------------------------------------------------------------------
cd "$EXW" || exit 3
run $C contacts find helene
same "find helene: exit 0, both Hélènes (accents ignored)" "$code $(ids)" "0 c-faure c-vasseur "
expect_out "find: the list's table" "^ID +NAME +ORG +AVAILABLE +PHONE +DEFINED IN$"
run $C contacts find LEFEVRE
same "find LEFEVRE: Julien Lefèvre only (case and accents ignored)" "$(ids)" "c-lefevre "
run $C contacts find "ÉLODIE"
same "find ÉLODIE: Élodie Roux" "$(ids)" "c-roux "
run $C contacts find "00 00 10 01"
same "find by phone digits" "$(ids)" "c-lefevre "
run $C contacts find "06 00 00 10 01"
same "find by the national form of a number" "$(ids)" "c-lefevre "
run $C contacts find "99 00 10 03"
same "find by a second phone" "$(ids)" "c-martin "
run $C contacts find "@teleos.example"
same "find by e-mail domain" "$(ids)" "c-operateur "
run $C contacts find "claire.martin@"
same "find by e-mail local part" "$(ids)" "c-martin "
run $C contacts find zzqqxxw
expect_code "find: nothing found: exit 1" 1
run $C contacts find helene --org external
expect_code "find: filters that leave nothing: exit 1" 1
run $C contacts find helene --format json
jq_ok "find --format json: valid, the two Hélènes" '[.contacts[].id] == ["c-faure", "c-vasseur"]'
usage "find without text: usage error" $C contacts find

# --- tree -------------------------------------------------------------------
run $C contacts tree relation-clients-crise
expect_out "tree: a French plan's tree is in French" "^ARBRE D'APPEL +PCA — Relation clients en situation de crise$"
expect_out "tree: its levels in French" "^T\+[0-9]+ (min|h) +NIVEAU 1"
python3 -c '
import sys, unicodedata
w = max(sum(0 if unicodedata.combining(ch) else 1 for ch in l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if w <= 80 else 1)' "$TMP/out"
same "tree: every line within 80 columns" "$?" 0
run $C contacts tree --lang en relation-clients-crise
expect_code "tree PLAN: exit 0" 0
expect_out "tree: the plan's title" "^CALL TREE +PCA — Relation clients en situation de crise$"
expect_out "tree: the plan's id" "^plan relation-clients-crise$"
same "tree: levels in order, with T+ labels" "$(grep -E '^T\+' "$TMP/out" | sed 's/  */ /g')" \
	"T+15 min LEVEL 1
T+30 min LEVEL 2, call up to 2 times
T+1 h LEVEL 3"
expect_out "tree: a holder with both phones and availability" \
	"^  \[ \] Claire Martin +\+33 6 00 00 10 03  \+33 1 99 00 10 03  24/7$"
expect_out "tree: the holder's role and title" "^      pilote-relation-clients: Directrice de la relation clients$"
expect_out "tree: the fallback line" "^      fallback: Élodie Roux +\+33 6 00 00 10 04  24/7$"
expect_out "tree: office hours shown" "^  \[ \] Nadia Moreau +\+33 1 99 00 10 08  office hours$"
l1=$(grep -n '^EXTERNAL SUPPLIERS' "$TMP/out" | cut -d: -f1)
l2=$(grep -n '^      activation: 1 h by day, 3 h at night$' "$TMP/out" | cut -d: -f1)
check "tree: EXTERNAL SUPPLIERS, with the activation delays" test "${l1:-0}" -gt 0 -a "${l2:-0}" -gt "${l1:-0}"
run $C contacts tree --lang en it-ransomware-recovery
same "tree: four levels of the IT plan" "$(grep -E '^T\+' "$TMP/out" | sed 's/  */ /g')" \
	"T+15 min LEVEL 1
T+30 min LEVEL 2, call up to 3 times
T+1 h LEVEL 3
T+4 h LEVEL 4, go on if unreachable"
run $C contacts tree --lang en plans/pandemie-continuite.yaml
same "tree FILE: exit 0, the plan's id, a slow plan starts at T+1 h" \
	"$code $(grep -c '^plan pandemie-continuite$' "$TMP/out") $(grep -c '^T+1 h  *LEVEL 1$' "$TMP/out")" "0 1 1"
# Levels written out of order in the file are drawn in order of deadline.
cat >"$TMP/esc.yaml" <<'EOF'
escalation:
  - level: 2
    within: PT1H
    notify: [logistique, c-secours]
  - level: 1
    within: PT15M
    notify: [directeur-crise, expert-si]
EOF
awk -v esc="$TMP/esc.yaml" '/^escalation:/ { skip = 1; while ((getline l < esc) > 0) print l; next }
	/^communication:/ { skip = 0 } !skip' "$FX/pca-partage.yaml" |
	sed 's/^id: pca-partage$/id: pca-ordre/' >"$WS/plans/pca-ordre.yaml"
cd "$WS" || exit 3
run $C contacts tree --lang en pca-ordre
same "tree: levels written out of order are drawn by deadline" \
	"$code $(grep -E '^T\+' "$TMP/out" | sed 's/  */ /g' | tr '\n' '|')" "0 T+15 min LEVEL 1|T+1 h LEVEL 2|"
expect_out "tree: contacts from contacts.yaml are drawn" "^  \[ \] Zoé Marchetti +\+33 6 00 00 90 01  24/7$"
expect_out "tree: a shared supplier's activation delays" "^      activation: 2 h by day, 6 h at night$"
rm -f "$WS/plans/pca-ordre.yaml"
cd "$EXW" || exit 3
run $C contacts tree --lang en relation-clients-crise --format dot
same "tree --format dot: exit 0, starts with digraph" "$code $(head -n 1 "$TMP/out" | cut -d' ' -f1)" "0 digraph"
expect_out "tree dot: fallback edges" "\"c:c-martin\" -> \"c:c-roux\" \[style=dotted"
if command -v dot >/dev/null 2>&1; then
	if dot -Tsvg "$TMP/out" >/dev/null 2>"$TMP/derr"; then pass "tree dot: Graphviz parses it"; else
		fail "tree dot: Graphviz parses it" "$(oneline "$TMP/derr")"
	fi
else
	skip "tree dot: Graphviz parses it" "dot is not installed"
fi
run $C contacts tree --lang en relation-clients-crise --format json
json0 "tree --format json: exit 0, valid JSON"
jq_ok "tree json: plan, levels with deadlines, holders and fallbacks" \
	'.plan == "relation-clients-crise" and .scenario == null and
	 [.levels[].within_seconds] == [900, 1800, 3600] and
	 .levels[0].calls[0].who.id == "c-martin" and .levels[0].calls[0].fallback.id == "c-roux"'
run $C contacts tree --lang en relation-clients-crise --scenario rappel-produit
same "tree --scenario: exit 0, the scenario's procedures, in order" \
	"$code $(grep -E '^PROCEDURE' "$TMP/out" | cut -d: -f1 | tr '\n' ' ')" \
	"0 PROCEDURE validation-faq PROCEDURE ouverture-plateforme PROCEDURE rappel-clients "
expect_out "tree --scenario: each step with its time" "^  step 1, within 45 min: Adapter le modèle de FAQ"
run $C contacts tree relation-clients-crise --scenario no-such-scenario
same "tree: unknown scenario: exit 2, named with its plan, no tree" \
	"$code $(grep -c "plan 'relation-clients-crise' has no scenario 'no-such-scenario'" "$TMP/err") $(wc -c <"$TMP/out")" "2 1 0"
run $C contacts tree no-such-plan
same "tree: unknown plan: exit 2, named" "$code $(grep -c "no plan 'no-such-plan'" "$TMP/err")" "2 1"
usage "tree --scenario without a plan (several plans): usage error" $C contacts tree --lang en --scenario rappel-produit
run $C contacts tree --lang en
same "tree without a plan: every plan, a form feed between pages" \
	"$code $(grep -c '^CALL TREE' "$TMP/out") $(tr -cd '\f' <"$TMP/out" | wc -c)" "0 4 3"
for p in $EXAMPLES; do
	$C contacts tree --lang en "$p" >"$TMP/page" 2>/dev/null
	set -- $(page "$TMP/page")
	if [ "${1:-999}" -le 66 ] && [ "${2:-999}" -le 110 ] && [ "${1:-0}" -gt 10 ]; then
		pass "tree $p fits one A4 page ($1 lines, $2 columns)"
	else
		fail "tree $p fits one A4 page" "$1 lines (<= 66), $2 columns (<= 110)"
	fi
done

# --- check ------------------------------------------------------------------
run $C contacts check $TODAY --strict
expect_code "check: the examples are clean, even --strict" 0
expect_out "check: summary" "^4 files checked: no problems$"
cd "$WS" || exit 3
run $C contacts check $TODAY
expect_code "check: warnings only: exit 0" 0
expect_out "check: a stale contact at its file:line:col" \
	"^contacts\.yaml:22:15: warning: contact 'c-ancien' was last verified on 2025-01-10, more than P6M ago.*\[contact-stale\]$"
expect_out "check: the source line under it" "^ +22 \|     verified: 2025-01-10$"
expect_out "check: a shared contact no plan names" \
	"^contacts\.yaml:23:9: warning: contact 'c-oublie' is named by no plan of the workspace \[contact-unused\]$"
expect_no_out "check: shared contacts the plan names are not unused" "'c-(secours|astreinte|ancien)' is named by no plan"
expect_out "check: summary" "^2 files checked: 0 errors, 2 warnings$"
run $C contacts check $TODAY --strict
expect_code "check --strict: warnings fail" 1
run $C contacts check --today 2025-03-01
same "check --today: not stale as of an earlier day" "$code $(grep -c 'contact-stale' "$TMP/out")" "0 0"
run $C contacts check -q $TODAY
same "check -q: the findings, no summary line" \
	"$(grep -c '\[contact-' "$TMP/out") $(grep -c 'files checked' "$TMP/out")" "2 0"
usage "check --today with a bad date: usage error" $C contacts check --today 2026-13-45
expect_err "check --today: says what it takes" "--today takes a date such as [0-9-]+, not '2026-13-45'"
usage "check --format xml: usage error" $C contacts check --format xml
run $C contacts check $TODAY --format json
json0 "check --format json: exit 0, valid JSON"
jq_ok "check json: the documented shape, the finding's position" \
	'.version == 1 and .summary == {"files": 2, "errors": 0, "warnings": 2} and
	 (.files[] | select(.path == "contacts.yaml") | .diagnostics[0] |
	  .line == 22 and .column == 15 and .severity == "warning" and .rule == "contact-stale"
	  and .path == "contacts[1].verified")'
run $C contacts check $TODAY --format sarif
json_ok "check --format sarif is valid JSON"
if command -v jsonschema >/dev/null 2>&1; then
	if jsonschema -i "$TMP/out" "$SCHEMAS/sarif-schema-2.1.0.json" 2>"$TMP/xerr"; then
		pass "check sarif validates against the SARIF 2.1.0 schema"
	else fail "check sarif validates against the SARIF 2.1.0 schema" "$(oneline "$TMP/xerr")"; fi
else
	skip "check sarif validates against the SARIF 2.1.0 schema" "jsonschema is not installed"
fi
jq_ok "check sarif: rules and a located contact-stale result" \
	'.version == "2.1.0" and .runs[0].tool.driver.name == "crisis" and
	 ([.runs[0].tool.driver.rules[].id] | index("contact-stale")) != null and
	 (.runs[0].results[] | select(.ruleId == "contact-stale") |
	  .message.text != null and .locations[0].physicalLocation.artifactLocation.uri == "contacts.yaml"
	  and .locations[0].physicalLocation.region.startLine == 22)'
run $C contacts check $TODAY --strict --format junit
expect_code "check --strict --format junit keeps the exit code" 1
if xmllint --noout --schema "$SCHEMAS/junit-10.xsd" "$TMP/out" 2>"$TMP/xerr"; then
	pass "check junit is XML valid against the JUnit schema"; else
	fail "check junit is XML valid against the JUnit schema" "$(oneline "$TMP/xerr")"; fi
expect_out "check junit: a testcase for the stale contact" '<testcase name="contact-stale at 22:15" classname="contacts.yaml"'
run $C contacts check $TODAY --format github
expect_out "check github: an annotation with the position" \
	"^::warning file=contacts.yaml,line=22,col=15,title=contact-stale::"

# A plan that defines an id that contacts.yaml defines too.
cat >"$WS/plans/pca-doublon.yaml" <<'EOF'
format: crisis/v1
kind: pca
id: pca-doublon
title: PCA — Doublon
owner: c-astreinte
status: draft
review:
  every: P12M
contacts:
  - id: c-astreinte
    name: Zoé Marchetti
    phones: ["+33 6 00 00 90 01"]
    available: 24/7
EOF
run $C contacts check $TODAY
expect_code "check: an id both in a plan and in contacts.yaml: exit 1" 1
expect_out "check: duplicate-id at the plan's id, naming contacts.yaml's line" \
	"^plans/pca-doublon\.yaml:10:9: error: .*'c-astreinte' is also defined in contacts\.yaml \(line 7\) \[duplicate-id\]$"
run $C plan validate $TODAY plans/pca-doublon.yaml
same "plan validate sees that duplicate too" "$code $(grep -c '\[duplicate-id\]' "$TMP/out")" "1 1"
rm -f "$WS/plans/pca-doublon.yaml"

# A plan naming a shared contact with a typo.
sed -e 's/holder: c-astreinte/holder: c-astrainte/' -e 's/^id: pca-partage$/id: pca-typo/' \
	"$FX/pca-partage.yaml" >"$WS/plans/pca-typo.yaml"
run $C contacts check $TODAY
expect_code "check: an unknown reference: exit 1" 1
expect_out "check: unknown-reference, did you mean the shared contact" \
	"^plans/pca-typo\.yaml:45:13: error: cell\[1\]\.holder: unknown contact 'c-astrainte'; did you mean 'c-astreinte'\? \[unknown-reference\]$"
rm -f "$WS/plans/pca-typo.yaml"

# Two plans defining the same id differently (and then alike).
TW=$TMP/two
new_ws "$TW"
for p in a b; do
	cat >"$TW/plans/pca-$p.yaml" <<EOF
format: crisis/v1
kind: pca
id: pca-$p
title: PCA $p
owner: c-commun
status: draft
review:
  every: P12M
contacts:
  - id: c-commun
    name: Jeanne Commun
    phones: ["+33 6 00 00 92 0$([ $p = a ] && echo 1 || echo 2)"]
    available: 24/7
EOF
done
cd "$TW" || exit 3
run $C contacts check $TODAY
expect_code "check: two plans define an id differently: exit 1" 1
expect_out "check: duplicate-id naming the other plan" \
	"^plans/pca-b\.yaml:10:9: error: contact 'c-commun' is also defined, differently, in plans/pca-a\.yaml.*\[duplicate-id\]$"
run $C contacts show c-commun
expect_out "show: also defined in another plan" "^also in: +1 other plan$"
sed -i 's/92 02/92 01/' "$TW/plans/pca-b.yaml"
run $C contacts check $TODAY
expect_code "check: the same contact written alike in two plans is fine" 0

# --- plan validate sees contacts.yaml ---------------------------------------
cd "$WS" || exit 3
run $C plan validate $TODAY plans/pca-partage.yaml
same "plan validate in the workspace: the shared contacts resolve" "$code $(cat "$TMP/out")" \
	"0 1 file checked: no problems"
(cd "$WS/plans" && $C plan validate $TODAY pca-partage.yaml >/dev/null 2>&1)
same "plan validate from plans/: still sees contacts.yaml" "$?" 0
if [ $outside = yes ]; then
	cp "$FX/pca-partage.yaml" "$NOWS/pca-partage.yaml"
	cd "$NOWS" || exit 3
	run $C plan validate $TODAY pca-partage.yaml
	expect_code "plan validate of a copy outside the workspace: fails" 1
	expect_out "outside: unknown-reference at file:line:col" \
		"^pca-partage\.yaml:45:13: error: cell\[1\]\.holder: unknown contact 'c-astreinte'.*\[unknown-reference\]$"
else
	skip "plan validate of a copy outside the workspace" "$NOTOUT"
	skip "outside: unknown-reference" "$NOTOUT"
fi

# --- export -----------------------------------------------------------------
cd "$WS" || exit 3
run $C contacts export
expect_code "export: exit 0" 0
cp "$TMP/out" "$TMP/ws.vcf"
same "export: one BEGIN:VCARD, END:VCARD and VERSION:4.0 per contact" \
	"$(grep -c '^BEGIN:VCARD' "$TMP/ws.vcf") $(grep -c '^END:VCARD' "$TMP/ws.vcf") $(grep -c '^VERSION:4\.0.$' "$TMP/ws.vcf")" "6 6 6"
same "export: every line ends with CRLF" "$(grep -c "$(printf '\r')\$" "$TMP/ws.vcf")" "$(wc -l <"$TMP/ws.vcf")"
same "export: no line longer than 75 octets" "$(long_lines "$TMP/ws.vcf")" 0
check "export: UTF-8 names intact" grep -q "^FN:Électro Secours — groupes électrogènes.$" "$TMP/ws.vcf"
check "export: N with the family name first" grep -q "^N:Lebœuf;Gérard;;;.$" "$TMP/ws.vcf"
check "export: phones as tel: URIs" grep -q "^TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+33-6-00-00-90-01.$" "$TMP/ws.vcf"
check "export: a long note is folded" grep -q "^ " "$TMP/ws.vcf"
cd "$EXW" || exit 3
$C contacts export >"$TMP/ex.vcf" 2>/dev/null
same "export of the examples: 66 cards, no line over 75 octets" \
	"$(grep -c '^BEGIN:VCARD' "$TMP/ex.vcf") $(long_lines "$TMP/ex.vcf")" "66 0"
if python3 -c '
import sys
for l in open(sys.argv[1], "rb").read().split(b"\r\n"):
    l.decode("utf-8")
' "$TMP/ex.vcf" 2>/dev/null; then pass "export: folding never splits a UTF-8 character"; else
	fail "export: folding never splits a UTF-8 character"; fi
cd "$WS" || exit 3
run $C contacts export --format csv
same "export csv: exit 0, header, one line per contact" "$code $(head -n 1 "$TMP/out" | tr -d '\r') $(wc -l <"$TMP/out")" \
	"0 id,name,title,org,phones,email,available,activation_day,activation_night,verified,notes 7"
expect_out "export csv: several phones in one field" '^c-ancien,Gérard Lebœuf,.*,\+33 6 00 00 90 02 / \+33 1 99 00 90 02,'
expect_out "export csv: activation delays" "^c-secours,.*,PT2H,PT6H,2026-10-01,"
run $C contacts export --format json
jq_ok "export json: valid, every contact" '(.contacts | length) == 6'
usage "export --format xml: usage error" $C contacts export --format xml
rm -f "$TMP/o.vcf"
run $C contacts export -o "$TMP/o.vcf"
same "export -o FILE: exit 0, created 0600" "$code $(stat -c %a "$TMP/o.vcf" 2>&1)" "0 600"
expect_err "export -o: says how many, nothing on stdout" "^6 contacts written to "
check "export -o: the same content as on stdout" cmp -s "$TMP/o.vcf" "$TMP/ws.vcf"
run $C contacts export -o "$TMP/no-such-dir/o.vcf"
expect_code "export -o into a missing folder: fatal" 3
for f in vcard csv json; do
	$C contacts export --format $f >/dev/full 2>"$TMP/err"
	same "export $f to a full disk (/dev/full): fatal, says why" \
		"$? $(grep -c 'No space left on device' "$TMP/err")" "3 1"
done
for f in vcard csv json; do
	run $C contacts export --redact --format $f
	same "export --redact $f: no full phone number nor e-mail address" \
		"$code $(grep -Ec '(\+33[ -]?[0-9]([ -]?[0-9]{2}){4})|tel:|[a-z]@|[a-z]\.[a-z]+@' "$TMP/out")" "0 0"
done
run $C contacts export --redact --format csv
expect_out "export --redact: the country code and last digits stay" "^c-astreinte,Zoé Marchetti,.*,\+33 x xx xx xx 01,z\*\*\*@example\.fr,"

# --- import -----------------------------------------------------------------
# Round trip in a workspace with the examples and contacts.yaml.
RT=$TMP/rt
new_ws "$RT"
cp "$EX"/*.yaml "$RT/plans/"
cp "$FX/contacts.yaml" "$RT/contacts.yaml"
cd "$RT" || exit 3
for f in vcard csv; do
	$C contacts export --format $f >"$TMP/rt1.$f" 2>/dev/null
	rm -f contacts.yaml
	run $C contacts import --format $f "$TMP/rt1.$f"
	same "import $f round trip: exit 0, 4 shared contacts added, a note for each of 66 plan contacts" \
		"$code $(tail -n 1 "$TMP/err") $(grep -c ': note: .* is defined in plans/' "$TMP/err")" \
		"0 4 added, 0 updated, 0 unchanged, 0 invalid skipped 66"
	$C contacts export --format $f >"$TMP/rt2.$f" 2>/dev/null
	check "import $f round trip: export again is identical" cmp -s "$TMP/rt1.$f" "$TMP/rt2.$f"
	s1=$(sum contacts.yaml)
	run $C contacts import --format $f "$TMP/rt1.$f"
	same "import $f again: 0 added, 0 updated, file untouched" "$code $(tail -n 1 "$TMP/err") $(sum contacts.yaml)" \
		"0 0 added, 0 updated, 4 unchanged, 0 invalid skipped $s1"
done
# --excel: what a French Excel opens with a double-click, and what import reads back.
run $C contacts export --excel
same "export --excel: exit 0, a byte-order mark, ';' between the fields" \
	"$code $(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ') $(head -n 1 "$TMP/out" | tr -d '\r' | cut -c4-)" \
	"0 efbbbf id;name;title;org;phones;email;available;activation_day;activation_night;verified;notes"
cp "$TMP/out" "$TMP/excel.csv"
s1=$(sum contacts.yaml)
run $C contacts import "$TMP/excel.csv"
same "import of an --excel export: 4 unchanged, file untouched" "$code $(tail -n 1 "$TMP/err") $(sum contacts.yaml)" \
	"0 0 added, 0 updated, 4 unchanged, 0 invalid skipped $s1"
usage "export --excel --format vcard: usage error" $C contacts export --excel --format vcard
same "import: contacts.yaml is written 0600" "$(stat -c %a contacts.yaml 2>&1)" 600
run $C contacts check $TODAY
expect_out "after the round trip: no errors in the workspace" "^5 files checked: 0 errors"
usage "import: a file name that names no format: usage error" $C contacts import "$TMP/contacts.dat"
expect_err "import: says to name the format" "say --format vcard or csv"
usage "import --country 0: usage error" $C contacts import --country 0 "$TMP/rt1.csv"
run $C contacts import "$TMP/no-such-file.csv"
expect_code "import: a missing file is fatal" 3
if [ $outside = yes ]; then
	cd "$NOWS" || exit 3
	run $C contacts import "$TMP/rt1.csv"
	same "import outside a workspace: fails, writes nothing" "$([ $code -ne 0 ] && echo fails) $(ls "$NOWS")" \
		"fails pca-partage.yaml"
else
	skip "import outside a workspace fails" "$NOTOUT"
fi

# A French spreadsheet: ';', a UTF-8 BOM, French headers, national numbers.
IW=$TMP/imp
new_ws "$IW"
cd "$IW" || exit 3
printf '\357\273\277Nom;Prénom;Téléphone;Courriel\r\nDurand;Émilie;06 12 34 56 78;emilie.durand@example.fr\r\nPetit;Jean;06 11 22 33 44;jean.petit@example.fr\r\nPetit;Jean;07 99 88 77 66;\r\n' >"$TMP/fr.csv"
run $C contacts import --country 33 --dry-run "$TMP/fr.csv"
same "import --dry-run: exit 0, what would be added, with file:line" "$code $(head -n 1 "$TMP/out")" \
	"0 add    emilie-durand ($TMP/fr.csv:2)"
expect_err "import --dry-run: says nothing is written" "^would be: 3 added, .*\(dry run: nothing written\)$"
check "import --dry-run: no contacts.yaml written" test ! -e contacts.yaml
run $C contacts import "$TMP/fr.csv"
same "import of national numbers without --country: exit 1, nothing written" \
	"$code $([ -e contacts.yaml ] && echo written)" "1 "
expect_err "import without --country: file:line and the hint" \
	"^$TMP/fr\.csv:2: error: '06 12 34 56 78' is not a phone number in international form.*--country 33"
run $C contacts import --country 33 "$TMP/fr.csv"
same "import French CSV --country 33: exit 0, 3 added" "$code $(tail -n 1 "$TMP/err")" \
	"0 3 added, 0 updated, 0 unchanged, 0 invalid skipped"
same "import French CSV: contacts.yaml is 0600" "$(stat -c %a contacts.yaml 2>&1)" 600
same "import: Nom + Prénom, 06 12 34 56 78 -> +33 6 12 34 56 78, Courriel" \
	"$(sed -n '/- id: emilie-durand/,/email:/p' contacts.yaml)" "  - id: emilie-durand
    name: Émilie Durand
    phones: [\"+33 6 12 34 56 78\"]
    email: emilie.durand@example.fr"
same "import: two Jean Petit with different phones get distinct ids" \
	"$(grep -c '^  - id: jean-petit' contacts.yaml) $(grep '^  - id:' contacts.yaml | sort | uniq -d | wc -l)" "2 0"
run $C plan validate contacts.yaml
expect_code "the imported contacts.yaml validates" 0
# An update of one contact leaves the rest of the file alone.
sed -i 's/^contacts:$/contacts:\n  # Tenu à jour par le service RH./' contacts.yaml
cp contacts.yaml "$TMP/before.yaml"
printf 'Nom;Prénom;Téléphone;Courriel\nDurand;Émilie;+33 6 12 34 56 79;emilie.durand@example.fr\n' >"$TMP/upd.csv"
s1=$(sum contacts.yaml)
run $C contacts import --dry-run "$TMP/upd.csv"
same "import --dry-run: the update is shown, contacts.yaml unchanged (checksum)" \
	"$(cat "$TMP/out") | $(sum contacts.yaml)" "update emilie-durand ($TMP/upd.csv:2) | $s1"
run $C contacts import "$TMP/upd.csv"
same "import an updated phone: exit 0, an update" "$code $(tail -n 1 "$TMP/err")" \
	"0 0 added, 1 updated, 0 unchanged, 0 invalid skipped"
same "import an updated phone: only that line changes, the comment stays" \
	"$(diff "$TMP/before.yaml" contacts.yaml | grep '^[<>]')" \
	'<     phones: ["+33 6 12 34 56 78"]
>     phones: ["+33 6 12 34 56 79"]'
same "import: contacts.yaml stays 0600" "$(stat -c %a contacts.yaml)" 600
run $C contacts import "$TMP/upd.csv"
expect_err "re-import: 0 added, 0 updated" "^0 added, 0 updated, 1 unchanged, 0 invalid skipped$"

# The exports of the address books people have: Google's numbered columns
# and " ::: " between numbers, Outlook's honorific "Title" beside "Job Title".
printf 'Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\nLucie Garnier,Lucie,Garnier,Transalp,Responsable logistique,* Work,lucie.garnier@example.fr,Mobile,+33 6 00 00 95 01 ::: +33 4 00 00 95 02\n' >"$TMP/google.csv"
run $C contacts import "$TMP/google.csv"
same "import Google CSV: exit 0, one added" "$code $(tail -n 1 "$TMP/err")" \
	"0 1 added, 0 updated, 0 unchanged, 0 invalid skipped"
same "import Google CSV: both numbers, e-mail, title with organisation" \
	"$(grep -A4 'name: Lucie Garnier' contacts.yaml | grep -c -e 'phones: \["+33 6 00 00 95 01", "+33 4 00 00 95 02"\]' -e 'email: lucie.garnier@example.fr' -e 'title: Responsable logistique, Transalp$')" 3
printf '"Title","First Name","Last Name","Company","Job Title","Mobile Phone","E-mail Address"\n"Mrs.","Nadia","Roux","Transalp","Acheteuse","+33 6 00 00 95 03","nadia.roux@example.fr"\n"Dr","Paul","Blanc","Transalp","","+33 6 00 00 95 04",""\n' >"$TMP/outlook.csv"
run $C contacts import "$TMP/outlook.csv"
same "import Outlook CSV: exit 0, the job title is the title, an honorific never" \
	"$code $(grep -c 'Acheteuse' contacts.yaml) $(grep -c -e 'Mrs' -e 'Dr' contacts.yaml)" "0 1 0"
# Windows-1252 (LibreOffice's French CSV, Outlook's "ANSI"), found or named; UTF-16.
printf 'Nom;Pr\351nom;T\351l\351phone;Fonction\r\nAubry;Th\351o;+33 6 00 00 95 05;Responsable co\373ts \200\r\n' >"$TMP/cp1252.csv"
run $C contacts import "$TMP/cp1252.csv"
same "import Windows-1252: exit 0, the accents and the euro sign read" \
	"$code $(grep -c -e 'name: Théo Aubry$' -e 'title: Responsable coûts €$' contacts.yaml)" "0 2"
expect_err "import Windows-1252: a note says how the file was read" \
	"^$TMP/cp1252\.csv: note: not UTF-8: read as Windows-1252 \(--encoding names another charset\)$"
printf 'name,phone\nIn\350s Marchal,+33 6 00 00 95 06\n' >"$TMP/latin1.txt"
run $C contacts import --encoding latin1 --format csv "$TMP/latin1.txt"
same "import --encoding latin1: exit 0, no note, the name read" \
	"$code $(wc -l <"$TMP/err") $(grep -c 'name: Inès Marchal$' contacts.yaml)" "0 1 1"
usage "import --encoding of an unknown charset: usage error" $C contacts import --encoding klingon "$TMP/latin1.txt"
printf 'name,phone\nJérôme Ñandú,+33 6 00 00 95 07\n' | iconv -f UTF-8 -t UTF-16 >"$TMP/utf16.csv"
run $C contacts import "$TMP/utf16.csv"
same "import UTF-16 (with its mark): exit 0, the name read" \
	"$code $(grep -c 'name: Jérôme Ñandú$' contacts.yaml)" "0 1"
# vCard 2.1 as Android exports it: quoted-printable, soft line breaks, CHARSET.
printf 'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:L=C3=A9ger;Ma=C3=ABlle;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ma=C3=ABlle L=C3=A9ger\r\nTEL;CELL:+33 6 00 00 95 08\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Astreinte le week-end=3B pr=C3=A9venir =\r\nla veille=0D=0Asinon le DSI\r\nORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Soci=E9t=E9 Durance\r\nEND:VCARD\r\n' >"$TMP/android.vcf"
run $C contacts import "$TMP/android.vcf"
same "import vCard 2.1 quoted-printable: exit 0, name, note and organisation decoded" \
	"$code $(grep -A4 'name: Maëlle Léger$' contacts.yaml | grep -c -e 'title: Société Durance$' -e 'notes: "Astreinte le week-end; prévenir la veille\\nsinon le DSI"$')" "0 2"
# The same person written in another case is the same contact; the name written stays.
printf 'name,phone,email\nlucie GARNIER,+33 6 00 00 95 01,lucie.garnier@example.fr\n' >"$TMP/case.csv"
run $C contacts import "$TMP/case.csv"
same "import a name in another case: exit 0, nothing added, the written name stays" \
	"$code $(grep -c 'Lucie Garnier' contacts.yaml) $(grep -c 'GARNIER' contacts.yaml)" "0 1 0"

# Bad inputs: a message with file:line, exit 1, nothing written.
bad() { # bad DESC FILE MESSAGE-PATTERN
	s1=$(sum contacts.yaml)
	run $C contacts import "$2"
	same "bad input, $1: exit 1, nothing written" "$code $(sum contacts.yaml)" "1 $s1"
	expect_err "bad input, $1: file:line and what is wrong" "$3"
}
printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anne Complète\r\nTEL;VALUE=uri:tel:+33-6-00-00-93-01\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bruno Tronqué\r\nTEL;VALUE=uri:tel:+33-6-00-00-93-02\r\n' >"$TMP/trunc.vcf"
bad "a truncated vCard" "$TMP/trunc.vcf" "^$TMP/trunc\.vcf:6: error: .*no END:VCARD"
printf 'phone,email\n+33 6 00 00 93 02,x@example.fr\n' >"$TMP/noname.csv"
bad "a CSV without a name column" "$TMP/noname.csv" "^$TMP/noname\.csv:1: error: no name column"
printf 'name,phone,email\nAnne Valide,+33 6 00 00 93 03,anne@example.fr\nBruno Faux,+33 12,bruno@example.fr\n' >"$TMP/badphone.csv"
bad "an invalid phone" "$TMP/badphone.csv" "^$TMP/badphone\.csv:3: error: '\+33 12' is not a phone number"
printf 'name,phone,email\nAnne Valide,+33 6 00 00 93 03,anne@example.fr\nClaire Faux,+33 6 00 00 93 04,claire-at-example.fr\n' >"$TMP/bademail.csv"
bad "an invalid e-mail" "$TMP/bademail.csv" "^$TMP/bademail\.csv:3: error: 'claire-at-example\.fr' is not an e-mail address"
printf 'name,phone\nAnne Valide,+33 6 00 00 93 03\nH\303\251l\350ne Ab\303\xEEm\303\251,+33 6 00 00 93 05\n' >"$TMP/damaged.csv"
bad "UTF-8 with a damaged byte" "$TMP/damaged.csv" "^$TMP/damaged\.csv:3:4: error: not UTF-8"
printf 'name;phone\r\nA\201b;+33 6 00 00 93 05\r\n' >"$TMP/cp1252-bad.csv"
bad "a byte that is no Windows-1252 text" "$TMP/cp1252-bad.csv" \
	"^$TMP/cp1252-bad\.csv:2:2: error: byte 0x81 is not text in Windows-1252"
printf 'name,phone,email\nAnne Valide,+33 6 00 00 93 03,anne@example.fr\nDenis Trop,+33 6 00 00 93 06,denis@example.fr,extra\n' >"$TMP/fields.csv"
bad "a line with too many fields" "$TMP/fields.csv" "^$TMP/fields\.csv:3: error: 4 fields where the header has 3"
run $C contacts import "$TMP/badphone.csv"
expect_err "bad input: says --skip-invalid imports the others" "nothing written \(--skip-invalid imports the others\)"
run $C contacts import --skip-invalid "$TMP/badphone.csv"
same "import --skip-invalid: exit 0, the valid record is added" "$code $(cat "$TMP/out")" \
	"0 add    anne-valide ($TMP/badphone.csv:2)"
expect_err "import --skip-invalid: the invalid one is reported and counted" "^1 added, 0 updated, 0 unchanged, 1 invalid skipped$"
check_not "import --skip-invalid: the invalid record is not written" grep -q "Bruno Faux" contacts.yaml
run $C contacts import --skip-invalid "$TMP/trunc.vcf"
expect_out "import --skip-invalid vCard: the complete card is added" "^add +anne-complete "

# A record that a plan defines stays in the plan.
cp "$EX/relation-clients-crise.yaml" plans/
printf 'name,phone,email\nJulien Lefèvre,+33 6 00 00 10 01,julien.lefevre@example.fr\nNouveau Venu,+33 6 00 00 94 01,nouveau@example.fr\n' >"$TMP/inplan.csv"
run $C contacts import "$TMP/inplan.csv"
expect_err "import: a note names the plan that defines it" \
	"^$TMP/inplan\.csv:2: note: 'c-lefevre' is defined in plans/relation-clients-crise\.yaml: not imported"
same "import: exit 0, the plan's contact is left out, the other added" \
	"$code $(grep -c 'Lefèvre' contacts.yaml) $(grep -c 'name: Nouveau Venu' contacts.yaml)" "0 0 1"

# Ids the import makes up must not collide with a cell role of a plan
# (contacts and roles share one namespace).
RW=$TMP/roles
new_ws "$RW"
cp "$EX/it-ransomware-recovery.yaml" "$RW/plans/"
cd "$RW" || exit 3
printf 'name,phone\nCrisis Director,+33 6 00 00 97 02\n' >"$TMP/role.csv"
run $C contacts import "$TMP/role.csv"
check_not "import: the id made for 'Crisis Director' is not the cell role crisis-director" \
	grep -qx "  - id: crisis-director" contacts.yaml
run $C contacts check $TODAY
same "import: the workspace stays free of duplicate ids" "$code $(grep -c 'duplicate-id' "$TMP/out")" "0 0"

# Restoring contacts.yaml from an export, in a workspace whose plan needs
# it: the plan's own contacts must not be copied into contacts.yaml.
cd "$WS" || exit 3
$C contacts export >"$TMP/ws-backup.vcf" 2>/dev/null
rm -f contacts.yaml
run $C contacts import "$TMP/ws-backup.vcf"
same "restore contacts.yaml from a vCard export: the plan's own contacts are not copied" \
	"$code $(grep -Ec 'id: c-(chef|adjointe)$' contacts.yaml) $(grep -c '^  - id:' contacts.yaml)" "0 0 4"
run $C contacts check $TODAY
same "restore: no duplicate-id in the workspace" "$(grep -c 'duplicate-id' "$TMP/out")" 0

# A contacts.yaml whose list is written inline cannot be edited entry by
# entry: the import says so and writes nothing.
FL=$TMP/flow
new_ws "$FL"
cd "$FL" || exit 3
printf 'format: crisis/v1\nkind: contacts\ncontacts: [{id: a-b, name: A B, phones: ["+33 6 12 34 56 78"]}]\n' >contacts.yaml
cp contacts.yaml "$TMP/flow-before"
printf 'name,phone\nZoe Martin,+33 6 11 11 11 11\n' >"$TMP/flow.csv"
run $C contacts import "$TMP/flow.csv"
expect_code "import into an inline list: exit 1" 1
expect_err "import into an inline list says why" "not a list in block style"
check "import into an inline list writes nothing" cmp -s contacts.yaml "$TMP/flow-before"
cd "$WS" || exit 3

# contacts.yaml is versioned with the plans: plan diff and plan commit with
# no plan named take it in when it changed.
VW=$TMP/versioned
new_ws "$VW"
cd "$VW" || exit 3
cp "$FX/contacts.yaml" contacts.yaml
run $C plan commit -m "Shared contacts" contacts.yaml
same "plan commit contacts.yaml: exit 0, committed" "$code $(git ls-tree --name-only HEAD)" "0 contacts.yaml"
expect_out "contacts.yaml is no plan in what plan commit says" "^contacts file added \("
expect_no_out "and is not called a plan" "^plan added"
printf '  - id: s-nouveau\n    name: Nouveau Prestataire\n    phones: ["+33 1 99 00 99 09"]\n' >>contacts.yaml
run $C plan diff
expect_out "plan diff with no plan named shows the new shared contact" "^contact \`s-nouveau\` added$"
run $C plan commit
same "plan commit with no plan named commits contacts.yaml" "$code $(git show --name-only --format= HEAD)" "0 contacts.yaml"
check "the commit message names the new contact" sh -c "git log -1 --format=%B | grep -q 'contact \`s-nouveau\` added'"
cd "$WS" || exit 3


# --- a contacts.yaml that cannot be read: no export with contacts missing ------------------
XW=$TMP/export-broken
new_ws "$XW"
cd "$XW" || exit 3
printf 'Name,Phone\nAlice Martin,+33 6 11 22 33 44\n' >"$TMP/one.csv"
$C contacts import "$TMP/one.csv" >/dev/null 2>&1
cp contacts.yaml "$TMP/contacts.good"
printf '  x: [\n' >>contacts.yaml
run $C contacts export --format csv -o "$TMP/phones.csv"
expect_code "export refuses when contacts.yaml cannot be read" 1
expect_err "it says the contacts would be missing" "nothing exported: 1 file cannot be read"
check_not "and writes no file" test -e "$TMP/phones.csv"
cp "$TMP/contacts.good" contacts.yaml
printf 'Name,Phone\n,\n' >"$TMP/none.csv"
run $C contacts import --skip-invalid "$TMP/none.csv"
expect_code "--skip-invalid with every record invalid is no success" 1
expect_err "it says nothing was imported" "every record of .*none.csv was invalid: nothing imported"
cd "$WS" || exit 3


# --- a name typed with a combining accent (NFD) keeps the columns in place -----------------
NW=$TMP/nfd
new_ws "$NW"
cd "$NW" || exit 3
printf 'format: crisis/v1\nkind: contacts\ncontacts:\n  - id: c-jose\n    name: "Jose\\u0301 Martin"\n    phones: ["+33 6 11 22 33 44"]\n    available: 24/7\n  - id: c-jean\n    name: Jean Petit\n    phones: ["+33 6 11 22 33 45"]\n    available: 24/7\n' >contacts.yaml
run $C contacts list
expect_code "contacts list with an NFD name" 0
check "the name is shown in NFC, as one character" grep -q "$(printf 'Jos\303\251 Martin')" "$TMP/out"
cols=$(python3 -c '
import sys, unicodedata
rows = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("c-")]
print(" ".join(str(sum(1 for ch in l[:l.index("internal")] if not unicodedata.combining(ch))) for l in rows))
' "$TMP/out")
same "the next column starts at the same place on both rows" "${cols% *}" "${cols#* }"
cd "$WS" || exit 3


# --- outside its workspace, a plan's shared contacts are unknown: said why ----------------
mkdir -p "$TMP/outside"
cp "$FX/pca-partage.yaml" "$TMP/outside/"
(cd "$TMP/outside" && $C plan validate --no-config pca-partage.yaml >"$TMP/out" 2>&1)
expect_out "the first unknown shared contact says no contacts.yaml was read" "unknown contact 'c-astreinte'.*\(no contacts.yaml was read: the file is outside a workspace, or its workspace has none\) \[unknown-reference\]$"
same "said once" "$(grep -c 'no contacts.yaml was read' "$TMP/out")" 1

finish
