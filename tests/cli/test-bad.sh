#!/bin/sh
# test-bad.sh: the bad-input corpus and the YAML test suite, as TAP.
#
# Run from the repository root:  CRISIS=/abs/path/to/crisis sh tests/cli/test-bad.sh
#
# 1. For each line of tests/bad/plan/expect.tsv (file, exit code, line and rule of the
#    first diagnostic), run
#        crisis plan validate --today 2026-11-22 --no-config --format json FILE
#    and check the exit code (above 3: killed by a signal, a crash or a hang), that
#    stdout is one complete JSON document, the first diagnostic's line and rule; then
#    run the text format and check its first line: FILE:LINE[:COL]: SEVERITY: ... [RULE]
#    (FILE: SEVERITY: ... [RULE] when the line is 0), with no control characters in
#    the output (a plan must not drive the terminal) and nothing of /etc/passwd in it.
#    Names starting with '@' are built here at test time (see special()).
# 2. For each in.yaml under tests/yaml-test-suite/: no crash and no hang (exit code
#    1, 2 or 3: none of them is a plan) and a located first line
#    PATH:LINE[:COL]: error: ... [RULE]. One TAP line per 50 files.

: "${CRISIS:=$(pwd)/crisis}"
case $CRISIS in /*) ;; *) CRISIS=$(pwd)/$CRISIS ;; esac
TODAY=2026-11-22
BAD=tests/bad/plan
SUITE=tests/yaml-test-suite
TIMEOUT=10

if ! command -v jq >/dev/null 2>&1; then
	echo "Bail out! jq is needed to read the JSON output"
	exit 1
fi
if [ ! -x "$CRISIS" ]; then
	echo "Bail out! no crisis binary at $CRISIS (set CRISIS)"
	exit 1
fi
if [ ! -f "$BAD/expect.tsv" ]; then
	echo "Bail out! run from the repository root ($BAD/expect.tsv not found)"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/crisis-bad.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

n=0
failed=0
passwd_line=$(head -n 1 /etc/passwd 2>/dev/null)
tab=$(printf '\t')

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	printf '%s\n' "$2" | sed 's/^/#   /'
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# The file to validate for a special case; empty when the case is skipped ($why).
special() {
	why=
	case $1 in
	@missing-file)
		path=$BAD/does-not-exist.yaml ;;
	@empty-dir)
		# A folder with no plan in it (a sub-folder and a text file only).
		path=$tmp/no-plans
		mkdir -p "$path/sub" && echo "not a plan" >"$path/README.txt" ;;
	@unreadable)
		path=$tmp/unreadable.yaml
		cp "$BAD/bad-kind.yaml" "$path" && chmod 000 "$path"
		if cat "$path" >/dev/null 2>&1; then
			why="the file stays readable after chmod 000 (running as root?)"
			path=
		fi ;;
	@huge-file)
		# Over the 256 MiB limit; sparse, so it costs no disk.
		path=$tmp/huge.yaml
		if ! truncate -s 257M "$path" 2>/dev/null; then
			why="truncate(1) cannot make a 257 MiB sparse file here"
			path=
		fi ;;
	@long-yaml)
		# bad-duration-unit.yaml (rto: PT3X on line 61) with 100,000 assumptions
		# inserted after line 15: the error moves to line 100,062, past libxml2's
		# 16-bit line numbers.
		path=$tmp/long.yaml
		awk 'NR == 16 { print "assumptions:"; for (i = 0; i < 100000; i++) print "  - Assumption " i }
		     { print }' "$BAD/bad-duration-unit.yaml" >"$path" ;;
	@long-xml)
		# xml-bad-duration.xml (rto PT3X on line 90) with 100,002 lines inserted
		# after line 19: the error moves to line 100,092.
		path=$tmp/long.xml
		awk 'NR == 20 { print "  <assumptions>"; for (i = 0; i < 100000; i++) print "    <item>Assumption " i "</item>"; print "  </assumptions>" }
		     { print }' "$BAD/xml-bad-duration.xml" >"$path" ;;
	*)
		path=
		why="unknown special case $1" ;;
	esac
}

# Run crisis on $1 with a timeout; output in $tmp/out, $tmp/err; exit code in $rc.
run() {
	timeout "$TIMEOUT" "$CRISIS" plan validate --today "$TODAY" --no-config "$@" \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# A sanitizer build (make SANITIZE=1) exits 1 on a memory error, like a finding:
# its report on stderr is what tells them apart.
sanitizer_report() {
	grep -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$tmp/err" | head -n 1
}

has_control() {
	# Any control character but newline and tab.
	tr -d '\n\t' <"$1" | LC_ALL=C grep -q '[[:cntrl:]]'
}

# ---------------------------------------------------------------- 1. tests/bad/plan
while IFS="$tab" read -r name want_rc want_line want_rule rest; do
	case $name in '' | '#'*) continue ;; esac
	case $name in
	@*)
		special "$name"
		if [ -z "$path" ]; then
			skip "bad: $name" "$why"
			continue
		fi ;;
	*)
		path=$BAD/$name ;;
	esac
	desc="bad: $name: exit $want_rc, line $want_line, $want_rule"
	problems=

	# JSON
	run --format json "$path"
	if [ "$rc" -gt 3 ]; then
		case $rc in
		124) problems="$problems${problems:+
}hang: killed after ${TIMEOUT}s" ;;
		*) problems="$problems${problems:+
}crash: exit code $rc (signal $((rc - 128))?)" ;;
		esac
	elif [ "$rc" != "$want_rc" ]; then
		problems="$problems${problems:+
}exit code $rc, expected $want_rc"
	fi
	san=$(sanitizer_report)
	if [ -n "$san" ]; then
		problems="$problems${problems:+
}sanitizer: $san"
	fi
	if ! jq -e '.version == 1 and (.files | length) == 1 and (.summary | type) == "object"' \
		<"$tmp/out" >/dev/null 2>&1; then
		problems="$problems${problems:+
}stdout is not one complete JSON report: $(head -c 300 "$tmp/out")"
		got=
	else
		got=$(jq -r '.files[0].diagnostics[0] | "\(.line // 0) \(.rule)"' <"$tmp/out")
		if [ "$got" != "$want_line $want_rule" ]; then
			problems="$problems${problems:+
}first diagnostic: line and rule '$got', expected '$want_line $want_rule'
message: $(jq -r '.files[0].diagnostics[0].message' <"$tmp/out")"
		fi
	fi
	if [ -n "$passwd_line" ] && grep -qF "$passwd_line" "$tmp/out"; then
		problems="$problems${problems:+
}the output holds the content of /etc/passwd"
	fi

	# External entities and DTDs are refused without being read: where strace
	# works, check that /etc/passwd is never even opened.
	case $name in
	*xxe* | *external-dtd*)
		if command -v strace >/dev/null 2>&1; then
			strace -f -qq -e trace=open,openat -o "$tmp/trace" \
				"$CRISIS" plan validate --no-config --format json "$path" \
				>/dev/null 2>&1 </dev/null
			if grep -qF "$name" "$tmp/trace" 2>/dev/null &&
				grep -q '/etc/passwd' "$tmp/trace"; then
				problems="$problems${problems:+
}/etc/passwd was opened: $(grep '/etc/passwd' "$tmp/trace" | head -n 1)"
			fi
		fi ;;
	esac

	# Text
	run --format text --color never "$path"
	first=$(head -n 1 "$tmp/out")
	if [ "$want_rc" = 0 ]; then sev=warning; else sev=error; fi
	if [ "$want_line" = 0 ]; then
		form=": $sev: .+ \\[$want_rule\\]\$"
	else
		form=":$want_line(:[0-9]+)?: $sev: .+ \\[$want_rule\\]\$"
	fi
	case $first in
	"$path"*) rest=${first#"$path"} ;;
	*) rest= ;;
	esac
	if [ -z "$rest" ] || ! printf '%s\n' "$rest" | grep -Eq "^$form"; then
		problems="$problems${problems:+
}text: first line '$first', expected '$path$form'"
	fi
	san=$(sanitizer_report)
	if [ -n "$san" ]; then
		problems="$problems${problems:+
}text: sanitizer: $san"
	fi
	if has_control "$tmp/out"; then
		problems="$problems${problems:+
}text: the output holds control characters (terminal escapes)"
	fi
	if [ -n "$passwd_line" ] && grep -qF "$passwd_line" "$tmp/out"; then
		problems="$problems${problems:+
}text: the output holds the content of /etc/passwd"
	fi

	if [ -z "$problems" ]; then
		ok "$desc"
	else
		not_ok "$desc" "$problems"
	fi
done <"$BAD/expect.tsv"

# ---------------------------------------------------------------- 2. yaml-test-suite
if [ ! -d "$SUITE" ]; then
	skip "yaml-test-suite" "$SUITE is missing"
else
	find "$SUITE" -name in.yaml | LC_ALL=C sort >"$tmp/suite"
	total=$(wc -l <"$tmp/suite")
	i=0
	batch=0
	problems=
	first_in=
	while IFS= read -r f; do
		i=$((i + 1))
		[ -n "$first_in" ] || first_in=$f
		run --format text --color never "$f"
		line=$(head -n 1 "$tmp/out")
		san=$(sanitizer_report)
		if [ -n "$san" ]; then
			problems="$problems${problems:+
}$f: sanitizer: $san"
		fi
		case $rc in
		1 | 2 | 3)
			rest=
			case $line in "$f:"*) rest=${line#"$f"} ;; esac
			if [ -z "$rest" ] || ! printf '%s\n' "$rest" |
				grep -Eq '^:[0-9]+(:[0-9]+)?: error: .+ \[[a-z0-9-]+\]$'; then
				problems="$problems${problems:+
}$f: first line is not a located diagnostic: $(printf '%s' "$line" | head -c 200)"
			fi ;;
		0) problems="$problems${problems:+
}$f: exit code 0, but it is not a plan" ;;
		124) problems="$problems${problems:+
}$f: hang, killed after ${TIMEOUT}s" ;;
		*) problems="$problems${problems:+
}$f: crash, exit code $rc: $(head -c 200 "$tmp/err")" ;;
		esac
		if [ $((i % 50)) -eq 0 ] || [ "$i" -eq "$total" ]; then
			batch=$((batch + 1))
			desc="yaml-test-suite: files $((i - (i - 1) % 50))-$i of $total ($first_in ...): no crash, located diagnostic"
			if [ -z "$problems" ]; then
				ok "$desc"
			else
				not_ok "$desc" "$problems"
			fi
			problems=
			first_in=
		fi
	done <"$tmp/suite"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
