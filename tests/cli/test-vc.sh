#!/bin/sh
# Plans under version control: crisis init, plan new, commit, log, diff,
# approve, status, show, and crisis status, each checked against git itself
# (git log, git show, git status --porcelain, git cat-file, git tag).
. tests/cli/lib.sh
FX=$(pwd)/tests/cli/fixtures/vc

# --- isolation: our own HOME and git identity, nothing from the caller ----
isolate_git
ME="Alice Tester <alice@example.org>"

# --- helpers ---------------------------------------------------------------
# edit FILE SED-SCRIPT: edit a file in place.
edit() { sed "$2" "$1" >"$TMP/edit" && cat "$TMP/edit" >"$1"; }
head_id() { git rev-parse -q --verify HEAD 2>/dev/null || echo none; }
short() { git rev-parse "$1" | cut -c1-7; }
# entry ID: the lines of the text `plan log` entry of commit ID (7 digits) in $TMP/out.
entry() { awk -v id="$1" '/^[^ ]/ { p = ($1 == id) } p' "$TMP/out"; }
# snapshot DIR: names, inodes, sizes, modes, times and contents of everything under DIR.
snapshot() {
	find "$1" -exec stat -c '%n %i %s %a %y' {} + | sort
	find "$1" -type f -exec cksum {} + | sort
}
DAY="--today 2026-12-01"

# --- outside a workspace -------------------------------------------------
NOWS=$TMP/nows
mkdir -p "$NOWS"
cd "$NOWS" || exit 3
if git rev-parse --git-dir >/dev/null 2>&1; then
	for t in "plan status" "crisis status" "plan commit" "plan new"; do
		skip "outside a workspace: $t" "$TMP is inside a git repository"
	done
else
	run $CRISIS plan status
	expect_code "outside a workspace, plan status is fatal" 3
	expect_err "outside a workspace, plan status suggests crisis init" "crisis init"
	run $CRISIS status
	expect_code "outside a workspace, crisis status is fatal" 3
	expect_err "outside a workspace, crisis status suggests crisis init" "crisis init"
	run $CRISIS plan commit
	expect_code "outside a workspace, plan commit is fatal" 3
	run $CRISIS plan new orphan
	expect_code "outside a workspace, plan new is fatal" 3
	check_not "outside a workspace, plan new writes nothing" test -e plans
fi
run $CRISIS plan status --help
expect_code "plan status --help needs no workspace" 0

# --- init ----------------------------------------------------------------
WS=$TMP/ws
run $CRISIS init "$WS"
expect_code "init makes a workspace" 0
expect_out "init lists what it created" "created plans"
for p in .git plans plans/.gitkeep drills drills/runs debriefs .gitignore .crisis.yaml; do
	check "init creates $p" test -e "$WS/$p"
done
check "init makes a git repository" git -C "$WS" rev-parse --is-inside-work-tree
same "the repository init makes is the owner's alone (contacts are personal data)" "$(stat -c %a "$WS/.git")" 700
check "init's .gitignore has a .crisis/ line" grep -qx '.crisis/' "$WS/.gitignore"
touch "$WS/plans/.pca.yaml.tmp-4242-a1b2c3"
check "git ignores the temporary file a killed writer may leave" \
	git -C "$WS" check-ignore -q plans/.pca.yaml.tmp-4242-a1b2c3
rm "$WS/plans/.pca.yaml.tmp-4242-a1b2c3"
mkdir -p "$WS/.crisis"
echo x >"$WS/.crisis/journal"
check "git ignores .crisis/" git -C "$WS" check-ignore -q .crisis/journal
check "init makes no commit" test "$(git -C "$WS" rev-parse -q --verify HEAD)" = ""
share=$(sed -n 's/^share the settings with colleagues and CI: //p' "$TMP/out")
check "init says how to share its settings" test -n "$share"
(sh -c "$share" >/dev/null 2>&1)
same "the command it gives commits the settings for colleagues and CI" \
	"$(git -C "$WS" ls-tree -r --name-only HEAD 2>/dev/null | tr '\n' ' ')" \
	".crisis.yaml .gitignore debriefs/.gitkeep drills/runs/.gitkeep plans/.gitkeep "
git -C "$WS" update-ref -d HEAD 2>/dev/null
git -C "$WS" rm -q -r --cached . >/dev/null 2>&1
# An existing repository readable by all is closed to others; one shared on purpose is left shared.
mkdir -p "$TMP/open" "$TMP/shared"
git init -q "$TMP/open" && chmod 755 "$TMP/open/.git"
run $CRISIS init "$TMP/open"
expect_out "init says it closed an existing repository to others" "made .git readable by its owner alone"
same "init makes an existing repository the owner's alone" "$(stat -c %a "$TMP/open/.git")" 700
git init -q --shared=group "$TMP/shared"
run $CRISIS init "$TMP/shared"
expect_out "init says a shared repository stays shared" "the repository is shared"
same "init leaves a repository shared on purpose as it was" "$(stat -c %a "$TMP/shared/.git")" 2775
mkdir -m 755 "$TMP/open/.crisis"
(cd "$TMP/open" && $CRISIS reindex >/dev/null 2>&1)
same "a .crisis/ readable by others is closed to them on first use" "$(stat -c %a "$TMP/open/.crisis")" 700
# A .git others can read that belongs to someone else (trusted with git's
# safe.directory) cannot be closed: init says so. Only root can give it away.
if [ "$(id -u)" = 0 ] && git init -q "$TMP/theirs" && chmod 755 "$TMP/theirs/.git" &&
	chown nobody "$TMP/theirs/.git" 2>/dev/null; then
	git config --global --add safe.directory "$TMP/theirs"
	run $CRISIS init "$TMP/theirs"
	expect_out "init warns when another user's .git stays readable by others" \
		"warning: .git is readable by other users and is not yours to change"
	same "and leaves its mode" "$(stat -c %a "$TMP/theirs/.git")" 755
else
	pass "another user's .git: not run (needs root) # SKIP"
fi
(cd "$WS" && $CRISIS status >"$TMP/out" 2>"$TMP/err")
code=$?
same "status of an empty workspace: exit 0" "$code" 0
check_not "an empty workspace has no contact called verified" grep -q 'verified' "$TMP/out"
check "an empty workspace says it has no contacts yet" grep -qx 'no contacts yet' "$TMP/out"
check "and no debriefs yet" grep -qx 'no debriefs yet' "$TMP/out"
snapshot "$WS" >"$TMP/snap1"
sleep 1
run $CRISIS init "$WS"
expect_code "init again exits 0" 0
expect_out "init again says there is nothing to do" "nothing to do"
snapshot "$WS" >"$TMP/snap2"
if cmp -s "$TMP/snap1" "$TMP/snap2"; then pass "init again changes nothing"; else
	fail "init again changes nothing" "$(diff "$TMP/snap1" "$TMP/snap2" | head -5 | tr '\n' '|')"
