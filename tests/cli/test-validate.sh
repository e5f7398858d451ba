#!/bin/sh
# crisis plan validate: every option, output format and exit code.
. tests/cli/lib.sh
F=tests/cli/fixtures
V="$CRISIS plan validate --today 2026-11-22 --no-config"

# Exit codes and the summary
run $V plans/examples
expect_code "the examples validate" 0
# Four plans, two drills and two debriefs, each checked as its kind says.
expect_out "a clean run says so" "^8 files checked: no problems$"
run $V --strict plans/examples
expect_code "the examples pass --strict" 0
run $V $F/warn.yaml
expect_code "a warning alone passes" 0
expect_out "a warning is printed gcc-style" "^$F/warn.yaml:25:9: warning: .* \[missing-deputy\]$"
expect_out "the source line is quoted" "^    25 \|   - id: direction$"
expect_out "a caret underlines the value" "^       \|         \^~~~~~~~~$"
expect_out "the summary counts" "^1 file checked: 0 errors, 1 warning$"
run $V --strict $F/warn.yaml
expect_code "--strict fails on a warning" 1
run $V $F/err.yaml
expect_code "an error fails" 1
expect_out "the error names its rule" ":34:10: error: activity 'accueil': rto PT1H exceeds mtpd PT30M.*\[rto-exceeds-mtpd\]"
run $V -q $F/err.yaml
expect_no_out "-q drops the summary" "files? checked"
expect_out "-q keeps the findings" "rto-exceeds-mtpd"
run $V $F/warn.yaml /nonexistent.yaml
expect_code "a missing file is fatal" 3
expect_out "a missing file is reported under its name" "^/nonexistent.yaml: error: cannot open '/nonexistent.yaml': No such file or directory \[io-error\]"
run $V $F/plan.xml
expect_code "an XML plan validates" 0

# Options
run $V --frobnicate $F/warn.yaml
expect_code "an unknown option is a usage error" 2
expect_err "an unknown option is named" "unknown option '--frobnicate'"
expect_err "a usage error prints the usage" "usage: crisis plan validate"
run $V --format yaml $F/warn.yaml
expect_code "an unknown format is a usage error" 2
run $V --color sometimes $F/warn.yaml
expect_code "a bad --color is a usage error" 2
run $V --today 2026-02-30 $F/warn.yaml
expect_code "a bad --today is a usage error" 2
run $V -j 0 $F/warn.yaml
expect_code "a bad --jobs is a usage error" 2
run $V --format
expect_code "a missing option value is a usage error" 2
run $CRISIS plan validate --help
expect_code "--help exits 0" 0
expect_out "--help prints the usage on stdout" "^usage: crisis plan validate"
for o in format strict quiet color stdin-filename schema config no-config today jobs; do
	grep -q -- "--$o" "$TMP/out" && pass "--help lists --$o" || fail "--help lists --$o"
done

# Colour
run $V --color always $F/warn.yaml
if grep -q "$(printf '\033')\[" "$TMP/out"; then pass "--color always colours"; else fail "--color always colours"; fi
run $V --color never $F/warn.yaml
if grep -q "$(printf '\033')" "$TMP/out"; then fail "--color never does not"; else pass "--color never does not"; fi
NO_COLOR=1 run $V $F/warn.yaml
if grep -q "$(printf '\033')" "$TMP/out"; then fail "NO_COLOR and no terminal: no colour"; else pass "NO_COLOR and no terminal: no colour"; fi

# Standard input
run sh -c "$V --stdin-filename plans/mine.yaml - < $F/err.yaml"
expect_code "standard input is checked" 1
expect_out "standard input is named by --stdin-filename" "^plans/mine.yaml:34:10: error:"
run sh -c "$V - < $F/warn.yaml"
expect_out "standard input is '-' by default" "^-:25:9: warning:"
run sh -c "$V --stdin-filename x.xml - < $F/plan.xml"
expect_code "an .xml --stdin-filename reads XML" 0
run $V - -
expect_code "standard input twice is a usage error" 2
run $V --stdin-filename x.yaml $F/warn.yaml
expect_code "--stdin-filename without '-' is a usage error" 2

