#!/bin/sh
# crisis plan export: every example plan as XML that its XSD validates
# (xmllint) and as JSON that its JSON Schema validates (python3-jsonschema),
# the same data in both; a plan at an older revision (PLAN@REV); contacts.yaml;
# and the refusals: an invalid plan (1), an unknown format (2), a drill (2).
. tests/cli/lib.sh
ROOT=$(pwd)
PY=/usr/bin/python3
isolate_git

# json_valid DESC SCHEMA FILE: FILE is valid against schemas/SCHEMA.
json_valid() {
	json_desc=$1
	shift
	if "$PY" -c 'import json, sys, jsonschema
v = jsonschema.Draft7Validator(json.load(open(sys.argv[1])),
	format_checker=jsonschema.draft7_format_checker)
errors = [("/".join(map(str, e.absolute_path)) or "(root)") + ": " + e.message
	for e in v.iter_errors(json.load(open(sys.argv[2])))]
print("\n".join(errors[:5]))
sys.exit(1 if errors else 0)' "$ROOT/schemas/$1" "$2" >"$TMP/jerr" 2>&1; then
		pass "$json_desc"
	else
		fail "$json_desc" "$(oneline "$TMP/jerr")"
	fi
}

# xml_valid DESC FILE: FILE is valid against schemas/crisis-plan.xsd.
xml_valid() {
	if xmllint --noout --schema "$ROOT/schemas/crisis-plan.xsd" "$2" 2>"$TMP/xerr"; then
		pass "$1"
	else
		fail "$1" "$(oneline "$TMP/xerr")"
	fi
}

# same_data YAML JSON: the exported JSON holds the YAML's data (YAML 1.2,
# with numbers and booleans where the schema types them, text as text).
same_data() {
	"$PY" - "$1" "$2" "$ROOT/tests/schemas/yaml-json-schema.py" <<'EOF' >"$TMP/derr" 2>&1
import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("y", sys.argv[3])
y = importlib.util.module_from_spec(spec)
spec.loader.exec_module(y)
def norm(v):
    # crisis reads a text written as a number (target: 95) as its text.
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if v is None:
        return None
    return str(v).lower() if isinstance(v, bool) else str(v)
a, b = y.load(sys.argv[1]), json.load(open(sys.argv[2]))
if norm(a) != norm(b):
    sys.exit("the JSON differs from the YAML")
if list(a) != list(b):
    sys.exit("the keys are not in the file's order")
EOF
}

if ! "$PY" -c 'import jsonschema, yaml' 2>/dev/null || ! command -v xmllint >/dev/null 2>&1; then
	echo "Bail out! needs xmllint, python3-jsonschema and python3-yaml (make deps-test)"
	exit 1
fi

# --- every example plan -------------------------------------------------
for f in plans/examples/*.yaml; do
	case $(sed -n 's/^kind: *//p' "$f") in pca | pra) ;; *) continue ;; esac
	name=$(basename "$f" .yaml)
	run $CRISIS plan export --format xml "$f"
	expect_code "export --format xml $name" 0
	xml_valid "export xml $name: valid against crisis-plan.xsd" "$TMP/out"
	check_not "export xml $name: no comments or positions" grep -q -e '<!--' -e 'line=' "$TMP/out"
	run $CRISIS plan export --format json "$f"
	expect_code "export --format json $name" 0
	cp "$TMP/out" "$TMP/$name.json"
	json_valid "export json $name: valid against crisis-plan.schema.json" crisis-plan.schema.json "$TMP/$name.json"
	if same_data "$f" "$TMP/$name.json"; then
		pass "export json $name: the plan's data, in the file's order"
	else
		fail "export json $name: the plan's data, in the file's order" "$(oneline "$TMP/derr")"
	fi
done

# Types come from the XSD: integers, booleans, and text that looks like a number.
f=plans/examples/site-incendie-inondation-greve.yaml
run $CRISIS plan export -f json "$f"
same "json: escalation levels are integers" \
	"$(jq -r '[.escalation[].level | type] | unique | join(",")' "$TMP/out")" number
same "json: skip_if_unreachable is a boolean" \
	"$(jq -r '[.escalation[] | select(has("skip_if_unreachable")) | .skip_if_unreachable | type] | unique | join(",")' "$TMP/out")" boolean
