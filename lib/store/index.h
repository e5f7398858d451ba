/*
 * The workspace's local index, .crisis/crisis.db (SQLite, WAL, mode 0600):
 * what can be computed again from the repository, kept so that it is not.
 * Deleting it loses nothing. For now it keeps what each commit changed in
 * each plan, so that `crisis plan log` reads a long history once.
 */
#ifndef CRISIS_INDEX_H
#define CRISIS_INDEX_H

#include "util/buf.h"

#define CACHE_DIR ".crisis"
#define CACHE_FILE "crisis.db"

struct cache;

/* Open (or create) the index of the workspace at `root` (ending in '/'). NULL when it cannot be used. */
struct cache *cache_open(const char *root);
/* Write what was added and close. */
void cache_close(struct cache *c);

/* What commit `commit` changed in `path`: its summary line and JSON. 1 when known, 0 when not. */
int cache_get_change(struct cache *c, const char *commit, const char *path,
		     struct buf *summary, struct buf *json);
void cache_put_change(struct cache *c, const char *commit, const char *path,
		      const char *summary, const char *json);

#endif