# Folders
mkdir -p "$TMP/tree/sub/.hidden"
cp $F/warn.yaml "$TMP/tree/a.yaml"
cp $F/err.yaml "$TMP/tree/sub/b.yml"
cp $F/plan.xml "$TMP/tree/sub/c.xml"
cp $F/err.yaml "$TMP/tree/sub/.hidden/d.yaml"
echo "not a plan" > "$TMP/tree/notes.txt"
run $V "$TMP/tree"
expect_code "a folder with an invalid plan fails" 1
expect_out "folders are read recursively, hidden ones skipped" "^3 files checked: 1 error, 2 warnings"
expect_out "files are reported in order" "$TMP/tree/a.yaml:"
mkdir -p "$TMP/empty"
run $V "$TMP/empty"
expect_code "a folder with no plan is fatal" 3
expect_out "a folder with no plan says so" "no plan files"
(cd "$TMP/tree/sub" && $V >"$TMP/out" 2>&1)
code=$?
[ "$code" -eq 1 ] && pass "no path checks the current folder" || fail "no path checks the current folder" "exit $code"

# Formats
run $V --format json $F/err.yaml $F/warn.yaml
expect_code "json keeps the exit code" 1
if jq -e '.version == 1 and (.files | length) == 2 and .files[0].valid == false
	and .files[1].valid == true and .summary == {"files": 2, "errors": 1, "warnings": 2}
	and (.files[0].diagnostics[1] | .line == 34 and .column == 10 and .severity == "error"
	     and .rule == "rto-exceeds-mtpd" and .path == "activities[0].rto")' "$TMP/out" >/dev/null
then pass "json has the documented shape"; else fail "json has the documented shape" "$(cat "$TMP/out")"; fi
run $V --format junit $F/err.yaml $F/warn.yaml plans/examples/pandemie-continuite.yaml
expect_code "junit keeps the exit code" 1
if xmllint --noout --schema tests/schemas/junit-10.xsd "$TMP/out" 2>"$TMP/xerr"; then
	pass "junit validates against the JUnit schema"; else fail "junit validates against the JUnit schema" "$(cat "$TMP/xerr")"; fi
expect_out "junit: one failure per error" '<testsuite name="tests/cli/fixtures/err.yaml" tests="2" failures="1" errors="0"'
expect_out "junit: a clean file has one passing test" '<testcase name="valid" classname="plans/examples/pandemie-continuite.yaml"/>'
run $V --format sarif $F/err.yaml
expect_code "sarif keeps the exit code" 1
if jsonschema -i "$TMP/out" tests/schemas/sarif-schema-2.1.0.json 2>"$TMP/xerr"; then
	pass "sarif validates against the SARIF 2.1.0 schema"; else fail "sarif validates against the SARIF 2.1.0 schema" "$(head -c 800 "$TMP/xerr")"; fi
if jq -e '.version == "2.1.0" and .runs[0].tool.driver.name == "crisis"
	and ([.runs[0].tool.driver.rules[].id] | index("rto-exceeds-mtpd")) != null
	and (.runs[0].results[] | select(.ruleId == "rto-exceeds-mtpd")
	     | .level == "error" and .message.text != null
	     and .locations[0].physicalLocation.artifactLocation.uri == "tests/cli/fixtures/err.yaml"
	     and .locations[0].physicalLocation.region.startLine == 34)' "$TMP/out" >/dev/null