same "json: a kpi target written 95 is text" \
	"$(jq -r '[.communication.kpis[].target | type] | unique | join(",")' "$TMP/out")" string
same "json: dates stay text" "$(jq -r '.review.last | type' "$TMP/out")" string

# -o writes the file atomically and says so; the output is the same.
run $CRISIS plan export -f xml -o "$TMP/plan.xml" "$f"
expect_code "export -o FILE" 0
expect_err "export -o says what it wrote" "wrote $TMP/plan.xml"
run $CRISIS plan export -f xml "$f"
check "export -o writes what standard output gets" cmp -s "$TMP/out" "$TMP/plan.xml"

# An XML plan exports too, without its comments.
run $CRISIS plan export -f xml -o "$TMP/again.xml" "$TMP/plan.xml"
expect_code "an XML plan exports" 0
check "XML -> XML gives the same document" cmp -s "$TMP/plan.xml" "$TMP/again.xml"

# contacts.yaml: its own root type.
run $CRISIS plan export -f json tests/cli/fixtures/contacts/contacts.yaml
expect_code "contacts.yaml exports as JSON" 0
cp "$TMP/out" "$TMP/contacts.json"
json_valid "contacts.yaml's JSON is valid against crisis-contacts.schema.json" crisis-contacts.schema.json "$TMP/contacts.json"

# --- refusals ------------------------------------------------------------
run $CRISIS plan export -f json tests/bad/plan/bad-status.yaml
expect_code "an invalid plan exits 1" 1
expect_err "an invalid plan: its findings" "bad-status.yaml:7:.*\\[bad-value\\]"
same "an invalid plan: nothing on standard output" "$out" ""
run $CRISIS plan export -f json tests/bad/plan/rule-rto-exceeds-mtpd.yaml
expect_code "a plan whose rules find an error exits 1" 1
same "a plan with errors: nothing on standard output" "$out" ""
run $CRISIS plan export -f yaml "$f"
expect_code "an unknown format exits 2" 2
expect_err "an unknown format says which are known" "unknown format 'yaml'"
run $CRISIS plan export "$f"
expect_code "no format exits 2" 2
run $CRISIS plan export -f json
expect_code "no plan exits 2" 2
run $CRISIS plan export -f json plans/examples/exercice-incendie-siege.yaml
expect_code "a drill is refused" 2
expect_err "a drill: says it is no plan" "is a drill, not a plan"
run $CRISIS plan export -f json "$TMP/none.yaml"
expect_code "a missing file is fatal" 3
run $CRISIS plan export -f json -o "$TMP/no/such/dir/out.json" "$f"
expect_code "an output that cannot be written is fatal" 3

# --- PLAN@REV in a workspace ---------------------------------------------
WS=$TMP/ws
new_ws "$WS"
cp "$f" "$WS/plans/site.yaml"
cd "$WS" || exit 3
git add -A >/dev/null 2>&1 && git commit -qm "A plan" >/dev/null 2>&1
sed 's/^status: .*/status: retired/' plans/site.yaml >"$TMP/edit" && cat "$TMP/edit" >plans/site.yaml
git commit -qam "Retired" >/dev/null 2>&1
run $CRISIS plan export -f json plans/site.yaml@HEAD~1
expect_code "export PLAN@HEAD~1" 0
same "PLAN@HEAD~1 is the plan as it was" "$(jq -r .status "$TMP/out")" \
	"$(sed -n 's/^status: //p' "$ROOT/$f")"
cp "$TMP/out" "$TMP/rev.json"
json_valid "PLAN@HEAD~1's JSON is valid against crisis-plan.schema.json" crisis-plan.schema.json "$TMP/rev.json"
run $CRISIS plan export -f xml site@HEAD~1
expect_code "export ID@REV (the plan's id)" 0
xml_valid "ID@REV's XML is valid against crisis-plan.xsd" "$TMP/out"
run $CRISIS plan export -f json plans/site.yaml
same "the plan as it is now" "$(jq -r .status "$TMP/out")" retired
run $CRISIS plan export -f json plans/site.yaml@no-such-rev
check_not "an unknown revision fails" test "$code" -eq 0
cd "$ROOT" || exit 3

finish