fi
(cd "$WS/plans" && $CRISIS init >"$TMP/out" 2>"$TMP/err")
check "init from a workspace's subfolder does not nest a repository in it" test ! -e "$WS/plans/.git"
(cd "$WS/plans" && $CRISIS init newdir >"$TMP/out" 2>"$TMP/err")
code=$?
expect_code "init of a new folder inside a workspace is refused too" 3
expect_err "it says a workspace is a repository of its own" "is inside the repository .*: a workspace is a repository of its own"
check "and makes nothing" test ! -e "$WS/plans/newdir"
rm -rf "$WS/plans/.git" "$WS/plans/plans" "$WS/plans/drills" "$WS/plans/debriefs" \
	"$WS/plans/.gitignore" "$WS/plans/.crisis.yaml"

# init in an existing repository with commits, its own .gitignore and .crisis.yaml
OLD=$TMP/old
mkdir -p "$OLD"
git -C "$OLD" init -q
printf 'node_modules/\n*.log' >"$OLD/.gitignore" # no final newline
printf 'rules:\n  missing-deputy: off\n' >"$OLD/.crisis.yaml"
echo hello >"$OLD/README"
git -C "$OLD" add .
git -C "$OLD" commit -qm "first"
echo more >>"$OLD/README"
git -C "$OLD" commit -qam "second"
before=$(git -C "$OLD" rev-parse HEAD)
cp "$OLD/.crisis.yaml" "$TMP/old-config"
run $CRISIS init "$OLD"
expect_code "init in a repository with commits" 0
expect_no_out "init in an existing repository does not recreate it" "created \.git$"
same "init keeps HEAD" "$(git -C "$OLD" rev-parse HEAD)" "$before"
same "init keeps the commits" "$(git -C "$OLD" log --format=%s | tr '\n' ' ')" "second first "
same "init keeps the existing .gitignore lines" "$(sed -n '1,2p' "$OLD/.gitignore")" "node_modules/
*.log"
same "init adds .crisis/ on a line of its own" "$(grep -c '^\.crisis/$' "$OLD/.gitignore")" 1
check "init never overwrites .crisis.yaml" cmp -s "$OLD/.crisis.yaml" "$TMP/old-config"
same "init stages nothing" "$(git -C "$OLD" diff --cached --name-only)" ""
run $CRISIS init "$OLD"
same "init again keeps a single .crisis/ line" "$(grep -c '^\.crisis/$' "$OLD/.gitignore")" 1
OLD2=$TMP/old2
mkdir -p "$OLD2"
git -C "$OLD2" init -q
printf '# mine\n.crisis\n' >"$OLD2/.gitignore"
cp "$OLD2/.gitignore" "$TMP/old2-ignore"
run $CRISIS init "$OLD2"
expect_code "init with .crisis already ignored" 0
same "init keeps a .gitignore's lines, and adds no .crisis/ when .crisis is there" \
	"$(head -n 2 "$OLD2/.gitignore"; grep -c '^\.crisis' "$OLD2/.gitignore")" "$(cat "$TMP/old2-ignore"; echo 1)"
check "init adds the temporary files' pattern to an existing .gitignore" grep -qxF '.*.tmp-*' "$OLD2/.gitignore"
run $CRISIS init "$OLD2"
expect_out "init run again finds nothing to do" "already a crisis workspace: nothing to do"

# -C DIR: as if started in DIR
cd "$NOWS" || exit 3
run $CRISIS -C "$WS" plan status
expect_code "-C DIR runs in the workspace" 0
expect_out "-C DIR: an empty workspace has no plans yet" "no plans yet"
run $CRISIS -C "$WS/plans" status
expect_code "-C a subfolder of the workspace" 0
run $CRISIS -C "$TMP/no-such-dir" status
expect_code "-C a missing folder is fatal" 3
expect_err "-C a missing folder is named" "no-such-dir"

# --- plan new ------------------------------------------------------------
cd "$WS" || exit 3
cat >"$TMP/editor.sh" <<EOF
#!/bin/sh
echo "\$1" >>"$TMP/edited"
EOF
chmod +x "$TMP/editor.sh"
rm -f "$TMP/edited"
VISUAL=$TMP/editor.sh EDITOR=$TMP/editor.sh run $CRISIS plan new pca-siege </dev/null
expect_code "plan new creates a plan" 0
expect_out "plan new says what to do next" "crisis plan commit plans/pca-siege.yaml"
check "plan new writes plans/ID.yaml" test -f plans/pca-siege.yaml
check "plan new does not open an editor when not on a terminal" test ! -e "$TMP/edited"
check "plan new: continuity (pca) by default" grep -qx 'kind: pca' plans/pca-siege.yaml
check "plan new: French by default" grep -q 'Plan de continuité' plans/pca-siege.yaml
check "plan new: the id is the file's" grep -qx 'id: pca-siege' plans/pca-siege.yaml
check "plan new: a draft" grep -q '^status: draft' plans/pca-siege.yaml
# An editor with yaml-language-server checks it against the installed JSON Schema.
same "plan new: the first line names the installed JSON Schema" \
	"$(head -n 1 plans/pca-siege.yaml | sed 's|=/.*/schemas/|=DATADIR/schemas/|')" \
	'# yaml-language-server: $schema=DATADIR/schemas/crisis-plan.schema.json'
run $CRISIS plan validate plans/pca-siege.yaml
expect_code "a new plan validates" 0
expect_out "a new plan has warnings only" "^1 file checked: 0 errors, [1-9][0-9]* warnings?$"
run $CRISIS plan validate --strict plans/pca-siege.yaml
expect_code "a new plan fails --strict (it is to be completed)" 1
run $CRISIS plan new --lang en --kind pra --title "IT recovery" pra-it </dev/null
expect_code "plan new --lang en --kind pra" 0
check "plan new --kind pra" grep -qx 'kind: pra' plans/pra-it.yaml
check "plan new --lang en" grep -q 'To be completed' plans/pra-it.yaml
check "plan new --title" grep -q '^title: .*IT recovery' plans/pra-it.yaml
run $CRISIS plan validate plans/pra-it.yaml
expect_code "a new English recovery plan validates" 0
cksum plans/pca-siege.yaml >"$TMP/ck1"
run $CRISIS plan new pca-siege </dev/null
expect_code "plan new refuses an existing plan" 2
expect_err "plan new says the plan exists" "already exists"
cksum plans/pca-siege.yaml >"$TMP/ck2"
check "plan new leaves an existing plan alone" cmp -s "$TMP/ck1" "$TMP/ck2"
for bad in Bad_Id ../evil "" -x "a b" é; do
	run $CRISIS plan new -- "$bad" </dev/null
	expect_code "plan new refuses the id '$bad'" 2