then pass "sarif has rules and located results"; else fail "sarif has rules and located results"; fi
run $V --format github $F/err.yaml
expect_out "github annotations" "^::error file=tests/cli/fixtures/err.yaml,line=34,col=10,title=rto-exceeds-mtpd::activity 'accueil'"
expect_out "github warnings" "^::warning file=tests/cli/fixtures/err.yaml,line=25,col=9,title=missing-deputy::"
# Run from a subfolder, the paths are still from the repository's top, as annotations and code scanning need.
(cd tests/cli && $V --format github fixtures/err.yaml >"$TMP/out" 2>&1)
expect_out "github paths from the repository's top, run in a subfolder" "^::error file=tests/cli/fixtures/err.yaml,line=34,"
(cd tests/cli && $V --format sarif fixtures/err.yaml >"$TMP/out" 2>&1)
if jq -e '.runs[0].columnKind == "unicodeCodePoints" and ([.runs[0].results[].locations[0].physicalLocation.artifactLocation
	| select(.uri == "tests/cli/fixtures/err.yaml" and .uriBaseId == "%SRCROOT%")] | length) > 0' "$TMP/out" >/dev/null
then pass "sarif: repository-relative uri with uriBaseId, and columnKind"; else fail "sarif: repository-relative uri with uriBaseId, and columnKind" "$(oneline "$TMP/out")"; fi
if jsonschema -i "$TMP/out" tests/schemas/sarif-schema-2.1.0.json 2>"$TMP/xerr"; then
	pass "that sarif validates too"; else fail "that sarif validates too" "$(head -c 800 "$TMP/xerr")"; fi
GITHUB_ACTIONS=true run $V $F/err.yaml
expect_out "GITHUB_ACTIONS selects the github format" "^::error file="
GITHUB_ACTIONS=true run $V --format text $F/err.yaml
expect_out "--format overrides GITHUB_ACTIONS" "^tests/cli/fixtures/err.yaml:34:10: error"

# Configuration and inline silencing
mkdir -p "$TMP/ws/plans"
cp $F/err.yaml "$TMP/ws/plans/p.yaml"
printf 'rules:\n  missing-deputy: off\n  rto-exceeds-mtpd: warning\n' > "$TMP/ws/.crisis.yaml"
(cd "$TMP/ws/plans" && $CRISIS plan validate --today 2026-11-22 p.yaml >"$TMP/out" 2>&1)
code=$?
expect_code ".crisis.yaml can lower an error to a warning" 0
expect_out ".crisis.yaml severities apply" "warning: activity 'accueil'"
expect_no_out ".crisis.yaml can turn a rule off" "missing-deputy"
(cd "$TMP/ws/plans" && $CRISIS plan validate --no-config --today 2026-11-22 p.yaml >"$TMP/out" 2>&1)
code=$?
expect_code "--no-config ignores .crisis.yaml" 1
printf 'rules:\n  missing-deputee: off\n' > "$TMP/bad.yaml"
run $V --config "$TMP/bad.yaml" $F/warn.yaml
run $CRISIS plan validate --config "$TMP/bad.yaml" $F/warn.yaml
expect_code "a bad configuration is a usage error" 2
expect_err "a bad configuration is located, with a suggestion" "bad.yaml:2:3: error: unknown rule 'missing-deputee'; did you mean 'missing-deputy'\?"
printf 'thresholds:\n  single-point-of-failure: 0\n' > "$TMP/bad.yaml"
run $CRISIS plan validate --config "$TMP/bad.yaml" $F/warn.yaml
expect_code "a bad threshold is a usage error" 2
run $CRISIS plan validate --config "$TMP/no-such-config.yaml" $F/warn.yaml
expect_code "a configuration that cannot be read is fatal, as the man page says" 3
expect_err "it names the file" "no-such-config.yaml: error: cannot open"
run $CRISIS plan validate --no-config --config "$TMP/bad.yaml" $F/warn.yaml
expect_code "--config with --no-config is a usage error" 2
expect_err "it says they contradict" "--config and --no-config say opposite things"
sed 's/^  - id: direction$/  - id: direction  # crisis: disable-line missing-deputy/' $F/warn.yaml > "$TMP/silenced.yaml"
run $V --strict "$TMP/silenced.yaml"
expect_code "disable-line silences the rule on its line" 0
sed 's/^  - id: direction$/  - id: direction  # crisis: disable-line review-overdue/' $F/warn.yaml > "$TMP/silenced.yaml"
run $V --strict "$TMP/silenced.yaml"
expect_code "disable-line silences only the rules it names" 1
sed 's/^  - id: direction$/  - id: direction  # crisis: disable-line missing-deputee/' $F/warn.yaml > "$TMP/silenced.yaml"
run $V "$TMP/silenced.yaml"
expect_out "a misspelt rule in disable-line is said, with the rule meant" "silenced.yaml:[0-9]+:[0-9]+: warning: disable-line names 'missing-deputee', which is no rule, so it silences nothing; did you mean 'missing-deputy'\? \[unknown-key\]"
sed 's/^  - id: direction$/  - id: direction  # crisis: disable-line/' $F/warn.yaml > "$TMP/silenced.yaml"
run $V "$TMP/silenced.yaml"
expect_out "a disable-line naming no rule is said" "warning: disable-line names no rule, so nothing is silenced"
printf 'format: crisis/v1\nkind: pca\nid: [x # crisis: disable-line yaml-syntax\n' >"$TMP/silenced.yaml"
run $V "$TMP/silenced.yaml"
expect_code "disable-line cannot make a file that does not load pass" 1
expect_out "the syntax error is shown all the same" "silenced.yaml:3:5: error: .*\[yaml-syntax\]"

