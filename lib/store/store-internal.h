/*
 * Internal to lib/store: what its modules share. Code outside lib/store
 * uses store.h and the modules' own headers (index.h, journal.h).
 */
#ifndef CRISIS_STORE_INTERNAL_H
#define CRISIS_STORE_INTERNAL_H

#include "store.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

struct store {
	sqlite3 *db;
	enum store_kind kind;
	char *path;
	bool in_tx;		/* an open transaction (BEGIN ... COMMIT) */
};

/*
 * Record SQLite's last error on `s` as "what: its message", and return
 * CRISIS_ELOCKED when the database was busy, CRISIS_ERROR otherwise.
 */
int store_fail(struct store *s, const char *what);
/* Run statements with no result; 0 or store_fail's code. */
int store_exec(struct store *s, const char *sql, const char *what);
/* Prepare one statement; 0 or store_fail's code. */
int store_prepare(struct store *s, sqlite3_stmt **st, const char *sql);

/* Bind a text, or NULL, to parameter `i`. */
void store_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column `i` as an owned string, or NULL. */
char *store_column_text(sqlite3_stmt *st, int i);
/* Run `sql`, with `id` as ?1, to its end; 0 or store_fail's code (`what` says what failed). */
int store_run(struct store *s, const char *sql, const char *id, const char *what);
/* Run the statements in one write transaction, each with `id` as ?1; all or nothing. */
int store_run_all(struct store *s, const char *const *sqls, size_t nr, const char *id,
		  const char *what);

/*
 * Bring a subsystem's tables of journal.db to the last of `steps`: steps[i]
 * takes version i to i + 1 and runs in the same transaction as the new
 * version number. Data is never dropped; a version newer than `nr` (a file
 * written by a newer crisis) is refused with a message that says so.
 */
int store_migrate(struct store *s, const char *subsystem, const char *const *steps, int nr);
/*
 * Make a subsystem's tables of index.db as `create` has them: when their
 * version is not `version`, `drop` runs first (the index is rebuilt from
 * the repository).
 */
int store_schema(struct store *s, const char *subsystem, int version, const char *create,
		 const char *drop);

#endif
