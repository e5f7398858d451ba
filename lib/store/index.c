#include "index.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bump when what is stored changes meaning: the index is then rebuilt. */
#define CACHE_VERSION 1

struct cache {
	sqlite3 *db;
	sqlite3_stmt *get, *put;
	bool open;		/* a transaction for the whole run */
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS plan_change ("
	" commit_id TEXT NOT NULL, path TEXT NOT NULL,"
	" summary TEXT NOT NULL, changes TEXT NOT NULL,"
	" PRIMARY KEY (commit_id, path)) WITHOUT ROWID;";

struct cache *cache_open(const char *root)
{
	struct buf path = BUF_INIT;
	struct cache *c = xcalloc(1, sizeof(*c));
	int version = 0;

	buf_addf(&path, "%s%s", root, CACHE_DIR);
	mkdir(path.ptr, 0700);
	buf_addf(&path, "/%s", CACHE_FILE);
	/* Personal data may end up here: the file is the user's alone. */
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(path.ptr, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old);
	buf_release(&path);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(c->db, 2000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (version != CACHE_VERSION &&
	    sqlite3_exec(c->db, "DROP TABLE IF EXISTS plan_change", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_exec(c->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (version != CACHE_VERSION) {
		char set[64];
		snprintf(set, sizeof(set), "PRAGMA user_version=%d", CACHE_VERSION);
		sqlite3_exec(c->db, set, NULL, NULL, NULL);
	}
	if (sqlite3_prepare_v2(c->db, "SELECT summary, changes FROM plan_change"
			       " WHERE commit_id = ?1 AND path = ?2", -1, &c->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO plan_change"
			       " VALUES (?1, ?2, ?3, ?4)", -1, &c->put, NULL) != SQLITE_OK)
		goto fail;
	return c;
fail:
	cache_close(c);
	return NULL;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	if (c->open)
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_close(c->db);
	free(c);
}

int cache_get_change(struct cache *c, const char *commit, const char *path,
		     struct buf *summary, struct buf *json)
{
	int found = 0;
	if (!c)
		return 0;
	/*
	 * One transaction for the whole run: a statement alone opens and
	 * closes its own, with the locks that take, thousands of times.
	 */
	if (!c->open && sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		c->open = true;
	sqlite3_bind_text(c->get, 1, commit, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->get, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(c->get) == SQLITE_ROW) {
		buf_adds(summary, (const char *)sqlite3_column_text(c->get, 0));
		buf_adds(json, (const char *)sqlite3_column_text(c->get, 1));
		found = 1;
	}
	sqlite3_reset(c->get);
	return found;
}

void cache_put_change(struct cache *c, const char *commit, const char *path,
		      const char *summary, const char *json)
{
	if (!c)
		return;
	/* One transaction for a whole run: thousands of rows, one sync. */
	if (!c->open && sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	c->open = true;
	sqlite3_bind_text(c->put, 1, commit, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 3, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 4, json, -1, SQLITE_STATIC);
	sqlite3_step(c->put);
	sqlite3_reset(c->put);
}
