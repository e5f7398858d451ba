#include "search.h"
#include "store-internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Bump when what is stored changes meaning: the tables are then made again. */
#define SEARCH_VERSION 2

/*
 * A document's rowid is its file's number shifted left by DOC_BITS, plus
 * its place in the file: a file's documents are one range of rowids, which
 * FTS5 finds without reading the others (its UNINDEXED columns it could
 * only scan), and its file is found from the rowid alone.
 */
#define DOC_BITS 20
#define DOC_BITS_SQL "20"	/* the same, for the queries */
#define MAX_FILE (((sqlite3_int64)1 << (62 - DOC_BITS)) - 1)

/* How the index cuts words, for the documents and for the queries alike. */
#define TOKENIZER "unicode61"
#define TOKENIZER_ARG "remove_diacritics"
#define TOKENIZER_VALUE "2"

static const char search_create[] =
	"CREATE TABLE IF NOT EXISTS search_file ("
	" file INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
	" source TEXT NOT NULL, id TEXT NOT NULL, plan TEXT, year INTEGER NOT NULL,"
	" mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS search_doc USING fts5("
	" text, kind UNINDEXED, ref UNINDEXED, line UNINDEXED,"
	" tokenize = '" TOKENIZER " " TOKENIZER_ARG " " TOKENIZER_VALUE "');"
	/*
	 * Tags are names, matched whole ("alerte" is not "alerte-nuit", which
	 * FTS5 would cut in two), and a filter: a table of their own, read
	 * once for a query, where reading them from FTS5's rows would read
	 * every match's row.
	 */
	"CREATE TABLE IF NOT EXISTS search_tag ("
	" doc INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (doc, tag)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS search_tag_tag ON search_tag (tag);"
	/* What the index was made from: see search_get_state(). */
	"CREATE TABLE IF NOT EXISTS search_state ("
	" key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;";
static const char search_drop_sql[] =
	"DROP TABLE IF EXISTS search_tag; DROP TABLE IF EXISTS search_doc;"
	" DROP TABLE IF EXISTS search_file; DROP TABLE IF EXISTS search_state;";

static const char put_file_sql[] =
	"INSERT INTO search_file (path, source, id, plan, year, mtime_ns, size)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (path) DO UPDATE SET"
	" source = excluded.source, id = excluded.id, plan = excluded.plan,"
	" year = excluded.year, mtime_ns = excluded.mtime_ns, size = excluded.size"
	" RETURNING file";

/*
 * The best documents first, in two steps. `top` ranks the matches that
 * pass the filters (bm25, with a sort that keeps only the LIMIT); then one
 * pass over the matches again marks the words of those kept: highlight()
 * cuts a whole text again, too slow to run on every match, and FTS5 sets
 * a query up again for every rowid looked up, too slow to look up each of
 * `top` (CROSS JOIN keeps the pass as the outer loop). Ranking on FTS5's
 * rank column instead would rank every match before the filters.
 */
static const char run_sql[] =
	"WITH top AS MATERIALIZED ("
	" SELECT d.rowid AS doc, bm25(search_doc) AS rank"
	" FROM search_doc AS d JOIN search_file AS f ON f.file = d.rowid >> " DOC_BITS_SQL
	" WHERE search_doc MATCH ?1 AND (?2 IS NULL OR f.plan = ?2) AND (?3 = 0 OR f.year = ?3)"
	" AND (?4 IS NULL OR d.rowid IN (SELECT doc FROM search_tag WHERE tag = ?4))"
	" ORDER BY rank, doc LIMIT ?5)"
	" SELECT f.path, f.source, f.id, f.plan, f.year, d.kind, d.ref, d.line,"
	" highlight(search_doc, 0, x'01', x'02'), top.rank"
	" FROM search_doc AS d CROSS JOIN top CROSS JOIN search_file AS f"
	" WHERE search_doc MATCH ?1 AND top.doc = d.rowid AND f.file = d.rowid >> " DOC_BITS_SQL
	" ORDER BY top.rank, top.doc";

struct search {
	struct store *s;
	sqlite3_stmt *put_file, *drop_file, *put_doc, *put_tag, *drop_docs, *drop_tags, *files, *run;
	fts5_tokenizer tok;
	Fts5Tokenizer *tokenizer;
};

/* The tokenizer the index uses, to cut a query into the same words as the documents. */
static int open_tokenizer(struct search *s)
{
	const char *args[] = { TOKENIZER_ARG, TOKENIZER_VALUE };
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	void *user;
	int ret;

	if ((ret = store_prepare(s->s, &st, "SELECT fts5(?1)")) < 0)
		return ret;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return crisis_error("cannot search '%s': this SQLite has no full-text search (FTS5)",
				    store_path(s->s));
	if (api->xFindTokenizer(api, TOKENIZER, &user, &s->tok) != SQLITE_OK ||
	    s->tok.xCreate(user, args, (int)(sizeof(args) / sizeof(*args)), &s->tokenizer) != SQLITE_OK) {
		s->tokenizer = NULL;
		return crisis_error("cannot search '%s': no tokenizer " TOKENIZER, store_path(s->s));
	}
	return 0;
}