done
check "plan new writes nothing outside plans/ for a bad id" test ! -e "$WS/evil.yaml"
run $CRISIS plan new --kind xyz other </dev/null
expect_code "plan new refuses an unknown kind" 2
run $CRISIS plan new --lang de other </dev/null
expect_code "plan new refuses an unknown language" 2
check "refused ids and options create nothing" test ! -e plans/other.yaml
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	VISUAL=$TMP/editor.sh script -qec "$CRISIS plan new on-tty" /dev/null </dev/null >/dev/null 2>&1
	same "plan new opens \$VISUAL on a terminal" "$(cat "$TMP/edited" 2>/dev/null)" "$WS/plans/on-tty.yaml"
	rm -f "$TMP/edited"
	VISUAL=$TMP/editor.sh script -qec "$CRISIS plan new --no-edit no-edit" /dev/null </dev/null >/dev/null 2>&1
	check "plan new --no-edit does not, even on a terminal" test ! -e "$TMP/edited"
	check "plan new --no-edit still creates the plan" test -f plans/no-edit.yaml
else
	skip "plan new opens \$VISUAL on a terminal" "no script(1)"
	skip "plan new --no-edit does not, even on a terminal" "no script(1)"
	skip "plan new --no-edit still creates the plan" "no script(1)"
fi

# --- plan commit ---------------------------------------------------------
W=$TMP/commit
new_ws "$W"
cd "$W" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
echo "meeting notes" >notes.txt
git add notes.txt
check "the branch is unborn before the first commit" test "$(head_id)" = none
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit: the first commit, on an unborn branch" 0
expect_out "plan commit prints the new commit" "^\[[0-9a-f]{7}\] Add plans/siege.yaml$"
expect_out "plan commit prints what changed" "^plan \`siege\` added"
same "the first commit is a root commit on the branch" "$(git rev-list --count HEAD) $(git symbolic-ref HEAD)" "1 refs/heads/main"
same "the author comes from git's configuration" "$(git log -1 --format='%an <%ae>')" "$ME"
same "the committer too" "$(git log -1 --format='%cn <%ce>')" "$ME"
same "only the plan is in the commit" "$(git show --name-only --format= HEAD)" "plans/siege.yaml"
check_not "the file staged for something else is not in the commit" sh -c "git show --stat HEAD | grep -q notes.txt"
same "the file staged for something else stays staged" "$(git status --porcelain notes.txt)" "A  notes.txt"
same "the committed plan is clean in the index and the tree" "$(git status --porcelain plans/siege.yaml)" ""
check "the default message names the plan" sh -c "git log -1 --format=%B | grep -qx 'Add plans/siege.yaml'"
check "the default message says what changed" sh -c "git log -1 --format=%B | grep -q '^plan \`siege\` added'"
git commit -qm "Notes" -- notes.txt

# other files, staged or not, stay as they were
echo "later notes" >>notes.txt
echo "draft" >other.txt
git add other.txt
edit plans/siege.yaml 's/rto: PT4H/rto: PT3H/'
git add plans/siege.yaml # staged at PT3H, then edited again
edit plans/siege.yaml 's/rto: PT3H/rto: PT2H/'
before=$(head_id)
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit of an edited plan" 0
expect_out "plan commit: an update says so" "^\[[0-9a-f]{7}\] Update plans/siege.yaml$"
same "the new commit's parent is the old HEAD" "$(git rev-parse HEAD~1)" "$before"
same "only the plan is in the second commit" "$(git show --name-only --format= HEAD)" "plans/siege.yaml"
check "the working tree's version is committed" sh -c "git show HEAD:plans/siege.yaml | grep -q 'rto: PT2H'"
check "the default message names the change" sh -c "git log -1 --format=%B | grep -qx 'activity \`accueil\`: rto PT4H -> PT2H'"
same "an unstaged change of another file stays unstaged" "$(git status --porcelain notes.txt)" " M notes.txt"
same "... and stays in the working tree" "$(tail -n 1 notes.txt)" "later notes"
same "a staged new file stays staged" "$(git status --porcelain other.txt)" "A  other.txt"
same "... with its staged content" "$(git show :other.txt)" "draft"
same "the plan is clean after its commit" "$(git status --porcelain plans/siege.yaml)" ""

# an invalid plan is refused, with its findings, and nothing is committed
edit plans/siege.yaml 's/rto: PT2H/rto: P2D/'
before=$(head_id)
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit refuses an invalid plan" 1
expect_err "the refusal shows the plan's error" "plans/siege.yaml:[0-9]+:[0-9]+: error: .*\[rto-exceeds-mtpd\]"
expect_err "the refusal says nothing was committed" "not committed"
same "no commit is made for an invalid plan" "$(head_id)" "$before"
same "the invalid plan is left as it is" "$(grep -c 'rto: P2D' plans/siege.yaml)" 1
same "the invalid plan is not staged" "$(git status --porcelain plans/siege.yaml)" " M plans/siege.yaml"
sed 's/^id: siege$/id: annexe/' "$FX/siege.yaml" >plans/annexe.yaml
run $CRISIS plan commit $DAY
expect_code "plan commit of all plans refuses when one is invalid" 1
same "no commit is made when one plan of several is invalid" "$(head_id)" "$before"
check "the valid plan is not committed either" test "$(git status --porcelain plans/annexe.yaml)" = "?? plans/annexe.yaml"

# -m, and all the changed plans when none is named
edit plans/siege.yaml 's/rto: P2D/rto: PT1H/'
run $CRISIS plan commit $DAY -m "Shorter RTO for the switchboard"
expect_code "plan commit -m" 0
same "-m gives the commit message" "$(git log -1 --format=%B)" "Shorter RTO for the switchboard"
same "no plan named: every changed plan is committed" "$(git show --name-only --format= HEAD | sort | tr '\n' ' ')" "plans/annexe.yaml plans/siege.yaml "
same "the other files still are as they were" "$(git status --porcelain notes.txt other.txt)" " M notes.txt
A  other.txt"
run $CRISIS plan commit $DAY -m ""
expect_code "an empty -m is a usage error" 2

# nothing to commit
before=$(head_id)
run $CRISIS plan commit $DAY
expect_code "nothing to commit exits 0" 0
expect_out "nothing to commit says so" "nothing to commit"
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "nothing to commit for a named plan exits 0" 0
expect_out "nothing to commit for a named plan says so" "nothing to commit"
same "nothing to commit makes no commit" "$(head_id)" "$before"

# index.lock: another git is at work
edit plans/siege.yaml 's/rto: PT1H/rto: PT30M/'
touch .git/index.lock
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "a held index.lock is fatal" 3
expect_err "the message names the lock" "index\.lock"
same "no commit is made while the index is locked" "$(head_id)" "$before"
check "crisis leaves another process's lock alone" test -e .git/index.lock
same "the plan's change is kept" "$(grep -c 'rto: PT30M' plans/siege.yaml)" 1
rm -f .git/index.lock
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "once the lock is gone the commit goes through" 0

