/*
 * What the search index (store/search.h) holds of a workspace: every
 * lesson, action, decision, timeline entry, strength and weakness of the
 * debriefs under debriefs/, and every note, decision and comment of the
 * drill runs under drills/runs/, with their lines.
 *
 * The index follows the files without reading them all each time: it
 * keeps what it was made from (the stamps of git's index and of the
 * folders), and when any of it moved (a commit, a
 * checkout, a pull of colleagues' records, a file added, removed or
 * replaced, as crisis and most editors write them) it reads again the files
 * whose own stamp changed. A file rewritten in place with no other sign is
 * read again once git or its folder moves, or at crisis reindex.
 */
#ifndef CRISIS_DEBRIEF_INDEX_H
#define CRISIS_DEBRIEF_INDEX_H

#include "check/validate.h"
#include "store/search.h"

#include <stdbool.h>
#include <stddef.h>

/* What a refresh did. */
struct index_refresh {
	size_t files;		/* debriefs and runs found */
	size_t read;		/* read again: new or changed */
	size_t dropped;		/* gone since the last refresh */
	size_t docs;		/* documents indexed from those read */
	bool walked;		/* something moved: the files were looked at */
};

/* The validator the files are read with, made when one is first needed (a search often needs none). */
struct index_reader {
	struct validator *(*get)(void *data);
	void *data;
};

/*
 * Bring `s` up to date with the workspace at `root` (ending in '/'): every file when
 * `all` (crisis reindex, after search_clear), else nothing when nothing
 * moved, else the files whose stamp changed. Files are read with the
 * reader's validator, its rules not run (models only). One transaction.
 * 0 or a negative code; `st` says what was done.
 */
int index_refresh(struct search *s, const struct index_reader *rd, const char *root, bool all,
		  struct index_refresh *st);

#endif