int search_open(struct search **out, const char *root)
{
	struct search *s = xcalloc(1, sizeof(*s));
	int ret;

	*out = NULL;
	if ((ret = store_open(&s->s, root, STORE_INDEX)) < 0 ||
	    (ret = store_schema(s->s, "search", SEARCH_VERSION, search_create, search_drop_sql)) < 0 ||
	    (ret = store_prepare(s->s, &s->put_file, put_file_sql)) < 0 ||
	    (ret = store_prepare(s->s, &s->drop_file, "DELETE FROM search_file WHERE path = ?1"
				 " RETURNING file")) < 0 ||
	    (ret = store_prepare(s->s, &s->put_doc, "INSERT INTO search_doc"
				 " (rowid, text, kind, ref, line) VALUES (?1, ?2, ?3, ?4, ?5)")) < 0 ||
	    (ret = store_prepare(s->s, &s->put_tag, "INSERT OR IGNORE INTO search_tag"
				 " VALUES (?1, ?2)")) < 0 ||
	    (ret = store_prepare(s->s, &s->drop_docs, "DELETE FROM search_doc"
				 " WHERE rowid >= ?1 AND rowid < ?2")) < 0 ||
	    (ret = store_prepare(s->s, &s->drop_tags, "DELETE FROM search_tag"
				 " WHERE doc >= ?1 AND doc < ?2")) < 0 ||
	    (ret = store_prepare(s->s, &s->files, "SELECT path, source, id, plan, year, mtime_ns, size"
				 " FROM search_file ORDER BY path")) < 0 ||
	    (ret = store_prepare(s->s, &s->run, run_sql)) < 0 ||
	    (ret = open_tokenizer(s)) < 0) {
		search_close(s);
		return ret;
	}
	*out = s;
	return 0;
}

int search_close(struct search *s)
{
	int ret = 0;
	if (!s)
		return 0;
	if (s->tokenizer)
		s->tok.xDelete(s->tokenizer);
	sqlite3_finalize(s->put_file);
	sqlite3_finalize(s->drop_file);
	sqlite3_finalize(s->put_doc);
	sqlite3_finalize(s->put_tag);
	sqlite3_finalize(s->drop_docs);
	sqlite3_finalize(s->drop_tags);
	sqlite3_finalize(s->files);
	sqlite3_finalize(s->run);
	if (s->s && s->s->in_tx) {
		ret = store_exec(s->s, "COMMIT", "cannot write the index");
		s->s->in_tx = false;
	}
	store_close(s->s);
	free(s);
	return ret;
}

int search_begin(struct search *s)
{
	int ret;
	if (s->s->in_tx)
		return 0;
	if ((ret = store_exec(s->s, "BEGIN IMMEDIATE", "cannot write the index")) < 0)
		return ret;
	s->s->in_tx = true;
	return 0;
}