# the branch's lock, left by a killed git: said whole, with what to do
branch=$(git symbolic-ref --short HEAD)
edit plans/siege.yaml 's/rto: PT30M/rto: PT40M/'
before=$(head_id)
touch ".git/refs/heads/$branch.lock"
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "a held branch lock is fatal" 3
expect_err "the message names the branch's lock and says what to do" "refs/heads/$branch\.lock.*if none is, remove '.*refs/heads/$branch\.lock'\)$"
expect_err "and does not end on a dangling colon" "[^:]$"
same "no commit is made while the branch is locked" "$(head_id)" "$before"
rm -f ".git/refs/heads/$branch.lock"
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "once the branch lock is gone the commit goes through" 0
edit plans/siege.yaml 's/rto: PT40M/rto: PT30M/'
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1

# detached HEAD
git checkout -q --detach HEAD
edit plans/siege.yaml 's/rto: PT30M/rto: PT45M/'
before=$(head_id)
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit on a detached HEAD is refused" 3
expect_err "the refusal says HEAD is detached" "detached"
same "no commit is made on a detached HEAD" "$(head_id)" "$before"
check_not "HEAD stays detached" git symbolic-ref -q HEAD
git checkout -q main

# paths outside the workspace, or inside .git
cp "$FX/siege.yaml" "$TMP/outside.yaml"
before=$(head_id)
run $CRISIS plan commit $DAY "$TMP/outside.yaml"
expect_code "a plan outside the workspace is refused" 2
expect_err "the refusal says the path is outside" "outside"
run $CRISIS plan commit $DAY ../outside.yaml
expect_code "a relative path out of the workspace is refused" 2
run $CRISIS plan commit $DAY .git/config
expect_code "a path inside .git is refused" 2
same "no commit is made for paths outside the workspace" "$(head_id)" "$before"

# from a subfolder, a path relative to it
(cd plans && $CRISIS plan commit $DAY siege.yaml >"$TMP/out" 2>"$TMP/err")
code=$?
expect_code "plan commit from a subfolder" 0
same "a path relative to a subfolder names the workspace's file" "$(git show --name-only --format= HEAD)" "plans/siege.yaml"

# plain git and crisis see the same history
edit plans/siege.yaml 's/rto: PT45M/rto: PT50M/'
git commit -qm "Plain git: RTO 50 minutes" plans/siege.yaml
run $CRISIS plan log plans/siege.yaml
expect_out "plan log lists a commit made by plain git" "^$(short HEAD) [0-9-]+ [0-9:]+ Alice Tester  Plain git: RTO 50 minutes$"
expect_out "... with what it changed" "^ +plans/siege.yaml: activity \`accueil\`: rto PT45M -> PT50M$"
same "git log lists crisis's commits with the configured author" "$(git log --format='%an <%ae>|%cn <%ce>' | sort -u)" "$ME|$ME"
run git fsck --strict
expect_code "git fsck --strict passes after crisis's commits" 0
expect_no_out "git fsck finds nothing wrong" "error|warning|missing|broken|bad"

# --- plan log ------------------------------------------------------------
L=$TMP/log
new_ws "$L"
cd "$L" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
c1=$(short HEAD)
edit plans/siege.yaml 's/rto: PT4H/rto: PT2H/'
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
c2=$(short HEAD)
edit plans/siege.yaml 's/rto: PT2H/rto: PT1H/'
git add plans # the plan and plans/.gitkeep
git commit -qm "RTO of one hour"
c3=$(short HEAD)
sed 's/^id: siege$/id: annexe/' "$FX/siege.yaml" >plans/annexe.yaml
$CRISIS plan commit $DAY plans/annexe.yaml >/dev/null 2>&1
c4=$(short HEAD)
git mv plans/annexe.yaml plans/annexe-nord.yaml
git commit -qm "Rename the annex plan"
c5=$(short HEAD)
edit plans/siege.yaml 's/mtpd: P1D/mtpd: P2D/'
edit plans/annexe-nord.yaml 's/rto: PT4H/rto: PT3H/'
$CRISIS plan commit $DAY >/dev/null 2>&1
c6=$(short HEAD)
same "(setup) six commits" "$(git rev-list --count HEAD)" 6

run $CRISIS plan log plans/siege.yaml
expect_code "plan log of one plan" 0
same "plan log: the plan's commits, newest first" "$(grep -o '^[0-9a-f]\{7\} ' "$TMP/out" | tr -d '\n')" "$c6 $c3 $c2 $c1 "
expect_out "plan log: one line per commit, with date, author and subject" "^$c2 [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} Alice Tester  Update plans/siege.yaml$"
expect_out "plan log: what changed, in the plan's terms" "^ +plans/siege.yaml: activity \`accueil\`: rto PT4H -> PT2H$"
expect_out "plan log: the first version is an addition" "^ +plans/siege.yaml: plan \`siege\` added"
run $CRISIS plan log
expect_code "plan log of all plans" 0
same "plan log of all plans: every commit, newest first" "$(grep -o '^[0-9a-f]\{7\} ' "$TMP/out" | tr -d '\n')" "$c6 $c5 $c4 $c3 $c2 $c1 "
entry "$c6" >"$TMP/entry"
if grep -q 'plans/siege.yaml' "$TMP/entry" && grep -q 'plans/annexe-nord.yaml' "$TMP/entry"; then
	pass "plan log of all plans names every plan a commit changed"
else fail "plan log of all plans names every plan a commit changed" "$(flat "$(cat "$TMP/entry")")"; fi
entry "$c3" >"$TMP/entry"
if grep -q 'rto PT2H -> PT1H' "$TMP/entry"; then
	pass "plan log of all plans shows a plan's change next to a non-plan file (plans/.gitkeep)"
else fail "plan log of all plans shows a plan's change next to a non-plan file (plans/.gitkeep)" "$(flat "$(cat "$TMP/entry")")"; fi
entry "$c5" >"$TMP/entry"
if grep -q 'added' "$TMP/entry"; then
	fail "plan log of all plans does not call a rename an addition" "$(flat "$(cat "$TMP/entry")")"
else pass "plan log of all plans does not call a rename an addition"; fi
run $CRISIS plan log -n 2
expect_code "plan log -n" 0
same "plan log -n 2 shows the two newest commits" "$(grep -o '^[0-9a-f]\{7\} ' "$TMP/out" | tr -d '\n')" "$c6 $c5 "
run $CRISIS plan log --max-count 1 plans/siege.yaml
same "plan log --max-count 1 of one plan" "$(grep -c '^[0-9a-f]\{7\} ' "$TMP/out")" 1
run $CRISIS plan log -n 0
expect_code "plan log -n 0 is a usage error" 2
run $CRISIS plan log --format json plans/siege.yaml
expect_code "plan log --format json" 0
if jq -e --arg c2 "$c2" --arg c1 "$c1" 'length == 4
	and all(.[]; (.commit | test("^[0-9a-f]{40}$")) and .author == "Alice Tester"
		and .email == "alice@example.org" and (.date | type) == "number"
		and .path == "plans/siege.yaml" and (.changes | type) == "array")
	and (.[2].commit | startswith($c2)) and (.[3].commit | startswith($c1))
	and (.[2].changes[0] | .kind == "modified" and .section == "activity"
		and .subject == "accueil" and .field == "rto" and .before == "PT4H" and .after == "PT2H")
	and (.[2].message | startswith("Update plans/siege.yaml"))' "$TMP/out" >/dev/null
