/*
 * .crisis/index.db: what can be computed again from the repository, kept so
 * that it is not. Deleting it loses nothing. It keeps what each commit
 * changed in each plan, so that `crisis plan log` reads a long history
 * once, and (store/search.h) the words of the debriefs and drill runs.
 */
#ifndef CRISIS_INDEX_H
#define CRISIS_INDEX_H

#include "util/buf.h"

struct index;

/* Open (or create) the index of the workspace at `root` (ending in '/'); 0 or a negative code. */
int index_open(struct index **out, const char *root);
/* Write what was added, and close; 0 or a negative code (what was added is then lost). */
int index_close(struct index *ix);

/* What commit `commit` changed in `path`: its summary line and JSON. 1 when known, 0 when not, or a negative code. */
int index_get_change(struct index *ix, const char *commit, const char *path,
		     struct buf *summary, struct buf *json);
/* Forget every change known (crisis reindex): they are computed again when asked for. */
int index_clear(struct index *ix);
int index_put_change(struct index *ix, const char *commit, const char *path,
		     const char *summary, const char *json);

#endif
