#!/bin/sh
# test-json-schema.sh: the JSON Schemas for editors say what the XSDs say, as TAP.
#
# Run from the repository root:  CRISIS=/abs/path/to/crisis sh tests/cli/test-json-schema.sh
#
# 1. schemas/*.schema.json are what tests/schemas/json-schema.py makes from the
#    XSDs and the man pages (`make json-schemas` writes them), and each is a
#    valid draft-07 schema.
# 2. On every example of plans/examples/ and every YAML file of the bad-input
#    corpus (tests/bad/<kind>/) whose expected finding is a schema error
#    (unknown-key, missing-key, bad-value) or none, the JSON Schema (YAML read
#    as YAML 1.2, as a language server reads it) and crisis's XSD agree: both
#    accept the file or both refuse it. Crisis refuses when `crisis plan
#    validate` reports one of those rules. References between ids
#    (unknown-reference, duplicate-id: xs:key and xs:keyref) are beyond JSON
#    Schema and are not compared.

. tests/cli/lib.sh
PY=/usr/bin/python3
TODAY=2026-11-22

# Files on which the two cannot agree, each with why, separated by spaces;
# none today. Keep this list short.
KNOWN=""

if ! "$PY" -c 'import jsonschema, yaml' 2>/dev/null; then
	echo "Bail out! $PY needs python3-jsonschema and python3-yaml (make deps-test)"
	exit 1
fi
if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read crisis's JSON output"
	exit 1
fi

tmp=$TMP

# ---------------------------------------------------------------- 1. up to date
mkdir "$tmp/made"
if "$PY" tests/schemas/json-schema.py "$tmp/made" 2>"$tmp/err"; then
	for f in "$tmp"/made/*.schema.json; do
		name=$(basename "$f")
		if diff -u "schemas/$name" "$f" >"$tmp/diff" 2>&1; then
			pass "schemas/$name is up to date"
		else
			fail "schemas/$name is up to date (run make json-schemas)" "$(head -n 20 "$tmp/diff")"
		fi
	done
	extra=$(cd schemas && for f in *.schema.json; do [ -f "$tmp/made/$f" ] || echo "$f"; done)
	if [ -z "$extra" ]; then
		pass "no schemas/*.schema.json that the generator does not make"
	else
		fail "no schemas/*.schema.json that the generator does not make" "$extra"
	fi
else
	fail "tests/schemas/json-schema.py runs" "$(cat "$tmp/err")"
fi
for f in schemas/*.schema.json; do
	if "$PY" -c 'import json, sys, jsonschema
jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1])))' "$f" 2>"$tmp/err"; then
		pass "$f is a valid draft-07 schema"
	else
		fail "$f is a valid draft-07 schema" "$(tail -n 5 "$tmp/err")"
	fi
done

# ---------------------------------------------------------------- 2. agreement
# The files to compare: the examples, and the corpus files expected clean
# ("-") or refused by the schema. XML files are not YAML: no editor reads them
# against a JSON Schema.
: >"$tmp/files"
for f in plans/examples/*.yaml; do
	echo "$f" >>"$tmp/files"
done
for kind in plan drill debrief; do
	awk -F'\t' -v dir="tests/bad/$kind" '
		$1 ~ /^[#@]/ || $1 !~ /\.yaml$/ { next }
		$4 == "unknown-key" || $4 == "missing-key" || $4 == "bad-value" || $4 == "-" {
			print dir "/" $1 }' "tests/bad/$kind/expect.tsv" >>"$tmp/files"
done
echo tests/cli/fixtures/contacts/contacts.yaml >>"$tmp/files"

# shellcheck disable=SC2046
"$PY" tests/schemas/yaml-json-schema.py validate schemas $(cat "$tmp/files") >"$tmp/js" 2>"$tmp/err"
if [ ! -s "$tmp/js" ]; then
	fail "the JSON Schema validator runs" "$(tail -n 5 "$tmp/err")"
fi
tab=$(printf '\t')
while IFS="$tab" read -r path js why; do
	"$CRISIS" plan validate --no-config --today "$TODAY" --format json "$path" \
		>"$tmp/out" 2>/dev/null </dev/null
	xsd=$(jq -r '[.files[0].diagnostics[] | select(.rule == "unknown-key" or
		.rule == "missing-key" or .rule == "bad-value")] |
		if length > 0 then "invalid" else "valid" end' <"$tmp/out" 2>/dev/null)
	first=$(jq -r '.files[0].diagnostics[0] | "\(.line):\(.column): \(.message) [\(.rule)]"' \
		<"$tmp/out" 2>/dev/null)
	case " $KNOWN " in
	*" $path "*)
		skip "$path: JSON Schema and XSD agree" "a known disagreement (KNOWN in $0)"
		continue ;;
	esac
	if [ "$js" = "$xsd" ]; then
		pass "$path: JSON Schema and XSD agree ($js)"
	else
		fail "$path: JSON Schema and XSD agree" "JSON Schema: $js $why
crisis: ${xsd:-no report} $first"
	fi
done <"$tmp/js"

finish