then pass "plan log json: commit, author, email, date, message, path, changes"
else fail "plan log json: commit, author, email, date, message, path, changes" "$(oneline "$TMP/out")"; fi
run $CRISIS plan log -f json -n 1
check "plan log json -n 1 has one entry" jq -e 'length == 1' "$TMP/out"
run $CRISIS plan log --format yaml
expect_code "plan log: an unknown format is a usage error" 2
run $CRISIS plan log plans/annexe-nord.yaml
expect_code "plan log of a renamed plan" 0
same "plan log follows a git mv rename" "$(grep -o '^[0-9a-f]\{7\} ' "$TMP/out" | tr -d '\n')" "$c6 $c5 $c4 "
expect_out "plan log says where the rename came from" "^ +renamed from plans/annexe.yaml$"
expect_out "plan log shows the commit before the rename, under the old name" "^ +plans/annexe.yaml: plan \`annexe\` added"
run $CRISIS plan log --format json plans/annexe-nord.yaml
if jq -e '.[1].path == "plans/annexe-nord.yaml" and .[1].old_path == "plans/annexe.yaml"
	and .[2].path == "plans/annexe.yaml" and .[2].old_path == null' "$TMP/out" >/dev/null
then pass "plan log json: path and old_path across the rename"
else fail "plan log json: path and old_path across the rename" "$(oneline "$TMP/out")"; fi
run $CRISIS plan log plans/a.yaml plans/b.yaml
expect_code "plan log of two plans is a usage error" 2

