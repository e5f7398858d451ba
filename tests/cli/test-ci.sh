#!/bin/sh
# What CI and git hooks run: .pre-commit-hooks.yaml, run by the real
# pre-commit as a workspace would use it (a staged plan with errors stops the
# commit, a clean one goes through, files that are no crisis records are left
# alone), and the CI examples of contrib/ci/, whose crisis commands must be
# ones the binary knows.
. tests/cli/lib.sh
SRC=$(pwd)
export PRE_COMMIT_HOME="$TMP/cache" GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
git config --global user.name "Claire Dumas"
git config --global user.email c.dumas@example.org
git config --global init.defaultBranch main

WS=$TMP/ws
$CRISIS init "$WS" >/dev/null
cp plans/examples/pandemie-continuite.yaml "$WS/plans/"
cd "$WS" || exit 1
# crisis is found on PATH, as `language: system` hooks are.
mkdir -p "$TMP/bin" && ln -s "$CRISIS" "$TMP/bin/crisis"
PATH=$TMP/bin:$PATH
git add -A >/dev/null

# The hooks file as a repository of its own holds it, committed.
git init -q "$TMP/hooks"
cp "$SRC/.pre-commit-hooks.yaml" "$TMP/hooks/"
git -C "$TMP/hooks" add .pre-commit-hooks.yaml
git -C "$TMP/hooks" commit -q -m hooks
hook() { run pre-commit try-repo "$TMP/hooks" crisis-validate "$@"; }

hook --files plans/pandemie-continuite.yaml
expect_code "a valid plan passes the hook" 0
expect_out "the hook is named" "crisis plan validate"

sed 's/^  every: P12M$/  every: twelve months/' plans/pandemie-continuite.yaml >plans/broken.yaml
git add plans/broken.yaml
hook --files plans/pandemie-continuite.yaml plans/broken.yaml
expect_code "a plan with an error stops the commit" 1
expect_out "the finding is shown with its position" "plans/broken.yaml:[0-9]+:[0-9]+: error: .*\[bad-value\]"

printf 'services: {}\n' >docker-compose.yml
git add docker-compose.yml
git rm -q --cached plans/broken.yaml && rm plans/broken.yaml
hook --files docker-compose.yml
expect_code "a YAML file that is no crisis record is not checked" 0
expect_out "and the hook says it had nothing to check" "no files to check"

git rm -q --cached docker-compose.yml
printf 'format: crisis/v1\nkind: contacts\ncontacts:\n  - id: Bad Id\n    name: X\n' >contacts.yaml
git add contacts.yaml
hook --files contacts.yaml
expect_code "contacts.yaml is checked too" 1
rm contacts.yaml && git rm -q --cached contacts.yaml

# The CI examples: YAML that parses, and crisis commands with options the
# binary knows (no usage error), run in this workspace.
for f in "$SRC"/contrib/ci/*.yml; do
	name=contrib/ci/$(basename "$f")
	if ! /usr/bin/python3 - "$f" >"$TMP/cmds" 2>"$TMP/err" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
def walk(node):
	if isinstance(node, dict):
		for key, value in node.items():
			if key in ("run", "script", "before_script") and value:
				for line in (value if isinstance(value, list) else value.splitlines()):
					line = line.split(">")[0].split("||")[0].strip()
					if line.startswith("crisis "):
						print(line)
			else:
				walk(value)
	elif isinstance(node, list):
		for item in node:
			walk(item)
walk(doc)
PY
	then
		fail "$name parses as YAML" "$(oneline "$TMP/err")"
		continue
	fi
	pass "$name parses as YAML"
	check "$name runs crisis" test -s "$TMP/cmds"
	while read -r cmd; do
		sh -c "$cmd" >/dev/null 2>"$TMP/err"
		rc=$?
		check "$name: '$cmd' is a command crisis knows (exit $rc)" test "$rc" -ne 2 -a "$rc" -ne 127
	done <"$TMP/cmds"
done
finish