# Schema override
run $V --schema /nonexistent.xsd $F/warn.yaml
expect_code "a missing --schema is fatal" 3
expect_err "a missing --schema is named" "/nonexistent.xsd"
sed 's/<xs:element name="scope" type="text" minOccurs="0"\/>/<xs:element name="scope" type="text"\/>/' schemas/crisis-plan.xsd > "$TMP/strict.xsd"
run $V --schema "$TMP/strict.xsd" $F/warn.yaml
expect_code "--schema replaces the builtin schema" 1
expect_out "--schema's rules apply" "missing the required key 'scope'"

# Positions past 65,535 lines stay right
{
	sed -n '1,/^contacts:/p' $F/warn.yaml
	i=0
	while [ $i -lt 14000 ]; do
		printf '  - id: c-%05d\n    name: Contact %d\n    phones: ["+33 6 00 00 10 01"]\n    available: 24/7\n' $i $i
		i=$((i + 1))
	done
	sed -n '/^  - id: c-martin/,$p' $F/warn.yaml | sed 's/    rto: PT1H/    rto: PT1X/'
} > "$TMP/long.yaml"
line=$(grep -n 'rto: PT1X' "$TMP/long.yaml" | cut -d: -f1)
run $V "$TMP/long.yaml"
expect_out "a finding past line 65,535 has its true line ($line)" "^$TMP/long.yaml:$line:10: error: activities\[0\].rto: 'PT1X' is not a duration"

# Output that cannot be written is an error
if [ -w /dev/full ]; then
	$V plans/examples >/dev/full 2>"$TMP/err"
	code=$?
	expect_code "a full disk is a fatal error, not a success" 3
else
	pass "a full disk is a fatal error # SKIP no /dev/full"
fi

# The dispatcher
run $CRISIS plann validate
expect_code "a mistyped command is a usage error" 2
expect_err "a mistyped command gets a suggestion" "did you mean 'plan'"
run $CRISIS plan valdate
expect_code "a mistyped subcommand is a usage error" 2
expect_err "a mistyped subcommand gets a suggestion" "did you mean 'validate'"
run $CRISIS pl validate --today 2026-11-22 $F/warn.yaml
expect_code "a unique prefix names a command" 0
run $CRISIS --version
expect_out "--version" "^crisis [0-9]+\.[0-9]+\.[0-9]+$"
run $CRISIS
expect_code "no command is a usage error" 2
run $CRISIS help plan validate
expect_code "help for a subcommand" 0
expect_out "help shows the subcommand's usage" "^usage: crisis plan validate"
run $CRISIS --bogus
expect_code "an unknown global option is a usage error" 2

