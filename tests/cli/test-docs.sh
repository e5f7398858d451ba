#!/bin/sh
# test-docs.sh: the man pages and the shell completions follow the binary.
#
# Run from the repository root with CRISIS set to the absolute path of the
# binary (tests/run.sh does). The binary's command table is the one source:
# every command, subcommand, option and rule it knows must be documented, the
# pages must render without warnings, and the completion scripts must offer
# what `crisis __complete` prints without naming any command themselves.
# Prints TAP; exits 1 when a test fails.

# shellcheck disable=SC2016 # single-quoted scripts for sh -c and fish -c
# shellcheck disable=SC2094 # the loops read files that their bodies only read

: "${CRISIS:?set CRISIS to the absolute path of the crisis binary}"

n=0
failed=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# diag FILE: show a file's lines as TAP comments.
diag() { sed 's/^/# /' "$1"; }

# The text of a page's source as a reader types it: no font changes, no
# escaped hyphens (\-), no zero-width escapes (\&, \%).
text_of() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' \
	    -e 's/\\&//g' -e 's/\\%//g' -e 's/\\(aq/'"'"'/g' "$1"
}
# section_of PAGE TITLE: the lines of section .SH TITLE (quoted or not).
section_of() {
	text_of "$1" | awk -v t="$2" '
		/^\.SH / { s = substr($0, 5); gsub(/"/, "", s); on = (s == t); next }
		on'
}
# has_word FILE WORD: WORD (an option, a command...) appears whole in FILE.
has_word() {
	awk -v w="$2" '
		{ s = $0
		  while ((i = index(s, w)) > 0) {
			before = i > 1 ? substr(s, i - 1, 1) : ""
			after = substr(s, i + length(w), 1)
			if (before !~ /[A-Za-z0-9_-]/ && after !~ /[A-Za-z0-9_-]/) { found = 1; exit }
			s = substr(s, i + 1)
		  } }
		END { exit !found }' "$1"
}

for page in man/crisis.1 man/crisis-plan.1 man/crisis-plan.5 man/crisis-drill.1 man/crisis-drill.5 \
	man/crisis-debrief.1 man/crisis-debrief.5; do
	if [ -f "$page" ]; then ok "$page exists"; else not_ok "$page exists"; fi
done

# --- Commands and subcommands, from the binary's table ----------------------

"$CRISIS" __complete '' >"$tmp/commands"
if [ -s "$tmp/commands" ]; then
	ok "crisis __complete '' lists the commands"
else
	not_ok "crisis __complete '' lists the commands"
fi

# Every command has its page, so that 'man crisis-CMD' answers; help and
# version are about crisis itself, in crisis(1).
while IFS= read -r cmd; do
	case $cmd in '' | help | version) continue ;; esac
	if [ -f "man/crisis-$cmd.1" ]; then
		ok "man/crisis-$cmd.1 exists for 'crisis $cmd'"
	else
		not_ok "man/crisis-$cmd.1 exists for 'crisis $cmd'"
	fi
done <"$tmp/commands"

section_of man/crisis.1 COMMANDS >"$tmp/crisis1-commands"
text_of man/crisis.1 >"$tmp/crisis1"
# "crisis CMD SUB" as it appears in the COMMANDS section.
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	# The markers __files__ and __dirs__ are not subcommands.
	"$CRISIS" __complete "$cmd" '' | grep -v '^__[a-z]*__$' >"$tmp/subs"
	# A candidate that is itself a command is an argument (crisis help plan).
	grep -vxF -f "$tmp/commands" "$tmp/subs" >"$tmp/own-subs"
	if ! [ -s "$tmp/own-subs" ]; then
		if grep -qF "crisis $cmd" "$tmp/crisis1-commands"; then
			ok "crisis.1 COMMANDS documents 'crisis $cmd'"
		else
			not_ok "crisis.1 COMMANDS documents 'crisis $cmd'"
		fi
		continue
	fi
	while IFS= read -r sub; do
		if grep -qF "crisis $cmd $sub" "$tmp/crisis1-commands"; then
			ok "crisis.1 COMMANDS documents 'crisis $cmd $sub'"
		else
			not_ok "crisis.1 COMMANDS documents 'crisis $cmd $sub'"
		fi

		# Its options, in the section "CMD SUB" of crisis-CMD(1).
		page=man/crisis-$cmd.1
		title=$(echo "$cmd $sub" | tr '[:lower:]' '[:upper:]')
		section_of "$page" "$title" >"$tmp/section" 2>/dev/null
		if ! [ -s "$tmp/section" ]; then
			not_ok "$page has a section '$title' for 'crisis $cmd $sub'"
			continue
		fi
		"$CRISIS" __complete "$cmd" "$sub" -- >"$tmp/options"
		if ! [ -s "$tmp/options" ]; then
			not_ok "crisis __complete $cmd $sub -- lists options"
			continue
		fi
		while IFS= read -r opt; do
			if has_word "$tmp/section" "$opt"; then
				ok "$page '$title' documents $opt"
			else
				not_ok "$page '$title' documents $opt"
			fi
		done <"$tmp/options"
		# Short options, from the help: "  -f, --format FORMAT".
		"$CRISIS" help "$cmd" "$sub" |
			sed -n 's/^ *\(-[A-Za-z0-9]\), --\([a-z-]*\).*/\1 --\2/p' >"$tmp/shorts"
		while read -r short long; do
			if has_word "$tmp/section" "$short"; then
				ok "$page '$title' documents $short ($long)"
			else
				not_ok "$page '$title' documents $short ($long)"
			fi
		done <"$tmp/shorts"
	done <"$tmp/own-subs"
done <"$tmp/commands"

# Global options and exit codes.
for opt in --version --help; do
	if section_of man/crisis.1 "GLOBAL OPTIONS" | grep -qF -- "$opt"; then
		ok "crisis.1 GLOBAL OPTIONS documents $opt"
	else
		not_ok "crisis.1 GLOBAL OPTIONS documents $opt"
	fi
done
for code in 0 1 2 3; do
	if section_of man/crisis.1 "EXIT STATUS" | grep -qx "\.B $code"; then
		ok "crisis.1 EXIT STATUS documents $code"
	else
		not_ok "crisis.1 EXIT STATUS documents $code"
	fi
done
for var in NO_COLOR GITHUB_ACTIONS TERM; do
	if section_of man/crisis.1 ENVIRONMENT | grep -qF "$var"; then
		ok "crisis.1 ENVIRONMENT documents $var"
	else
		not_ok "crisis.1 ENVIRONMENT documents $var"
	fi
done

# --- Rules: every id, with its default severity ------------------------------

# rules_of CMD OUT: "id stage severity" for each rule `crisis CMD rules` lists.
rules_of() {
	"$CRISIS" "$1" rules --format json >"$tmp/rules.json"
	if command -v jq >/dev/null 2>&1; then
		jq -r '.[] | "\(.id) \(.stage) \(.severity)"' "$tmp/rules.json" >"$2"
	else
		sed -n 's/.*"id": *"\([^"]*\)", *"stage": *"\([^"]*\)", *"severity": *"\([^"]*\)".*/\1 \2 \3/p' \
			"$tmp/rules.json" >"$2"
	fi
}
# check_rules PAGE RULES-FILE: each rule of the file is an entry of the page's
# RULES section, as .BR rule-id " (severity)".
check_rules() {
	section_of "$1" RULES >"$tmp/rules-section"
	while read -r id _stage severity; do
		if grep -qxF ".BR $id \" ($severity)\"" "$tmp/rules-section"; then
			ok "${1#man/} RULES documents $id ($severity)"
		else
			not_ok "${1#man/} RULES documents $id ($severity)"
		fi
	done <"$2"
}

rules_of plan "$tmp/rules"
if [ "$(wc -l <"$tmp/rules")" -ge 10 ]; then
	ok "crisis plan rules --format json lists the rules"
else
	not_ok "crisis plan rules --format json lists the rules"
fi
check_rules man/crisis-plan.1 "$tmp/rules"

# The drill rules (stage drill) in crisis-drill.1; the load and schema rules
# that drills share with plans are documented in crisis-plan.1, checked above.
rules_of drill "$tmp/drill-rules-all"
awk '$2 == "drill"' "$tmp/drill-rules-all" >"$tmp/drill-rules"
if [ "$(wc -l <"$tmp/drill-rules")" -ge 5 ]; then
	ok "crisis drill rules --format json lists the drill rules"
else
	not_ok "crisis drill rules --format json lists the drill rules"
fi
check_rules man/crisis-drill.1 "$tmp/drill-rules"

# The debrief rules (stage debrief) in crisis-debrief.1, as for drills.
rules_of debrief "$tmp/debrief-rules-all"
awk '$2 == "debrief"' "$tmp/debrief-rules-all" >"$tmp/debrief-rules"
if [ "$(wc -l <"$tmp/debrief-rules")" -ge 2 ]; then
	ok "crisis debrief rules --format json lists the debrief rules"
else
	not_ok "crisis debrief rules --format json lists the debrief rules"
fi
check_rules man/crisis-debrief.1 "$tmp/debrief-rules"

# --- The pages render without warnings ----------------------------------------

# render NAME PAGE COMMAND...: COMMAND prints the page on standard output and
# its warnings on standard error.
render() {
	name=$1 page=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && ! [ -s "$tmp/err" ] && [ -s "$tmp/out" ]; then
		ok "$name renders $page without warnings"
	else
		not_ok "$name renders $page without warnings (status $rc)"
		diag "$tmp/err"
	fi
}
have_renderer=
for page in man/crisis.1 man/crisis-plan.1 man/crisis-plan.5 man/crisis-drill.1 man/crisis-drill.5 \
	man/crisis-debrief.1 man/crisis-debrief.5; do
	[ -f "$page" ] || continue
	if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
		have_renderer=1
		render "man -l" "$page" env MANWIDTH=80 MAN_KEEP_FORMATTING= \
			man --warnings=w -l "$page"
	else
		skip "man -l renders $page without warnings" "man-db is not installed"
	fi
	if command -v groff >/dev/null 2>&1; then
		have_renderer=1
		render "groff" "$page" groff -k -man -Tutf8 -ww "$page"
	fi
	if command -v mandoc >/dev/null 2>&1; then
		have_renderer=1
		# Style remarks (such as long lines in examples) are not warnings.
		render "mandoc -Tlint" "$page" sh -c \
			'mandoc -Tlint -W warning "$1" >&2; mandoc -Tascii "$1"' sh "$page"
	fi
done
if [ -z "$have_renderer" ]; then
	skip "the man pages render without warnings" "neither groff, mandoc nor man is installed"
fi

# --- Completion scripts --------------------------------------------------------

# No command, subcommand, option or value is written in the scripts: they
# only call `crisis __complete`. Comments may name anything.
{
	cat "$tmp/commands"
	while IFS= read -r cmd; do
		"$CRISIS" __complete "$cmd" ''
	done <"$tmp/commands"
	"$CRISIS" __complete plan validate --
	"$CRISIS" __complete plan validate --format ''
	"$CRISIS" __complete plan validate --color ''
} | grep -v '^__[a-z]*__$' | sort -u >"$tmp/names"
for script in completions/crisis.bash completions/_crisis completions/crisis.fish; do
	if ! [ -f "$script" ]; then
		not_ok "$script exists"
		continue
	fi
	sed -e 's/^[[:space:]]*#.*//' -e 's/[[:space:]]#.*//' "$script" >"$tmp/code"
	found=
	while IFS= read -r name; do
		if has_word "$tmp/code" "$name"; then
			found="$found $name"
		fi
	done <"$tmp/names"
	if [ -z "$found" ] && grep -q '__complete' "$tmp/code"; then
		ok "$script only asks 'crisis __complete'"
	else
		not_ok "$script only asks 'crisis __complete' (names:$found)"
	fi
done

# A crisis on the PATH, as installed, and a folder with files to complete.
mkdir "$tmp/bin" "$tmp/work"
ln -s "$CRISIS" "$tmp/bin/crisis"
: >"$tmp/work/plan-a.yaml"
root=$(pwd)

# expect SHELL DESCRIPTION EXPECTED ACTUAL-FILE
expect() {
	got=$(cat "$4")
	if [ "$got" = "$3" ]; then
		ok "$1: $2 -> $3"
	else
		not_ok "$1: $2 -> $3 (got: $got)"
	fi
}

if command -v bash >/dev/null 2>&1; then
	# comp WORD...: the candidates for the last word, on one line.
	cat >"$tmp/bash-comp" <<'EOF'
source "$1/completions/crisis.bash" || exit 1
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_crisis
echo "${COMPREPLY[*]}"
EOF
	PATH="$tmp/bin:$PATH" bash -c 'source "$1/completions/crisis.bash" && complete -p crisis' \
		sh "$root" >"$tmp/got" 2>&1
	if grep -q -- '-F _crisis crisis$' "$tmp/got"; then
		ok "bash: complete -p crisis names _crisis"
	else
		not_ok "bash: complete -p crisis names _crisis"
		diag "$tmp/got"
	fi
	bcomp() {
		(cd "$tmp/work" && PATH="$tmp/bin:$PATH" bash "$tmp/bash-comp" "$root" "$@") >"$tmp/got" 2>&1
	}
	bcomp crisis pl;                               expect bash "crisis pl<TAB>" plan "$tmp/got"
	bcomp crisis plan v;                           expect bash "crisis plan v<TAB>" validate "$tmp/got"
	bcomp crisis plan validate --for;              expect bash "crisis plan validate --for<TAB>" --format "$tmp/got"
	bcomp crisis plan validate --format '';        expect bash "crisis plan validate --format <TAB>" \
		"text json junit sarif github" "$tmp/got"
	bcomp crisis plan validate pl;                 expect bash "crisis plan validate pl<TAB>" plan-a.yaml "$tmp/got"
	bcomp "$CRISIS" pl;                            expect bash "$CRISIS pl<TAB>" plan "$tmp/got"
else
	skip "bash completion" "bash is not installed"
fi

if command -v zsh >/dev/null 2>&1; then
	# Outside a completion widget, compadd and _files print what they get.
	cat >"$tmp/zsh-comp" <<'EOF'
fpath=("$1/completions" $fpath)
autoload -Uz _crisis
shift
compadd() { [[ $1 == -a ]] && print -rl -- "${(@P)2}"; return 0 }
_files() { ls -d -- ${PREFIX}* 2>/dev/null; return 0 }
_call_program() { shift; eval "$@" }
words=("$@")
CURRENT=$#words
PREFIX=$words[CURRENT]
print -r -- "${(j: :)${(f)$(_crisis)}}"
EOF
	zcomp() {
		(cd "$tmp/work" && PATH="$tmp/bin:$PATH" zsh -f "$tmp/zsh-comp" "$root" "$@") >"$tmp/got" 2>&1
	}
	zcomp crisis pl;                               expect zsh "crisis pl<TAB>" plan "$tmp/got"
	zcomp crisis plan v;                           expect zsh "crisis plan v<TAB>" validate "$tmp/got"
	zcomp crisis plan validate --for;              expect zsh "crisis plan validate --for<TAB>" --format "$tmp/got"
	zcomp crisis plan validate --format '';        expect zsh "crisis plan validate --format <TAB>" \
		"text json junit sarif github" "$tmp/got"
	zcomp crisis plan validate pl;                 expect zsh "crisis plan validate pl<TAB>" plan-a.yaml "$tmp/got"
else
	skip "zsh completion" "zsh is not installed"
fi

if command -v fish >/dev/null 2>&1; then
	fcomp() {
		(cd "$tmp/work" && PATH="$tmp/bin:$PATH" fish --no-config -c \
			'source $argv[1]/completions/crisis.fish; and complete -C $argv[2] | string join " "' \
			"$root" "$1") >"$tmp/got" 2>&1
	}
	# fish sorts the candidates.
	fcomp 'crisis pl';                             expect fish "crisis pl<TAB>" plan "$tmp/got"
	fcomp 'crisis plan v';                         expect fish "crisis plan v<TAB>" validate "$tmp/got"
	fcomp 'crisis plan validate --for';            expect fish "crisis plan validate --for<TAB>" --format "$tmp/got"
	fcomp 'crisis plan validate --format ';        expect fish "crisis plan validate --format <TAB>" \
		"github json junit sarif text" "$tmp/got"
	fcomp 'crisis plan validate pl';               expect fish "crisis plan validate pl<TAB>" plan-a.yaml "$tmp/got"
else
	skip "fish completion" "fish is not installed"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
