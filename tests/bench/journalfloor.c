/*
 * journalfloor DB N: the floor for recording drill events. A bare SQLite
 * loop on a new database in WAL mode with synchronous=FULL, inserting N rows
 * like crisis's journal events, each in its own transaction (each is on the
 * disk before the next, as the journal promises). Prints nothing; its time
 * is what bench.sh measures.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static void check(int rc, sqlite3 *db, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "journalfloor: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: journalfloor DB N\n");
		return 2;
	}
	check(sqlite3_open(argv[1], &db), db, "open");
	check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			   "CREATE TABLE drill_event (run_id TEXT NOT NULL, seq INTEGER NOT NULL,"
			   " at_ms INTEGER NOT NULL, wall_ms INTEGER NOT NULL, type TEXT NOT NULL,"
			   " inject TEXT, expect TEXT, rating TEXT, text TEXT, by_party TEXT, why TEXT,"
			   " PRIMARY KEY (run_id, seq)) WITHOUT ROWID;", NULL, NULL, NULL), db, "create");
	check(sqlite3_prepare_v2(db, "INSERT INTO drill_event VALUES (?1, ?2, ?3, ?4, 'note',"
				 " NULL, NULL, NULL, ?5, NULL, NULL)", -1, &st, NULL), db, "prepare");
	for (long i = 1; i <= n; i++) {
		char text[32];
		snprintf(text, sizeof(text), "n%ld", i);
		check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
		sqlite3_bind_text(st, 1, "run", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, i);
		sqlite3_bind_int64(st, 3, i * 1000);
		sqlite3_bind_int64(st, 4, i);
		sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
		check(sqlite3_step(st), db, "insert");
		sqlite3_reset(st);
		check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