# crisis plan rules and show
run $CRISIS plan rules --format json
if jq -e 'length > 20 and (map(.id) | index("single-point-of-failure")) != null
	and all(.[]; .summary != "" and .help != "" and (.severity | IN("error", "warning", "info")))' "$TMP/out" >/dev/null
then pass "plan rules lists every rule with its help"; else fail "plan rules lists every rule with its help"; fi
run $CRISIS plan show --today 2026-11-22 plans/examples/relation-clients-crise.yaml
expect_code "plan show on a valid plan" 0
expect_out "plan show lists the activities" "^  activity +priority +rto"
run $CRISIS plan show --today 2026-11-22 $F/err.yaml
expect_code "plan show on an invalid plan fails" 1
expect_err "plan show prints the findings on stderr" "rto-exceeds-mtpd"

# A long line (a plan in flow style) is quoted around the column, not whole.
{
	printf '{format: crisis/v1, kind: pca, id: one-line, title: t, owner: c0, status: draft, '
	printf 'review: {every: P1Y}, exercise: {every: P1Y, last: 2026-06-01}, contacts: ['
	i=0
	while [ $i -lt 40 ]; do
		printf "{id: c$i, name: N$i, phones: ['+33612345678']}, "
		i=$((i + 1))
	done
	printf "{id: c-last, name: Last, phones: ['+33612345678']}]}\n"
} >"$TMP/one-line.yaml"
run $V "$TMP/one-line.yaml"
expect_code "findings on a long line pass as warnings" 0
expect_out "a finding far along a long line keeps its column" \
	"one-line.yaml:1:[0-9]{4}: warning: contact 'c-last' is referenced nowhere"
quote=$(grep -A1 "contact 'c-last'" "$TMP/out" | sed -n 2p)
caret=$(grep -A2 "contact 'c-last'" "$TMP/out" | sed -n 3p)
same "the long line is quoted around the column, between dots" \
	"$(printf '%s' "$quote" | grep -Ec '^ +1 \| \.\.\..*c-last.*[^.]$')" 1
same "the quote is at most 160 characters and the dots" \
	"$(printf '%s' "$quote" | sed 's/^ *1 | //' | awk '{ print (length($0) <= 163) }')" 1
pos=$(printf '%s\n' "$caret" | awk '{ print index($0, "^") }')
same "the caret points at the id in the quote" "$(printf '%s\n' "$quote" | cut -c"$pos"-"$((pos + 5))")" "c-last"

# The default build carries its libraries: the binary runs where they are not installed.
if [ "${CRISIS_STATIC:-0}" = 1 ] && command -v ldd >/dev/null 2>&1; then
	run ldd "$CRISIS"
	expect_code "ldd reads the binary" 0
	expect_no_out "the binary needs none of the libraries linked into it" \
		'lib(git2|xml2|yaml|sqlite3|jemalloc|icu[a-z]+|mbed[a-z]+|ssh2|pcre2-8|lzma|z)(-[0-9.]+)?[.]so'
	expect_out "it still uses the system's C library" 'libc[.]so'
else
	skip "the binary needs none of the libraries linked into it" "a shared build (STATIC=0 or SANITIZE=1)"
fi



# --- what is plainly meant is suggested --------------------------------------------
run $V tests/bad/plan/bad-duration-informal.yaml
expect_out "an everyday duration gets its ISO 8601 form" "'3h' is not a duration .*; did you mean 'PT3H'\? \[bad-value\]$"
sed 's/^  last: .*/  last: 15\/09\/2026/' plans/examples/pandemie-continuite.yaml >"$TMP/date-fr.yaml"
run $V "$TMP/date-fr.yaml"
expect_out "a French date gets its ISO form" "'15/09/2026' is not a date .*; did you mean '2026-09-15'\? \[bad-value\]$"


