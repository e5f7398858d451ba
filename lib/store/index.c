#include "index.h"
#include "store-internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <unistd.h>

/* Bump when what is stored changes meaning: the tables are then made again. */
#define CHANGES_VERSION 1

struct index {
	struct store *s;
	sqlite3_stmt *get, *put;
};

static const char changes_create[] =
	"CREATE TABLE IF NOT EXISTS plan_change ("
	" commit_id TEXT NOT NULL, path TEXT NOT NULL,"
	" summary TEXT NOT NULL, changes TEXT NOT NULL,"
	" PRIMARY KEY (commit_id, path)) WITHOUT ROWID;";
static const char changes_drop[] = "DROP TABLE IF EXISTS plan_change;";

/* The file of the same promise before it was named index.db. */
static void remove_old_cache(const char *root)
{
	static const char *const names[] = { "crisis.db", "crisis.db-wal", "crisis.db-shm" };
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		buf_reset(&path);
		buf_addf(&path, "%s%s/%s", root, STORE_DIR, names[i]);
		unlink(path.ptr);
	}
	buf_release(&path);
}

int index_open(struct index **out, const char *root)
{
	struct index *ix = xcalloc(1, sizeof(*ix));
	int ret;

	*out = NULL;
	if ((ret = store_open(&ix->s, root, STORE_INDEX)) < 0 ||
	    (ret = store_schema(ix->s, "plan-changes", CHANGES_VERSION, changes_create,
				changes_drop)) < 0 ||
	    (ret = store_prepare(ix->s, &ix->get, "SELECT summary, changes FROM plan_change"
				 " WHERE commit_id = ?1 AND path = ?2")) < 0 ||
	    (ret = store_prepare(ix->s, &ix->put, "INSERT OR REPLACE INTO plan_change"
				 " VALUES (?1, ?2, ?3, ?4)")) < 0) {
		index_close(ix);
		return ret;
	}
	remove_old_cache(root);
	*out = ix;
	return 0;
}

int index_close(struct index *ix)
{
	int ret = 0;
	if (!ix)
		return 0;
	sqlite3_finalize(ix->get);
	sqlite3_finalize(ix->put);
	if (ix->s && ix->s->in_tx) {
		ret = store_exec(ix->s, "COMMIT", "cannot write the index");
		ix->s->in_tx = false;
	}
	store_close(ix->s);
	free(ix);
	return ret;
}

/*
 * One transaction for the whole run: a statement alone opens and closes
 * its own, with the locks and the sync that take, thousands of times.
 */
static int begin(struct index *ix, bool write)
{
	int ret;
	if (ix->s->in_tx)
		return 0;
	if ((ret = store_exec(ix->s, write ? "BEGIN IMMEDIATE" : "BEGIN",
			      "cannot read the index")) < 0)
		return ret;
	ix->s->in_tx = true;
	return 0;
}

int index_get_change(struct index *ix, const char *commit, const char *path,
		     struct buf *summary, struct buf *json)
{
	int ret;
	if ((ret = begin(ix, false)) < 0)
		return ret;
	sqlite3_bind_text(ix->get, 1, commit, -1, SQLITE_STATIC);
	sqlite3_bind_text(ix->get, 2, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(ix->get);
	if (rc == SQLITE_ROW) {
		buf_adds(summary, (const char *)sqlite3_column_text(ix->get, 0));
		buf_adds(json, (const char *)sqlite3_column_text(ix->get, 1));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : store_fail(ix->s, "cannot read the index");
	}
	sqlite3_reset(ix->get);
	return ret;
}

int index_put_change(struct index *ix, const char *commit, const char *path,
		     const char *summary, const char *json)
{
	int ret;
	/* A read transaction becomes a write one at the first row. */
	if ((ret = begin(ix, true)) < 0)
		return ret;
	sqlite3_bind_text(ix->put, 1, commit, -1, SQLITE_STATIC);
	sqlite3_bind_text(ix->put, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(ix->put, 3, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(ix->put, 4, json, -1, SQLITE_STATIC);
	ret = sqlite3_step(ix->put) == SQLITE_DONE ? 0 : store_fail(ix->s, "cannot write the index");
	sqlite3_reset(ix->put);
	return ret;
}

int index_clear(struct index *ix)
{
	int ret;
	if ((ret = begin(ix, true)) < 0)
		return ret;
	return store_exec(ix->s, "DELETE FROM plan_change", "cannot write the index");
}
