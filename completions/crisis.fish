# fish completion for crisis(1)
#
# The binary is the single source of the candidates: this function passes the
# words after `crisis`, up to and including the word being completed, to
# `crisis __complete` and offers what it prints, one candidate a line. The
# line `__files__` means "complete a file name", `__dirs__` "a folder".
#
# Installed as share/fish/vendor_completions.d/crisis.fish.

function __crisis_complete
    set -l words (commandline -opc)
    # The word being completed, without its quotes and backslashes.
    set -l cur (commandline -ct | string unescape)
    set -q cur[1]; or set cur ''

    # The crisis that was typed (./crisis, build/crisis...), else the one on
    # the PATH.
    set -l cmd $words[1]
    if not string match -q -- '*/*' $cmd; or not test -x "$cmd"
        set cmd crisis
    end

    for line in (command $cmd __complete $words[2..-1] $cur 2>/dev/null)
        if test "$line" = __files__
            __fish_complete_path $cur
        else if test "$line" = __dirs__
            __fish_complete_directories $cur
        else if test -n "$line"
            echo $line
        end
    end
end

complete -c crisis -f -a '(__crisis_complete)'