# --- plan diff -----------------------------------------------------------
run $CRISIS plan diff
expect_code "plan diff with nothing changed" 0
same "plan diff with nothing changed prints nothing" "$out" ""
edit plans/siege.yaml 's/rto: PT1H/rto: PT30M/'
run $CRISIS plan diff
expect_code "plan diff: HEAD against the working tree" 0
expect_out "plan diff names the plan" "^plans/siege.yaml:$"
expect_out "plan diff: 'activity \`X\`: rto A -> B'" "^activity \`accueil\`: rto PT1H -> PT30M$"
expect_no_out "plan diff leaves unchanged plans out" "annexe"
run $CRISIS plan diff plans/siege.yaml
expect_out "plan diff of one plan" "^activity \`accueil\`: rto PT1H -> PT30M$"
run $CRISIS plan diff "$c1" "$c2" plans/siege.yaml
expect_code "plan diff between two revisions" 0
same "plan diff between two revisions" "$out" "plans/siege.yaml:
activity \`accueil\`: rto PT4H -> PT2H"
run $CRISIS plan diff "$c2" "$c1"
expect_out "plan diff: revisions in reverse" "^activity \`accueil\`: rto PT2H -> PT4H$"
run $CRISIS plan diff "$c1" plans/siege.yaml
expect_out "plan diff with one revision: it against the working tree" "^activity \`accueil\`: rto PT4H -> PT30M$"
run $CRISIS plan diff HEAD~1 HEAD
expect_out "plan diff HEAD~1 HEAD: the mtpd change" "^activity \`accueil\`: mtpd P1D -> P2D$"
expect_out "plan diff HEAD~1 HEAD: the other plan's change" "^activity \`accueil\`: rto PT4H -> PT3H$"
run $CRISIS plan diff --format json
expect_code "plan diff --format json" 0
if jq -e 'length == 1 and .[0].path == "plans/siege.yaml" and .[0].changes == [{"kind": "modified",
	"section": "activity", "subject": "accueil", "field": "rto", "before": "PT1H",
	"after": "PT30M", "note": null}]' "$TMP/out" >/dev/null
then pass "plan diff json: path and changes"; else fail "plan diff json: path and changes" "$(oneline "$TMP/out")"; fi
run $CRISIS plan diff -f json "$c1" "$c1"
check "plan diff json with no change is an empty list" jq -e '. == []' "$TMP/out"
run $CRISIS plan diff --format xml
expect_code "plan diff: an unknown format is a usage error" 2
run $CRISIS plan diff no-such-revision
if [ "$code" -ne 0 ] && grep -q 'no-such-revision' "$TMP/err"; then
	pass "plan diff with an unknown revision (or plan) is an error that names it"
else fail "plan diff with an unknown revision (or plan) is an error that names it" "exit $code, stdout: $(flat "$out"), stderr: $(flat "$err")"; fi
# one meaning for PLAN: its file or its id, and PLAN@REV
run $CRISIS plan diff "$c1" "$c2" siege
same "plan diff REV REV ID: the plan by its id" "$out" "$(cd . && $CRISIS plan diff "$c1" "$c2" plans/siege.yaml 2>/dev/null)"
run $CRISIS plan diff "siege@$c1"
expect_out "plan diff ID@REV: the plan at REV against the working tree" "^activity \`accueil\`: rto PT4H -> PT30M$"
run $CRISIS plan diff "plans/siege.yaml@$c1"
expect_out "plan diff FILE@REV: the same" "^activity \`accueil\`: rto PT4H -> PT30M$"
run $CRISIS plan log siege
expect_code "plan log ID" 0
expect_out "plan log ID: the plan's history" "^[0-9a-f]{7} "
run $CRISIS plan show siege
expect_code "plan show ID" 0
run $CRISIS plan show "siege@$c1"
expect_code "plan show ID@REV" 0
run $CRISIS plan diff v9 siege
expect_code "plan diff vN of a plan never approved so" 2
expect_err "it says so" "was never approved as v9"
run $CRISIS plan diff plans/siege.yaml plans/annexe-nord.yaml
expect_code "plan diff of two plans is a usage error" 2
expect_err "plan diff of two plans says so" "at most one plan"
git checkout -q plans/siege.yaml

# a contact removed (validly), then one removed while still referenced
edit plans/siege.yaml '/- id: c-durand$/,/available:/d; /deputy: c-durand$/d'
run $CRISIS plan diff plans/siege.yaml
expect_out "plan diff: a removed contact" "^contact \`c-durand\` removed$"
expect_out "plan diff: a removed deputy" "^cell role \`direction\`: deputy c-durand -> \(none\)$"
git checkout -q plans/siege.yaml
edit plans/siege.yaml '/- id: c-petit$/,/available:/d'
git commit -qm "Drop Jules Petit (plain git: the plan is invalid)" plans/siege.yaml
run $CRISIS plan diff HEAD~1 HEAD plans/siege.yaml
expect_no_out "plan diff: a plan that lost a referenced contact is not 'removed'" "plan \`siege\` removed"
if [ "$code" -eq 0 ]; then
	expect_out "plan diff: a removed contact still referenced is listed" "^contact \`c-petit\` removed"
	expect_out "plan diff: ... with the 'still referenced' note" "c-petit.*still referenced by activity \`accueil\`"
else
	# Every reference is a keyref of the schema: such a version does not
	# validate, and crisis refuses to compare it rather than guess.
	expect_code "plan diff: a version that does not validate cannot be compared" 1
	expect_err "plan diff says which plan and why" "plans/siege.yaml: .*does not validate"
	skip "plan diff: the 'still referenced' note" "a version with a dangling reference does not validate, so is never compared"
fi
git reset -q --hard HEAD~1

# --- a deleted plan ------------------------------------------------------
D=$TMP/delete
new_ws "$D"
cd "$D" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
sed 's/^id: siege$/id: annexe/' "$FX/siege.yaml" >plans/annexe.yaml
$CRISIS plan commit $DAY >/dev/null 2>&1
rm plans/annexe.yaml
run $CRISIS plan diff
expect_out "plan diff shows a deleted plan" "^plan \`annexe\` removed$"
before=$(head_id)
run $CRISIS plan commit $DAY
expect_code "plan commit with no plan named, after a deletion" 0
if [ "$(head_id)" != "$before" ] && [ -z "$(git ls-tree HEAD plans/annexe.yaml)" ]; then
	pass "plan commit with no plan named records a deleted plan"
else
	fail "plan commit with no plan named records a deleted plan" "stdout: $(flat "$out")"
	run $CRISIS plan commit $DAY plans/annexe.yaml
	expect_code "plan commit of a deleted plan, named" 0
fi
same "the deletion commit removes only that plan" "$(git show --name-status --format= HEAD)" "D	plans/annexe.yaml"
check "the deletion's message says the plan was removed" sh -c "git log -1 --format=%B | grep -q 'plan \`annexe\` removed'"
same "plan siege is untouched by the deletion" "$(git ls-tree --name-only HEAD plans/)" "plans/siege.yaml"
del=$(short HEAD)
run $CRISIS plan log
entry "$del" >"$TMP/entry"
if grep -q 'plan `annexe` removed' "$TMP/entry" && ! grep -q 'renamed' "$TMP/entry"; then
	pass "plan log calls a deletion a removal, not a rename"
else fail "plan log calls a deletion a removal, not a rename" "$(flat "$(cat "$TMP/entry")")"; fi
run $CRISIS plan log plans/annexe.yaml
expect_code "plan log of a deleted plan" 0
same "plan log of a deleted plan lists its deletion and its addition" "$(grep -c '^[0-9a-f]\{7\} ' "$TMP/out")" 2
run $CRISIS plan log --format json plans/annexe.yaml
if jq -e '.[0].path == null and .[0].old_path == "plans/annexe.yaml"
	and (.[0].changes | length) == 1 and .[0].changes[0].kind == "removed"' "$TMP/out" >/dev/null
then pass "plan log json: a deletion has path null and a 'removed' change"
else fail "plan log json: a deletion has path null and a 'removed' change" "$(oneline "$TMP/out")"; fi

# --- plan approve, status, show ------------------------------------------
A=$TMP/approve
new_ws "$A"
cd "$A" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
draft=$(head_id)
run $CRISIS plan status $DAY
expect_code "plan status: a plan never approved needs attention" 1
expect_out "plan status says 'never approved'" "^plans/siege.yaml +never approved$"
expect_out "plan status counts" "^1 plan, 1 needs attention$"
run $CRISIS status $DAY
expect_code "crisis status: a plan never approved needs attention" 1
expect_out "crisis status says 'never approved'" "^plans/siege.yaml +never approved$"
expect_out "crisis status counts the contacts never verified, not as verified" "^[0-9]+ contacts: .*3 never verified"

cp plans/siege.yaml "$TMP/siege-draft"
run $CRISIS plan approve --by c-nobody --today 2026-11-22 plans/siege.yaml
expect_code "plan approve by an unknown contact is a usage error" 2
expect_err "the refusal names the unknown contact" "c-nobody"
run $CRISIS plan approve --by c-marti --today 2026-11-22 plans/siege.yaml
expect_code "plan approve by a mistyped contact is a usage error" 2
expect_err "with the contact meant" "'c-marti' is not a contact of plan .*; did you mean 'c-martin'\?"
check "an unknown approver leaves the file alone" cmp -s plans/siege.yaml "$TMP/siege-draft"
same "an unknown approver makes no commit" "$(head_id)" "$draft"
same "an unknown approver makes no tag" "$(git tag -l)" ""
run $CRISIS plan approve plans/siege.yaml
expect_code "plan approve without --by is a usage error" 2
run $CRISIS plan approve --by c-petit
expect_code "plan approve without a plan is a usage error" 2
run $CRISIS plan approve --by c-petit --today 2026-02-30 plans/siege.yaml
expect_code "plan approve with a bad --today is a usage error" 2

# index.lock during an approval
touch .git/index.lock
run $CRISIS plan approve --by c-petit --today 2026-11-22 plans/siege.yaml
expect_code "plan approve with a held index.lock is fatal" 3
expect_err "the message names the lock" "index\.lock"
same "no tag is made when the commit cannot be" "$(git tag -l)" ""
same "no commit is made while the index is locked" "$(head_id)" "$draft"
if cmp -s plans/siege.yaml "$TMP/siege-draft"; then pass "a failed approval leaves the plan as it was"; else
	fail "a failed approval leaves the plan as it was" "$(git diff --stat | tr '\n' ' ')"
	cp "$TMP/siege-draft" plans/siege.yaml
fi
rm -f .git/index.lock

# detached HEAD
git checkout -q --detach HEAD
run $CRISIS plan approve --by c-petit --today 2026-11-22 plans/siege.yaml
expect_code "plan approve on a detached HEAD is refused" 3
expect_err "the refusal says HEAD is detached" "detached"
same "no tag on a detached HEAD" "$(git tag -l)" ""
check "the plan is left alone on a detached HEAD" cmp -s plans/siege.yaml "$TMP/siege-draft"
git checkout -q main

# the first approval
run $CRISIS plan approve --by c-petit --today 2026-11-22 plans/siege.yaml
expect_code "plan approve" 0
expect_out "plan approve names the tag" "^approved plans/siege.yaml by c-petit: tagged plan/siege/v1$"
check "approve sets status: approved" grep -qx 'status: approved' plans/siege.yaml
check "approve sets review.last" grep -qx '  last: 2026-11-22' plans/siege.yaml
check "approve sets review.approved_by" grep -qx '  approved_by: c-petit' plans/siege.yaml
check "approve keeps the file's comments" grep -q '^owner: c-martin  *# keep this comment: approve must not drop it$' plans/siege.yaml
check "approve keeps the header comment" grep -q '^# The head-office continuity plan' plans/siege.yaml
same "approve changes only the status and review lines" "$(git diff "$draft" HEAD -- plans/siege.yaml | grep '^[-+][^-+]' | sort | tr '\n' '|')" \
	"+  approved_by: c-petit|+  last: 2026-11-22|+status: approved|-  last: 2026-06-01|-status: draft|"
same "approve commits on top of the draft" "$(git rev-parse HEAD~1)" "$draft"
same "approve commits the plan only" "$(git show --name-only --format= HEAD)" "plans/siege.yaml"
same "the approval's commit message" "$(git log -1 --format=%s)" "Approve plan siege (v1) by c-petit"
same "the approval is committed by the configured identity" "$(git log -1 --format='%an <%ae>')" "$ME"
same "the plan is clean after its approval" "$(git status --porcelain plans/siege.yaml)" ""
same "approve creates the tag plan/siege/v1" "$(git tag -l 'plan/siege/*')" "plan/siege/v1"
same "the tag is annotated" "$(git cat-file -t plan/siege/v1)" "tag"
same "the tag points at the approval commit" "$(git rev-parse 'plan/siege/v1^{commit}')" "$(git rev-parse HEAD)"
run $CRISIS plan diff "$draft" v1 siege
expect_code "plan diff REV v1 ID: the approval by its number" 0
expect_out "it shows what the approval changed" "^plan: status draft -> approved$"
check "the tag's message names the approver" sh -c "git cat-file -p plan/siege/v1 | grep -q 'approved by Jules Petit (c-petit)'"
check "the tagger is the configured identity" sh -c "git cat-file -p plan/siege/v1 | grep -q '^tagger $ME '"
v1=$(head_id)

run $CRISIS plan status $DAY
expect_code "plan status: approved and unchanged is clean" 0
expect_out "plan status names the approval" "^plans/siege.yaml +plan/siege/v1$"
expect_out "plan status: nothing needs attention" "^1 plan, 0 need attention$"
run $CRISIS status $DAY
expect_code "crisis status: approved and unchanged is clean" 0
run $CRISIS plan show plans/siege.yaml@v1
expect_code "plan show PLAN@v1" 0
expect_out "plan show @v1 shows the approved version" "status approved"
expect_out "plan show @v1 shows its approver" "approved by c-petit"
run $CRISIS plan show plans/siege.yaml@HEAD~1
expect_code "plan show PLAN@HEAD~1" 0
expect_out "plan show @HEAD~1 shows the earlier version" "status draft"
run $CRISIS plan show "plans/siege.yaml@$draft"
expect_out "plan show @<commit id>" "status draft"
run $CRISIS plan show plans/siege.yaml@no-such-rev
expect_code "plan show at an unknown revision is fatal" 3
expect_err "plan show names the unknown revision" "no-such-rev"
run $CRISIS plan show plans/siege.yaml@v9
expect_code "plan show at an approval that does not exist is fatal" 3
for folder in debriefs plans; do
	run $CRISIS plan show "$folder@HEAD"
	expect_code "plan show FOLDER@REV ($folder): refused, not a crash" 3
	expect_err "plan show FOLDER@REV ($folder) says to name a plan" "'$folder' is a folder: name one plan file in it"
done
(cd plans && $CRISIS plan show siege.yaml@v1 >"$TMP/out" 2>"$TMP/err")
code=$?
expect_code "plan show PLAN@v1 from a subfolder" 0

# changed since the approval
edit plans/siege.yaml 's/rto: PT4H/rto: PT2H/'
run $CRISIS plan status $DAY
expect_code "plan status: changed since the approval needs attention" 1
expect_out "plan status says what it changed since" "^plans/siege.yaml +changed since plan/siege/v1$"
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
run $CRISIS plan status $DAY
expect_out "a committed change is still a change since the approval" "changed since plan/siege/v1"
run $CRISIS status $DAY
expect_code "crisis status: changed since the approval" 1
expect_out "crisis status says what it changed since" "changed since plan/siege/v1"
run $CRISIS plan diff plan/siege/v1 plans/siege.yaml
expect_code "plan diff takes an approval tag as a revision" 0
expect_out "plan diff from the approval tag" "^activity \`accueil\`: rto PT4H -> PT2H$"
run $CRISIS plan show plans/siege.yaml@v1
expect_out "plan show @v1 still shows the approved version" "accueil +urgent +PT4H"

# the second approval
run $CRISIS plan approve --by c-martin --today 2026-11-23 plans/siege.yaml
expect_code "a second approval" 0
expect_out "a second approval makes v2" "tagged plan/siege/v2$"
same "both approvals are tagged" "$(git tag -l 'plan/siege/*' | tr '\n' ' ')" "plan/siege/v1 plan/siege/v2 "
same "v2 is annotated" "$(git cat-file -t plan/siege/v2)" "tag"
check "v2's message names its approver" sh -c "git cat-file -p plan/siege/v2 | grep -q 'approved by Claire Martin (c-martin)'"
same "v1 still points at the first approval" "$(git rev-parse 'plan/siege/v1^{commit}')" "$v1"
run $CRISIS plan status $DAY
expect_code "approved again: clean" 0
expect_out "plan status names the last approval" "^plans/siege.yaml +plan/siege/v2$"
run $CRISIS plan show plans/siege.yaml@v2
expect_out "plan show @v2" "approved by c-martin"
before=$(head_id)
run $CRISIS plan approve --by c-martin --today 2026-11-23 plans/siege.yaml
if [ "$code" -ne 3 ]; then pass "approving an unchanged, approved plan again is not a fatal error"; else
	fail "approving an unchanged, approved plan again is not a fatal error" "exit $code, stderr: $(flat "$err")"; fi
same "approving it again makes no empty commit" "$(git rev-list --count "$before"..HEAD)" 0

# review overdue, invalid plans
run $CRISIS plan status --today 2031-01-01
expect_code "plan status: a review overdue needs attention" 1
expect_out "plan status says the review is overdue" "^plans/siege.yaml +.*review overdue"
run $CRISIS status --today 2031-01-01
expect_code "crisis status: a review overdue" 1
expect_out "crisis status says the review is overdue" "review overdue"
run $CRISIS plan status --today 2026-13-01
expect_code "plan status with a bad --today is a usage error" 2
edit plans/siege.yaml 's/rto: PT2H/rto: P2D/'
cp plans/siege.yaml "$TMP/siege-invalid"
before=$(head_id)
run $CRISIS plan approve --by c-martin --today 2026-11-24 plans/siege.yaml
expect_code "plan approve refuses an invalid plan" 1
expect_err "the refusal shows the plan's error" "\[rto-exceeds-mtpd\]"
same "no tag for an invalid plan" "$(git tag -l 'plan/siege/*' | tr '\n' ' ')" "plan/siege/v1 plan/siege/v2 "
same "no commit for an invalid plan" "$(head_id)" "$before"
check "an invalid plan is left as it is" cmp -s plans/siege.yaml "$TMP/siege-invalid"
run $CRISIS plan status $DAY
expect_code "plan status: an invalid plan needs attention" 1
expect_out "plan status says the plan is invalid" "^plans/siege.yaml +invalid \(1 error\)"
run $CRISIS status $DAY
expect_code "crisis status: an invalid plan" 1
git checkout -q plans/siege.yaml
run git fsck --strict
expect_code "git fsck --strict passes after approvals" 0

# -C from elsewhere
cd "$NOWS" || exit 3
run $CRISIS -C "$A" plan status $DAY
expect_code "-C DIR plan status from elsewhere" 0
expect_out "-C DIR plan status reads that workspace" "plan/siege/v2"
run $CRISIS -C "$A" plan show plans/siege.yaml@v1
expect_out "-C DIR plan show PLAN@v1" "approved by c-petit"
run $CRISIS -C "$A" plan log -n 1
expect_out "-C DIR plan log" "Approve plan siege \(v2\) by c-martin"

# --- an approved plan renamed -------------------------------------------
R=$TMP/renamed
new_ws "$R"
cd "$R" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
$CRISIS plan approve --by c-durand --today 2026-11-22 plans/siege.yaml >/dev/null 2>&1
same "(setup) the plan is approved" "$(git tag -l 'plan/siege/*')" "plan/siege/v1"
git mv plans/siege.yaml plans/pca-siege.yaml
git commit -qm "Rename the plan file"
run $CRISIS plan status $DAY
expect_code "plan status: a renamed approved plan needs no attention" 0
expect_out "plan status: the renamed plan is as approved" "^plans/pca-siege.yaml +plan/siege/v1$"
run $CRISIS plan show plans/pca-siege.yaml@v1
expect_code "plan show PLAN@v1 finds the plan under its old name" 0
expect_out "plan show PLAN@v1 shows the approved version" "status approved"
run $CRISIS plan diff plan/siege/v1 HEAD plans/pca-siege.yaml
expect_code "plan diff across the rename" 0
expect_no_out "plan diff across the rename does not call the plan added" "added"
edit plans/pca-siege.yaml 's/rto: PT4H/rto: PT2H/'
run $CRISIS plan status $DAY
expect_code "plan status: an edit after the rename needs attention" 1
expect_out "plan status: changed since the approval" "changed since plan/siege/v1"
run $CRISIS plan diff plan/siege/v1 plans/pca-siege.yaml
expect_out "plan diff from the approval, across the rename, in the plan's terms" "rto PT4H -> PT2H"
git checkout -q plans/pca-siege.yaml
git mv plans/pca-siege.yaml plans/siege.yaml
run $CRISIS plan commit $DAY
expect_code "plan commit after a git mv" 0
same "its message says a rename, not a removal and an addition" "$(git log -1 --format=%s)" \
	"Rename plans/pca-siege.yaml to plans/siege.yaml"
check "its body says what the plan was called" sh -c "git log -1 --format=%b | grep -qx 'renamed from plans/pca-siege.yaml'"
check_not "nothing is said removed" sh -c "git log -1 --format=%b | grep -q removed"
cd / || exit 3

# --- a merge conflict ----------------------------------------------------
M=$TMP/merge
new_ws "$M"
cd "$M" || exit 3
cp "$FX/siege.yaml" plans/siege.yaml
$CRISIS plan commit $DAY plans/siege.yaml >/dev/null 2>&1
git checkout -q -b other
edit plans/siege.yaml 's/rto: PT4H/rto: PT3H/'
git commit -qam "RTO 3h"
git checkout -q main
edit plans/siege.yaml 's/rto: PT4H/rto: PT2H/'
git commit -qam "RTO 2h"
git merge other >/dev/null 2>&1
same "(setup) git merge leaves a conflict" "$(git status --porcelain plans/siege.yaml)" "UU plans/siege.yaml"
line=$(grep -n '^<<<<<<<' plans/siege.yaml | cut -d: -f1)
run $CRISIS plan validate plans/siege.yaml
expect_code "a plan with conflict markers is invalid" 1
expect_out "the merge-conflict rule at the marker's line ($line)" "^plans/siege.yaml:$line:1: error: .*\[merge-conflict\]$"
run $CRISIS plan status $DAY
expect_code "plan status: a conflicted plan needs attention" 1
expect_out "plan status: a conflicted plan is invalid" "invalid"
before=$(head_id)
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit refuses a conflicted plan" 1
expect_err "plan commit shows the merge-conflict finding" "\[merge-conflict\]"
git checkout -q --theirs plans/siege.yaml
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit during a merge is refused" 3
expect_err "plan commit says a merge is in progress" "merge"
same "no commit is made during a merge" "$(head_id)" "$before"
git merge --abort


# --- commit messages name what changed in a contact without quoting it ---------------
cd "$A" || exit 3
old_phone=$(sed -n 's/^    phones: \["\(+[0-9 ]*\)".*/\1/p' plans/siege.yaml | head -n 1)
sed -i "0,/$old_phone/s//+33 6 99 99 99 99/" plans/siege.yaml
run $CRISIS plan commit $DAY plans/siege.yaml
expect_code "plan commit of a new phone number" 0
check "the message says the phones changed" sh -c "git log -1 --format=%B | grep -q 'phones: one added'"
check_not "without quoting the old number" sh -c "git log -1 --format=%B | grep -qF '$old_phone'"
check_not "nor the new one" sh -c "git log -1 --format=%B | grep -qF '+33 6 99 99 99 99'"
run $CRISIS plan diff HEAD~1 HEAD plans/siege.yaml
expect_out "plan diff, at the terminal, still shows the numbers" "\+33 6 99 99 99 99"

# --- warnings at commit and approval: shown, and refused with --strict -------------
W=$TMP/warnings
new_ws "$W"
cd "$W" || exit 3
cp "$FX/../warn.yaml" plans/warn.yaml
run $CRISIS plan commit --today 2026-11-22 --strict plans/warn.yaml
expect_code "plan commit --strict refuses a plan with warnings" 1
expect_err "and shows them" "warning: .*\[missing-deputy\]"
same "nothing is committed" "$(git rev-parse -q --verify HEAD || true)" ""
run $CRISIS plan commit --today 2026-11-22 plans/warn.yaml
expect_code "plan commit takes a plan with warnings" 0
expect_err "and shows its warnings" "warning: .*\[missing-deputy\]"
id=$(sed -n 's/^  - id: \(c-[a-z-]*\)$/\1/p' plans/warn.yaml | head -n 1)
run $CRISIS plan approve --strict --by "$id" --today 2026-11-22 plans/warn.yaml
expect_code "plan approve --strict refuses a plan with warnings" 1
expect_err "it says why" "has warnings, which --strict refuses"
same "no tag is made" "$(git tag -l)" ""
run $CRISIS plan approve --by "$id" --today 2026-11-22 plans/warn.yaml
expect_code "plan approve takes a plan with warnings" 0
expect_err "and shows its warnings" "warning: .*\[missing-deputy\]"

cd / || exit 3
finish
