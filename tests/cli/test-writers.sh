#!/bin/sh
# Two writers at once never lose what either reported: pairs of crisis
# commands that read a file of the workspace, change it and write it back,
# started together many times. After each pair, what both said they did is
# in the file, and the file validates.
#
# Run from the repository root:  CRISIS=$PWD/crisis sh tests/cli/test-writers.sh
: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
. tests/cli/lib.sh
ROOT=$(pwd)
SITE=site-incendie-inondation-greve
PAIRS=${WRITER_PAIRS:-25}

isolate_git
WS=$TMP/ws
new_ws "$WS"
cd "$WS" || exit 3

# --- contacts import: two at once ----------------------------------------------------------------
lost=
reported=0
i=1
while [ $i -le $PAIRS ]; do
	printf 'Name,Phone\nAlice Martin %s,+33 6 11 22 %02d 01\n' "$i" "$i" >"$TMP/a.csv"
	printf 'Name,Phone\nBruno Petit %s,+33 6 11 22 %02d 02\n' "$i" "$i" >"$TMP/b.csv"
	$CRISIS contacts import "$TMP/a.csv" </dev/null >"$TMP/a.out" 2>"$TMP/a.err" &
	pa=$!
	$CRISIS contacts import "$TMP/b.csv" </dev/null >"$TMP/b.out" 2>"$TMP/b.err" &
	pb=$!
	wait $pa
	ra=$?
	wait $pb
	rb=$?
	for w in a b; do
		grep -q '^1 added' "$TMP/$w.err" || continue
		reported=$((reported + 1))
		id=$(sed -n 's/^add *\([^ ]*\) .*/\1/p' "$TMP/$w.out")
		grep -qx "  - id: $id" contacts.yaml || lost="$lost $id(exit $ra/$rb)"
	done
	i=$((i + 1))
done
echo "# $reported imports of $((2 * PAIRS)) reported a contact added"
same "two imports at once: every contact reported added is in contacts.yaml" "$lost" ""
same "every import reported its contact (the second waits for the first)" "$reported" $((2 * PAIRS))
run $CRISIS contacts check </dev/null
check "contacts.yaml still validates" test "$code" -lt 2

# --- debrief close: two actions of one debrief at once ---------------------------------------------
cp "$ROOT/plans/examples/$SITE.yaml" plans/
git add -A && git commit -q -m "the plan and the contacts"
$CRISIS debrief new --crisis "Panne" --date 2026-12-01 --no-guided </dev/null >/dev/null 2>&1
i=1
while [ $i -le $PAIRS ]; do
	$CRISIS debrief add action "Action $i" --owner c-guerin --due 2027-06-30 --element planning \
		</dev/null >/dev/null 2>&1
	i=$((i + 1))
done
$CRISIS debrief finish </dev/null >/dev/null 2>&1
file=$(ls debriefs/*.yaml)
check "(setup) a debrief with $PAIRS actions" test "$(grep -c '^  - id: action-' "$file")" -eq "$PAIRS"
lost=
i=1
while [ $i -lt $PAIRS ]; do
	j=$((i + 1))
	$CRISIS debrief close --drop "action-$i" </dev/null >"$TMP/a.out" 2>"$TMP/a.err" &
	pa=$!
	$CRISIS debrief close --drop "action-$j" </dev/null >"$TMP/b.out" 2>"$TMP/b.err" &
	pb=$!
	wait $pa
	wait $pb
	for w in a b; do
		id=$(sed -n "s/^dropped action '\([^']*\)'.*/\1/p" "$TMP/$w.out")
		[ -n "$id" ] || continue
		grep -A8 "^  - id: $id\$" "$file" | grep -qx '    status: dropped' || lost="$lost $id"
	done
	i=$((j + 1))
done
same "two closes at once: every action reported closed is closed in the file" "$lost" ""
run $CRISIS debrief validate --no-config "$file" </dev/null
expect_code "the debrief still validates" 0
same "nothing is left uncommitted" "$(git status --porcelain)" ""


# --- plan commit: two at once, of two plans -------------------------------------------------------
cp "$ROOT/plans/examples/pandemie-continuite.yaml" plans/
$CRISIS plan commit plans/pandemie-continuite.yaml </dev/null >/dev/null 2>&1
bad=
i=1
while [ $i -le $PAIRS ]; do
	sed -i "s/^title: .*/title: Site $i/" "plans/$SITE.yaml"
	sed -i "s/^title: .*/title: Pandémie $i/" plans/pandemie-continuite.yaml
	$CRISIS plan commit "plans/$SITE.yaml" </dev/null >"$TMP/a.out" 2>"$TMP/a.err" &
	pa=$!
	$CRISIS plan commit plans/pandemie-continuite.yaml </dev/null >"$TMP/b.out" 2>"$TMP/b.err" &
	pb=$!
	wait $pa
	ra=$?
	wait $pb
	rb=$?
	# What each said it committed is in HEAD, and the index stages nothing older than HEAD.
	[ $ra -ne 0 ] || git show "HEAD:plans/$SITE.yaml" | grep -qx "title: Site $i" || bad="$bad site-$i"
	[ $rb -ne 0 ] || git show HEAD:plans/pandemie-continuite.yaml | grep -qx "title: Pandémie $i" ||
		bad="$bad pandemie-$i"
	git diff --cached --quiet || bad="$bad index-$i"
	[ $ra -eq 0 ] && [ $rb -eq 0 ] || bad="$bad exit-$i($ra/$rb)"
	i=$((i + 1))
done
same "two plan commits at once: both committed, and the index holds nothing older" "$bad" ""

cd / || exit 3
finish