int search_commit(struct search *s)
{
	int ret;
	if (!s->s->in_tx)
		return 0;
	s->s->in_tx = false;
	if ((ret = store_exec(s->s, "COMMIT", "cannot write the index")) < 0)
		sqlite3_exec(s->s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/* Start what one put, drop or clear writes: a transaction, or a savepoint in a batch. */
static int write_start(struct search *s)
{
	return store_exec(s->s, s->s->in_tx ? "SAVEPOINT search_write" : "BEGIN IMMEDIATE",
			  "cannot write the index");
}

/* End it: kept when `ret` is 0, undone when it is an error (returned). */
static int write_end(struct search *s, int ret)
{
	if (ret >= 0)
		return store_exec(s->s, s->s->in_tx ? "RELEASE search_write" : "COMMIT",
				  "cannot write the index");
	sqlite3_exec(s->s->db, s->s->in_tx ? "ROLLBACK TO search_write; RELEASE search_write" :
		     "ROLLBACK", NULL, NULL, NULL);
	/* Some errors (a full disk) end the transaction: the batch is over. */
	if (sqlite3_get_autocommit(s->s->db))
		s->s->in_tx = false;
	return ret;
}

/* Step a statement that returns nothing, and reset it; 0 or store_fail's code. */
static int step_done(struct search *s, sqlite3_stmt *st)
{
	int ret = sqlite3_step(st) == SQLITE_DONE ? 0 : store_fail(s->s, "cannot write the index");
	sqlite3_reset(st);
	return ret;
}

/* Forget the documents of file number `file`, and their tags. */
static int drop_docs(struct search *s, sqlite3_int64 file)
{
	sqlite3_stmt *sts[] = { s->drop_docs, s->drop_tags };
	int ret;
	for (size_t i = 0; i < sizeof(sts) / sizeof(*sts); i++) {
		sqlite3_bind_int64(sts[i], 1, file << DOC_BITS);
		sqlite3_bind_int64(sts[i], 2, (file + 1) << DOC_BITS);
		if ((ret = step_done(s, sts[i])) < 0)
			return ret;
	}
	return 0;
}

/* Record `f` (or update its record), and give its number. */
static int put_file(struct search *s, const struct search_file *f, sqlite3_int64 *file)
{
	sqlite3_stmt *st = s->put_file;
	int ret = 0;

	store_bind_text(st, 1, f->path);
	store_bind_text(st, 2, f->source);
	store_bind_text(st, 3, f->id);
	store_bind_text(st, 4, f->plan);
	sqlite3_bind_int(st, 5, f->year);
	sqlite3_bind_int64(st, 6, f->mtime_ns);
	sqlite3_bind_int64(st, 7, f->size);
	if (sqlite3_step(st) != SQLITE_ROW)
		ret = store_fail(s->s, "cannot write the index");
	else if ((*file = sqlite3_column_int64(st, 0)) > MAX_FILE)
		ret = crisis_error("cannot index '%s': '%s' holds too many files: run crisis reindex",
				   f->path, store_path(s->s));
	sqlite3_reset(st);
	return ret;
}

/* Each of `tags` (separated by spaces) as a tag of document `rowid`. */
static int put_tags(struct search *s, sqlite3_int64 rowid, const char *tags)
{
	int ret = 0;
	for (const char *p = tags; p && *p && !ret; ) {
		size_t len = strcspn(p, " ");
		if (len) {
			sqlite3_bind_int64(s->put_tag, 1, rowid);
			sqlite3_bind_text(s->put_tag, 2, p, (int)len, SQLITE_STATIC);
			ret = step_done(s, s->put_tag);
		}
		p += len + (p[len] == ' ');
	}
	return ret;
}

static int put_doc(struct search *s, sqlite3_int64 rowid, const struct search_doc *d)
{
	sqlite3_stmt *st = s->put_doc;
	int ret;
	sqlite3_bind_int64(st, 1, rowid);
	store_bind_text(st, 2, d->text ? d->text : "");
	store_bind_text(st, 3, d->kind);
	store_bind_text(st, 4, d->ref);
	sqlite3_bind_int64(st, 5, d->line);
	if ((ret = step_done(s, st)) < 0)
		return ret;
	return put_tags(s, rowid, d->tags);
}

int search_put(struct search *s, const struct search_file *f, const struct search_doc *docs,
	       size_t nr)
{
	sqlite3_int64 file = 0;
	int ret;

	if (nr > SEARCH_MAX_DOCS)
		return crisis_error("cannot index '%s': %zu things said, more than %zu", f->path, nr,
				    SEARCH_MAX_DOCS);
	if ((ret = write_start(s)) < 0)
		return ret;
	if ((ret = put_file(s, f, &file)) < 0 || (ret = drop_docs(s, file)) < 0)
		goto done;
	for (size_t i = 0; i < nr; i++)
		if ((ret = put_doc(s, file << DOC_BITS | (sqlite3_int64)i, &docs[i])) < 0)
			goto done;
done:
	return write_end(s, ret);
}

int search_drop(struct search *s, const char *path)
{
	int ret, rc;

	if ((ret = write_start(s)) < 0)
		return ret;
	store_bind_text(s->drop_file, 1, path);
	rc = sqlite3_step(s->drop_file);
	if (rc == SQLITE_ROW) {
		sqlite3_int64 file = sqlite3_column_int64(s->drop_file, 0);
		sqlite3_reset(s->drop_file);
		ret = drop_docs(s, file);
	} else {
		ret = rc == SQLITE_DONE ? 0 : store_fail(s->s, "cannot write the index");
		sqlite3_reset(s->drop_file);
	}
	return write_end(s, ret);
}

int search_clear(struct search *s)
{
	int ret;
	/* Faster than deleting every row, which FTS5 would read to unindex. */
	if ((ret = write_start(s)) < 0)
		return ret;
	if ((ret = store_exec(s->s, search_drop_sql, "cannot clear the index")) >= 0)
		ret = store_exec(s->s, search_create, "cannot clear the index");
	return write_end(s, ret);
}

int search_files(struct search *s, int (*fn)(const struct search_file *f, void *data),
		 void *data)
{
	sqlite3_stmt *st = s->files;
	int rc, ret = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_file f = {
			.path = (const char *)sqlite3_column_text(st, 0),
			.source = (const char *)sqlite3_column_text(st, 1),
			.id = (const char *)sqlite3_column_text(st, 2),
			.plan = (const char *)sqlite3_column_text(st, 3),
			.year = sqlite3_column_int(st, 4),
			.mtime_ns = sqlite3_column_int64(st, 5),
			.size = sqlite3_column_int64(st, 6),
		};
		if ((ret = fn(&f, data)) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(s->s, "cannot read the index");
	sqlite3_reset(st);
	return ret;
}

/* A query's words as an FTS5 expression: each a quoted prefix, all required. */
struct words {
	struct buf expr;
	size_t nr;
};

static int add_word(void *data, int flags, const char *word, int len, int start, int end)
{
	struct words *w = data;
	(void)start;
	(void)end;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (w->nr++)
		buf_addc(&w->expr, ' ');
	buf_addc(&w->expr, '"');
	for (int i = 0; i < len; i++) {
		if (word[i] == '"')
			buf_addc(&w->expr, '"');
		buf_addc(&w->expr, word[i]);
	}
	buf_adds(&w->expr, "\"*");
	return SQLITE_OK;
}

/*
 * What the user typed as an FTS5 expression: the words the index's
 * tokenizer finds in it, already without case or accents, each quoted
 * (nothing in it is syntax) and marked as a prefix.
 */
static int query_expr(struct search *s, const char *text, struct buf *expr)
{
	struct words w = { BUF_INIT, 0 };
	size_t len = text ? strlen(text) : 0;
	int ret = 0;

	if (len > INT_MAX)
		return crisis_error("cannot search: the query is too long");
	if (len && s->tok.xTokenize(s->tokenizer, &w, FTS5_TOKENIZE_QUERY, text, (int)len,
				    add_word) != SQLITE_OK)
		ret = crisis_error("cannot search for '%s': cannot cut it into words", text);
	else if (!w.nr)
		ret = crisis_error("nothing to search for: '%s' has no word, only spaces or punctuation",
				   text ? text : "");
	else if (w.nr > SEARCH_MAX_WORDS)
		ret = crisis_error("cannot search for %zu words at once: at most %d", w.nr,
				   SEARCH_MAX_WORDS);
	if (ret < 0)
		buf_release(&w.expr);
	else
		*expr = w.expr;
	return ret;
}

int search_run(struct search *s, const struct search_query *q,
	       int (*fn)(const struct search_hit *h, void *data), void *data)
{
	struct buf expr = BUF_INIT;
	sqlite3_stmt *st = s->run;
	int rc, ret, nr = 0;

	if ((ret = query_expr(s, q->text, &expr)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, expr.ptr, (int)expr.len, SQLITE_STATIC);
	store_bind_text(st, 2, q->plan);
	sqlite3_bind_int(st, 3, q->year);
	store_bind_text(st, 4, q->tag);
	sqlite3_bind_int64(st, 5, q->limit && q->limit < (size_t)INT_MAX ? (sqlite3_int64)q->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_hit h = {
			.path = (const char *)sqlite3_column_text(st, 0),
			.source = (const char *)sqlite3_column_text(st, 1),
			.id = (const char *)sqlite3_column_text(st, 2),
			.plan = (const char *)sqlite3_column_text(st, 3),
			.year = sqlite3_column_int(st, 4),
			.kind = (const char *)sqlite3_column_text(st, 5),
			.ref = (const char *)sqlite3_column_text(st, 6),
			.line = (long)sqlite3_column_int64(st, 7),
			.text = (const char *)sqlite3_column_text(st, 8),
			.rank = sqlite3_column_double(st, 9),
		};
		if (nr == INT_MAX)	/* what the return value can count */
			break;
		nr++;
		if ((ret = fn(&h, data)) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(s->s, "cannot search the index");
	else
		ret = ret < 0 ? ret : nr;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	buf_release(&expr);
	return ret;
}

int search_get_state(struct search *s, const char *key, struct buf *out)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_prepare(s->s, &st, "SELECT value FROM search_state WHERE key = ?1")) < 0)
		return ret;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_adds(out, (const char *)sqlite3_column_text(st, 0));
	ret = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_fail(s->s, "cannot read the index");
	sqlite3_finalize(st);
	return ret;
}

int search_set_state(struct search *s, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = write_start(s)) < 0)
		return ret;
	if ((ret = store_prepare(s->s, &st, "INSERT OR REPLACE INTO search_state VALUES (?1, ?2)")) == 0) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		ret = step_done(s, st);
		sqlite3_finalize(st);
	}
	return write_end(s, ret);
}
