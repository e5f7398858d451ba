#!/bin/sh
# crisis plan render: the crisis binder of every example plan in the three
# formats, PLAN@REV in a workspace, the errors, and the binder printed to PDF
# by headless Chromium, read back with poppler (pages, phones, margins).
. tests/cli/lib.sh
EX=$(pwd)/plans/examples
DAY="--today 2026-12-06"
PLANS=$(grep -l '^kind: *p[cr]a' "$EX"/*.yaml)

# phones FILE: "org number" for each phone of the plan's own contacts, spaces removed.
phones() {
	awk '/^[a-z]/ { in_contacts = ($1 == "contacts:") }
	     in_contacts && /^  - id:/ { org = "internal" }
	     in_contacts && /^    org:/ { org = $2 }
	     in_contacts && /^    phones:/ {
		line = $0
		while (match(line, /"\+[0-9 ]+"/)) {
			num = substr(line, RSTART + 1, RLENGTH - 2)
			gsub(/ /, "", num)
			print org, num
			line = substr(line, RSTART + RLENGTH)
		}
	     }' "$1"
}
# squeeze FILE: its text on one line, without spaces (no-break ones too).
squeeze() { sed 's/\xc2\xa0//g' "$1" | tr -d ' \n\f'; }
# missing FLAT PLAN: the phones of PLAN that the squeezed text FLAT lacks.
missing() {
	phones "$2" | while read -r org num; do
		grep -qF -- "$num" "$1" || printf ' %s' "$num"
	done
}
# redaction FLAT PLAN: what a redacted FLAT gets wrong: an internal phone
# shown, a supplier's missing.
redaction() {
	phones "$2" | while read -r org num; do
		if [ "$org" = external ]; then
			grep -qF -- "$num" "$1" || printf ' missing:%s' "$num"
		else
			! grep -qF -- "$num" "$1" || printf ' shown:%s' "$num"
		fi
	done
}

# --- every example, every format ----------------------------------------
for f in $PLANS; do
	name=$(basename "$f" .yaml)
	for fmt in text md html; do
		run $CRISIS plan render $DAY -f $fmt "$f"
		expect_code "$name renders as $fmt" 0
	done
	run $CRISIS plan render $DAY -f md "$f"
	squeeze "$TMP/out" >"$TMP/flat"
	same "$name: every phone of the plan is in the binder" "$(missing "$TMP/flat" "$f")" ""
	run $CRISIS plan render $DAY -f md --redact "$f"
	squeeze "$TMP/out" >"$TMP/flat"
	same "$name --redact: internal phones out, suppliers' in" "$(redaction "$TMP/flat" "$f")" ""
	run $CRISIS plan render $DAY -f html "$f"
	expect_no_out "$name: the HTML fetches nothing" '<script|<link|<img|src=|url\(|https?:'
done

F=$EX/relation-clients-crise.yaml
run $CRISIS plan render $DAY "$F"
expect_out "text is the default, in the plan's language" '^1\. DÉCLENCHEMENT$'
expect_out "durations are for people" 'Intervention de nuit'
expect_no_out "no ISO duration in the binder" '\bPT[0-9]+[HMS]\b'
run $CRISIS plan render $DAY --lang en "$F"
expect_out "--lang en overrides the plan's language" '^9\. CONTACT SHEET$'
run $CRISIS plan render $DAY -f html --redact "$F"
expect_out "a redacted copy says so on its cover" 'COPIE EXPURGÉE'
run $CRISIS plan render $DAY -o "$TMP/binder.html" "$F"
expect_code "-o writes a file" 0
check "-o FILE.html writes HTML" grep -q '^<!DOCTYPE html>' "$TMP/binder.html"
run $CRISIS plan render $DAY -o "$TMP/binder.md" "$F"
check "-o FILE.md writes Markdown" grep -q '^# PCA' "$TMP/binder.md"

# --- errors ---------------------------------------------------------------
run $CRISIS plan render -f pdf "$F"
expect_code "an unknown format is a usage error" 2
run $CRISIS plan render --lang de "$F"
expect_code "an unknown language is a usage error" 2
run $CRISIS plan render
expect_code "no plan is a usage error" 2
run $CRISIS plan render "$EX/ransomware-tabletop.yaml"
expect_code "a drill is refused" 2
expect_err "a drill is refused, saying what it is" 'is a drill'
sed 's/^    holder: c-lefevre$/    holder: c-lefevr/' "$F" >"$TMP/invalid.yaml"
run $CRISIS plan render "$TMP/invalid.yaml" -o "$TMP/invalid.html"
expect_code "an invalid plan exits 1" 1
expect_err "an invalid plan's findings are printed" "unknown contact 'c-lefevr'"
check_not "no binder is written for an invalid plan" test -e "$TMP/invalid.html"
run $CRISIS plan render "$TMP/nowhere.yaml"
expect_code "a file that cannot be read is fatal" 3
run $CRISIS plan render $DAY -o /nonexistent/dir/b.html "$F"
expect_code "an output that cannot be written is fatal" 3

# --- PLAN@REV in a workspace ----------------------------------------------
isolate_git
WS=$TMP/ws
new_ws "$WS"
cp "$F" "$WS/plans/relation-clients-crise.yaml"
(
	cd "$WS" || exit 3
	$CRISIS plan commit >/dev/null 2>&1 || exit 3
	$CRISIS plan approve --by c-lefevre --today 2026-12-01 relation-clients-crise >/dev/null 2>&1 || exit 3
) || fail "workspace set-up"
cd "$WS" || exit 3
run $CRISIS plan render $DAY -f md relation-clients-crise
expect_out "the approved text names its approval tag" 'Version:\*\* plan/relation-clients-crise/v1'
sed 's/rto: PT1H$/rto: PT2H/' plans/relation-clients-crise.yaml >"$TMP/edit" &&
	cat "$TMP/edit" >plans/relation-clients-crise.yaml
$CRISIS plan commit -m 'RTO' >/dev/null 2>&1 || fail "commit (setup)"
run $CRISIS plan render $DAY -f md relation-clients-crise
expect_out "a changed plan says it is not the approved text" 'modifiée depuis plan/relation-clients-crise/v1'
run $CRISIS plan render $DAY -f md relation-clients-crise@v1
expect_code "PLAN@v1 renders" 0
expect_out "PLAN@v1 is the approved text" 'Version:\*\* plan/relation-clients-crise/v1'
expect_out "PLAN@v1 names the revision and its commit" "Révision:\*\* v1, commit $(git rev-parse --short=7 'plan/relation-clients-crise/v1^{commit}')"
expect_out "PLAN@v1 has the RTO as approved" '\| 1 h \|'
run $CRISIS plan render $DAY -f md plans/relation-clients-crise.yaml@HEAD~1
expect_out "PLAN@HEAD~1 is the approved text too" 'Version:\*\* plan/relation-clients-crise/v1'
run $CRISIS plan render relation-clients-crise@nosuchrev
expect_code "an unknown revision is not a success" 3
cd - >/dev/null || exit 3

# --- printed: headless Chromium to PDF, read back with poppler -------------
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ] || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	skip "the binders print to PDF" "chromium or poppler-utils is missing"
	finish
	exit $?
fi
P=$TMP/print
mkdir -p "$P"
for f in $PLANS; do
	name=$(basename "$f" .yaml)
	$CRISIS plan render $DAY -o "$P/$name.html" "$f" 2>/dev/null
	$CRISIS plan render $DAY --redact -o "$P/$name-redacted.html" "$f" 2>/dev/null
done
# print HTML: one Chromium per file, two at a time (each takes about a second).
print() {
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$P/profile-$(basename "$1" .html)" --no-first-run \
		--print-to-pdf="${1%.html}.pdf" "file://$1" >/dev/null 2>&1
}
set -- "$P"/*.html
while [ $# -gt 0 ]; do
	print "$1" &
	[ $# -gt 1 ] && print "$2" &
	wait
	shift $(($# > 1 ? 2 : 1))
done
for f in $PLANS; do
	name=$(basename "$f" .yaml)
	pdf=$P/$name.pdf
	if [ ! -s "$pdf" ]; then
		fail "$name prints to PDF" "no $pdf"
		continue
	fi
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	procs=$(awk '/^[a-z]/ { p = ($1 == "procedures:") } p && /^  - id:/ { n++ } END { print n + 0 }' "$f")
	# The cover, the contents and at least 7 sections, a page each, and a page per procedure.
	low=$((9 + procs))
	high=$((40 + 3 * procs))
	if [ "$pages" -ge $low ] && [ "$pages" -le $high ]; then
		pass "$name prints on $pages A4 pages ($low to $high)"
	else
		fail "$name prints on $pages A4 pages, expected $low to $high"
	fi
	pdfinfo "$pdf" | grep -q 'Page size:.* pts (A4)' && pass "$name is A4" ||
		fail "$name is A4" "$(pdfinfo "$pdf" | grep 'Page size')"
	pdftotext "$pdf" "$P/$name.txt"
	squeeze "$P/$name.txt" >"$P/$name.flat"
	same "$name: every phone is on paper" "$(missing "$P/$name.flat" "$f")" ""
	grep -q "Page${pages}/${pages}" "$P/$name.flat" && pass "$name: pages are numbered" ||
		fail "$name: pages are numbered" "no 'Page $pages / $pages' in the PDF"
	if [ -s "$P/$name-redacted.pdf" ]; then
		pdftotext "$P/$name-redacted.pdf" "$P/$name-redacted.txt"
		squeeze "$P/$name-redacted.txt" >"$P/$name-redacted.flat"
		same "$name: the redacted copy prints no internal phone" \
			"$(redaction "$P/$name-redacted.flat" "$f")" ""
	else
		fail "$name: the redacted copy prints to PDF"
	fi
	# Every word inside the page, 12 mm margins on each side (34 pt), 2 pt of slack.
	out=$(pdftotext -bbox "$pdf" - | awk '
		/<page / { match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0 }
		/<word / {
			match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
			match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
			if (x0 < 32 || x1 > w - 32) { bad++; if (!ex) ex = $0 }
			words++
		}
		END { printf "%d %d %s", words, bad, ex }')
	set -- $out
	if [ "${1:-0}" -gt 500 ] && [ "${2:-1}" -eq 0 ]; then
		pass "$name: no text overflows the page ($1 words)"
	else
		fail "$name: no text overflows the page" "$out"
	fi
done
finish
