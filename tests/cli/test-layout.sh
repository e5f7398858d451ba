#!/bin/sh
# The layout's promises, read from the sources: dependencies in lib/ run one
# way (util -> store, git -> check -> plan -> contacts -> drill -> debrief),
# nothing in lib/ includes the table of kinds above it, and each library is
# called from the one folder that owns it.
. tests/cli/lib.sh

# The rank of a folder of lib/: a file may include its own folder's headers
# and those of lower ranks. store and git share a rank and do not meet.
rank() {
	case $1 in
	util) echo 0 ;; store|git) echo 1 ;; check) echo 2 ;; plan) echo 3 ;;
	contacts) echo 4 ;; drill) echo 5 ;; debrief) echo 6 ;; *) echo 99 ;;
	esac
}

# The includes of ROOT/lib/ that run against the direction, as FILE->FOLDER.
upward() {
	(cd "$1" && for f in lib/*/*.c lib/*/*.h; do
		[ -f "$f" ] || continue
		folder=$(basename "$(dirname "$f")")
		mine=$(rank "$folder")
		for inc in $(sed -n 's/^#include "\([a-z]*\)\/[^"]*".*/\1/p' "$f"); do
			theirs=$(rank "$inc")
			if [ "$inc" != "$folder" ] && [ "$theirs" -ge "$mine" ]; then
				printf ' %s->%s' "$f" "$inc"
			fi
		done
		grep -q '^#include "kinds.h"' "$f" && printf ' %s->kinds.h' "$f"
	done)
}

same "lib/ includes run one way, and nothing in lib/ includes kinds.h" "$(upward .)" ""

# The check itself catches what it is for.
mkdir -p "$TMP/tree/lib/check" "$TMP/tree/lib/git" "$TMP/tree/lib/plan"
printf '#include "plan/plan.h"\n#include "util/buf.h"\n' >"$TMP/tree/lib/check/up.c"
printf '#include "store/store.h"\n' >"$TMP/tree/lib/git/side.c"
printf '#include "kinds.h"\n#include "check/doc.h"\n' >"$TMP/tree/lib/plan/top.c"
same "an include upward, sideways or to the table of kinds is caught" "$(upward "$TMP/tree")" \
	" lib/check/up.c->plan lib/git/side.c->store lib/plan/top.c->kinds.h"

only_in() {
	found=$(grep -l "$1" cmd/*.c cmd/*.h lib/*.c lib/*/*.c lib/*/*.h 2>/dev/null | grep -v "^$2" | tr '\n' ' ')
	same "$3" "$found" ""
}
only_in '#include <sqlite3.h>' 'lib/store/' "only lib/store/ opens SQLite"
only_in '#include <git2.h>' 'lib/git/' "only lib/git/ calls libgit2"
only_in 'sqlite3_open' 'lib/store/store.c' "only store.c opens a database"

finish
