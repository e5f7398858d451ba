/*
 * searchfloor DB QUERY...: the floor for crisis's full-text search. DB is
 * the .crisis/index.db that crisis built (lib/store/search.c, subsystem
 * "search" version 1): its FTS5 table search_doc, whose column 0 is the
 * text of a lesson, action, note... For each QUERY, the bare FTS5 query
 *
 *   SELECT rowid, highlight(search_doc, 0, x'01', x'02') FROM search_doc
 *   WHERE search_doc MATCH ?1 ORDER BY rank LIMIT 20
 *
 * with the expression crisis makes of plain words: each word of QUERY
 * (separated by spaces) quoted and marked as a prefix, all of them
 * required ("equipe astreinte" -> "equipe"* "astreinte"*). What crisis does
 * besides (the file of each hit, the filters on plan, year and tag) is
 * left out. Prints the number of hits of each query, one a line; its time
 * is what bench.sh measures.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(int rc, sqlite3 *db, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "searchfloor: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/* "a b" -> "\"a\"* \"b\"*" in `out`, of at least 4 times the length of `query` and 8 bytes. */
static void expression(const char *query, char *out)
{
	size_t n = 0;
	for (const char *p = query; *p; ) {
		size_t len = strcspn(p, " ");
		if (len) {
			if (n)
				out[n++] = ' ';
			out[n++] = '"';
			for (size_t i = 0; i < len; i++) {
				if (p[i] == '"')
					out[n++] = '"';
				out[n++] = p[i];
			}
			out[n++] = '"';
			out[n++] = '*';
		}
		p += len + (p[len] == ' ');
	}
	out[n] = 0;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	if (argc < 3) {
		fprintf(stderr, "usage: searchfloor DB QUERY...\n");
		return 2;
	}
	check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL), db, "open");
	check(sqlite3_prepare_v2(db, "SELECT rowid, highlight(search_doc, 0, x'01', x'02')"
				 " FROM search_doc WHERE search_doc MATCH ?1 ORDER BY rank LIMIT 20",
				 -1, &st, NULL), db, "prepare");
	for (int i = 2; i < argc; i++) {
		char *expr = malloc(4 * strlen(argv[i]) + 8);
		long hits = 0;
		int rc;
		if (!expr) {
			fprintf(stderr, "searchfloor: out of memory\n");
			return 1;
		}
		expression(argv[i], expr);
		sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (sqlite3_column_text(st, 1))
				hits++;
		check(rc, db, argv[i]);
		sqlite3_reset(st);
		free(expr);
		printf("%ld\n", hits);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
