# bash completion for crisis(1)                           -*- shell-script -*-
#
# The binary is the single source of the candidates: this script passes the
# words after `crisis`, up to and including the word being completed, to
# `crisis __complete` and offers what it prints, one candidate a line. The
# line `__files__` means "complete a file name", `__dirs__` "a folder".
#
# Installed as share/bash-completion/completions/crisis, or sourced from
# ~/.bashrc.

_crisis()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local cmd=${COMP_WORDS[0]} line files= dirs=
	local -a candidates=()

	# The crisis that was typed (./crisis, build/crisis...), else the one on
	# the PATH.
	[[ $cmd == */* && -x $cmd ]] || cmd=crisis

	while IFS= read -r line; do
		if [[ $line == __files__ ]]; then
			files=1
		elif [[ $line == __dirs__ ]]; then
			dirs=1
		elif [[ -n $line ]]; then
			candidates+=("$line")
		fi
	done < <("$cmd" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)

	COMPREPLY=("${candidates[@]}")
	if [[ -n $dirs ]]; then
		if declare -F _filedir >/dev/null; then
			_filedir -d
		else
			compopt -o filenames 2>/dev/null
			while IFS= read -r line; do
				COMPREPLY+=("$line")
			done < <(compgen -d -- "$cur")
		fi
	fi
	if [[ -n $files ]]; then
		if declare -F _filedir >/dev/null; then
			# bash-completion's, which also handles quoted names.
			_filedir
		else
			# Quote special characters and mark folders with a slash.
			compopt -o filenames 2>/dev/null
			while IFS= read -r line; do
				COMPREPLY+=("$line")
			done < <(compgen -f -- "$cur")
		fi
	fi
	return 0
}

complete -F _crisis crisis