# --- output has bounds: findings per file, bytes per message -------------------------
awk 'BEGIN { print "format: crisis/v1"; print "kind: pca"; print "id: many"
	for (i = 0; i < 1500; i++) printf "k%d: 1\n", i }' >"$TMP/many.yaml"
run $V --format json "$TMP/many.yaml"
same "at most 1000 findings are kept for a file" "$(jq '.files[0].diagnostics | length' "$TMP/out")" 1000
same "the others are counted as omitted" "$(jq '.files[0].omitted' "$TMP/out")" "$(( $(jq '.summary.errors' "$TMP/out") - 1000 ))"
check "and every one is in the summary" test "$(jq '.summary.errors' "$TMP/out")" -gt 1500
run $V "$TMP/many.yaml"
expect_out "text says what is not shown" "note: [0-9]+ more findings not shown \(only the first 1000 are\)"
awk 'BEGIN { printf "format: crisis/v1\nkind: pca\nid: long\nstatus: "
	for (i = 0; i < 200000; i++) printf "x"; print "" }' >"$TMP/long.yaml"
run $V "$TMP/long.yaml"
check "a huge value quoted in a message is cut" test "$(wc -c <"$TMP/out")" -lt 20000


# --- aliases are bounded by the bytes they copy, not only the nodes ------------------
awk 'BEGIN { printf "format: crisis/v1\nkind: pca\nid: x\nnotes: &big \""
	for (i = 0; i < 1000000; i++) printf "x"; print "\""; print "list:"
	for (i = 0; i < 9000; i++) print "  - *big" }' >"$TMP/bigalias.yaml"
run timeout 20 $V "$TMP/bigalias.yaml"
expect_code "a megabyte aliased 9,000 times is refused" 1
expect_out "by the alias budget, at the alias that would pass it" "bigalias.yaml:[0-9]+:[0-9]+: error: aliases expand to more than [0-9]+ bytes .*\[alias-budget\]$"


# --- a sub-folder that cannot be read: the rest is still checked --------------------
UR=$TMP/unreadable
mkdir -p "$UR/plans/secret"
cp plans/examples/pandemie-continuite.yaml "$UR/plans/"
cp plans/examples/pandemie-continuite.yaml "$UR/plans/secret/"
chmod 000 "$UR/plans/secret"
if [ -r "$UR/plans/secret" ]; then
	skip "a sub-folder that cannot be read is reported, the readable plans checked" "running as root, who reads every folder"
else
	run $V "$UR/plans"
	expect_out "the readable plan is checked" "^2 files checked"
	expect_out "the folder is reported" "secret.*\[io-error\]"
fi
chmod 755 "$UR/plans/secret"

# --- no path in a workspace: its plans and contacts.yaml, not every YAML file --------
NP=$TMP/nopath
$CRISIS init "$NP" >/dev/null 2>&1
cp plans/examples/pandemie-continuite.yaml "$NP/plans/"
printf 'services:\n  web:\n    image: nginx\n' >"$NP/docker-compose.yml"
(cd "$NP" && $CRISIS plan validate --no-config >"$TMP/out" 2>&1)
code=$?
expect_code "plan validate with no path in a workspace" 0
expect_out "it checks the workspace's plans" "^1 file checked: no problems$"
expect_no_out "not the other YAML files of the repository" "docker-compose"
cp plans/examples/pandemie-continuite.yaml "$NP/plans/autre-nom.yaml"
(cd "$NP" && $CRISIS plan validate --no-config plans/autre-nom.yaml >"$TMP/out" 2>&1)
expect_out "a plan whose file is not named after its id is warned about" "^plans/autre-nom.yaml:[0-9]+:[0-9]+: warning: the plan's id is 'pandemie-continuite' but its file is 'autre-nom.yaml'.*\[file-name-not-id\]$"
rm "$NP/plans/autre-nom.yaml"

finish
