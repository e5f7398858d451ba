#include "drafts.h"
#include "store-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct drafts {
	struct store *s;
	sqlite3_stmt *append, *last_seq;
};

/* The debrief tables, one step a version (store_migrate keeps the data). */
static const char *const debrief_steps[] = {
	"CREATE TABLE debrief_draft ("
	" id TEXT PRIMARY KEY, run TEXT, crisis TEXT, plan TEXT, title TEXT,"
	" date TEXT NOT NULL, started_ms INTEGER NOT NULL);"
	"CREATE TABLE debrief_entry ("
	" draft_id TEXT NOT NULL REFERENCES debrief_draft(id), seq INTEGER NOT NULL,"
	" section TEXT NOT NULL, text TEXT, id TEXT, at TEXT, by_party TEXT, why TEXT,"
	" owner TEXT, due TEXT, plan TEXT, element TEXT, lesson TEXT, tags TEXT,"
	" PRIMARY KEY (draft_id, seq)) WITHOUT ROWID;",
};

int drafts_open(struct drafts **out, const char *root)
{
	struct drafts *d = xcalloc(1, sizeof(*d));
	int ret;

	*out = NULL;
	if ((ret = store_open(&d->s, root, STORE_JOURNAL)) < 0 ||
	    (ret = store_migrate(d->s, "debrief", debrief_steps,
				 sizeof(debrief_steps) / sizeof(*debrief_steps))) < 0 ||
	    (ret = store_prepare(d->s, &d->append, "INSERT INTO debrief_entry VALUES (?1, ?2, ?3,"
				 " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")) < 0 ||
	    (ret = store_prepare(d->s, &d->last_seq, "SELECT coalesce(max(seq), 0) FROM debrief_entry"
				 " WHERE draft_id = ?1")) < 0) {
		drafts_close(d);
		return ret;
	}
	*out = d;
	return 0;
}

void drafts_close(struct drafts *d)
{
	if (!d)
		return;
	sqlite3_finalize(d->append);
	sqlite3_finalize(d->last_seq);
	store_close(d->s);
	free(d);
}

/* Insert entry `e` of draft `id` as number e->seq, in the transaction open. */
static int insert_entry(struct drafts *d, const char *id, const struct draft_entry *e)
{
	const char *const values[] = {
		e->section, e->text, e->id, e->at, e->by, e->why, e->owner, e->due, e->plan,
		e->element, e->lesson, e->tags,
	};
	store_bind_text(d->append, 1, id);
	sqlite3_bind_int64(d->append, 2, e->seq);
	for (int i = 0; i < (int)(sizeof(values) / sizeof(*values)); i++)
		store_bind_text(d->append, i + 3, values[i]);
	int rc = sqlite3_step(d->append);
	sqlite3_reset(d->append);
	sqlite3_clear_bindings(d->append);
	return rc == SQLITE_DONE ? 0 : store_fail(d->s, "cannot record the entry");
}

/* End the transaction: COMMIT (durable when it returns, synchronous=FULL), or ROLLBACK after an error. */
static int end(struct drafts *d, int ret)
{
	if (ret < 0) {
		sqlite3_exec(d->s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	return store_exec(d->s, "COMMIT", "cannot write the journal");
}

int drafts_add(struct drafts *d, const struct draft *draft, struct draft_entry *entries, size_t nr)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_exec(d->s, "BEGIN IMMEDIATE", "cannot write the journal")) < 0)
		return ret;
	if ((ret = store_prepare(d->s, &st, "INSERT INTO debrief_draft VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) < 0)
		return end(d, ret);
	store_bind_text(st, 1, draft->id);
	store_bind_text(st, 2, draft->run);
	store_bind_text(st, 3, draft->crisis);
	store_bind_text(st, 4, draft->plan);
	store_bind_text(st, 5, draft->title);
	store_bind_text(st, 6, draft->date);
	sqlite3_bind_int64(st, 7, draft->started_ms);
	int rc = sqlite3_step(st);
	ret = rc == SQLITE_DONE ? 0 :
	      rc == SQLITE_CONSTRAINT ? crisis_error("a debrief '%s' is being written already: finish it "
						     "('crisis debrief finish %s') or choose another id",
						     draft->id, draft->id) :
	      store_fail(d->s, "cannot record the debrief");
	sqlite3_finalize(st);
	for (size_t i = 0; ret == 0 && i < nr; i++) {
		entries[i].seq = (int64_t)i + 1;
		ret = insert_entry(d, draft->id, &entries[i]);
	}
	return end(d, ret);
}

static const char draft_columns[] =
	"SELECT id, run, crisis, plan, title, date, started_ms FROM debrief_draft";

static void draft_from(sqlite3_stmt *st, struct draft *out)
{
	out->id = store_column_text(st, 0);
	out->run = store_column_text(st, 1);
	out->crisis = store_column_text(st, 2);
	out->plan = store_column_text(st, 3);
	out->title = store_column_text(st, 4);
	out->date = store_column_text(st, 5);
	out->started_ms = sqlite3_column_int64(st, 6);
}

int drafts_get(struct drafts *d, const char *id, struct draft *out)
{
	char sql[256];
	sqlite3_stmt *st;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(sql, sizeof(sql), "%s WHERE id = ?1", draft_columns);
	if ((ret = store_prepare(d->s, &st, sql)) < 0)
		return ret;
	store_bind_text(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		draft_from(st, out);
	ret = rc == SQLITE_ROW ? 0 :
	      rc == SQLITE_DONE ? crisis_error_code(CRISIS_ENOTFOUND, "no debrief '%s' being written", id) :
	      store_fail(d->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret;
}

int drafts_list(struct drafts *d, struct draft **out, size_t *nr)
{
	char sql[256];
	sqlite3_stmt *st;
	size_t alloc = 0;
	int ret, rc;

	*out = NULL;
	*nr = 0;
	snprintf(sql, sizeof(sql), "%s ORDER BY started_ms, id", draft_columns);
	if ((ret = store_prepare(d->s, &st, sql)) < 0)
		return ret;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(*out, *nr + 1, alloc);
		draft_from(st, &(*out)[(*nr)++]);
	}
	ret = rc == SQLITE_DONE ? 0 : store_fail(d->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret;
}

int drafts_remove(struct drafts *d, const char *id)
{
	static const char *const sqls[] = {
		"DELETE FROM debrief_entry WHERE draft_id = ?1",
		"DELETE FROM debrief_draft WHERE id = ?1",
	};
	return store_run_all(d->s, sqls, 2, id, "cannot write the journal");
}

void draft_release(struct draft *draft)
{
	free(draft->id);
	free(draft->run);
	free(draft->crisis);
	free(draft->plan);
	free(draft->title);
	free(draft->date);
	memset(draft, 0, sizeof(*draft));
}

void drafts_free(struct draft *drafts, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		draft_release(&drafts[i]);
	free(drafts);
}

int drafts_append(struct drafts *d, const char *id, struct draft_entry *e)
{
	int ret, rc;
	if ((ret = store_exec(d->s, "BEGIN IMMEDIATE", "cannot write the journal")) < 0)
		return ret;
	/* The next number, read in the same write transaction: two writers never take the same. */
	store_bind_text(d->last_seq, 1, id);
	rc = sqlite3_step(d->last_seq);
	e->seq = rc == SQLITE_ROW ? sqlite3_column_int64(d->last_seq, 0) + 1 : 0;
	sqlite3_reset(d->last_seq);
	ret = rc == SQLITE_ROW ? insert_entry(d, id, e) : store_fail(d->s, "cannot read the journal");
	return end(d, ret);
}

int drafts_entries(struct drafts *d, const char *id,
		   int (*fn)(const struct draft_entry *e, void *data), void *data)
{
	sqlite3_stmt *st;
	int ret, rc;
	if ((ret = store_prepare(d->s, &st, "SELECT seq, section, text, id, at, by_party, why, owner,"
				 " due, plan, element, lesson, tags FROM debrief_entry"
				 " WHERE draft_id = ?1 ORDER BY seq")) < 0)
		return ret;
	store_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct draft_entry e = {
			.seq = sqlite3_column_int64(st, 0), .section = store_column_text(st, 1),
			.text = store_column_text(st, 2), .id = store_column_text(st, 3),
			.at = store_column_text(st, 4), .by = store_column_text(st, 5),
			.why = store_column_text(st, 6), .owner = store_column_text(st, 7),
			.due = store_column_text(st, 8), .plan = store_column_text(st, 9),
			.element = store_column_text(st, 10), .lesson = store_column_text(st, 11),
			.tags = store_column_text(st, 12),
		};
		ret = fn(&e, data);
		draft_entry_release(&e);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_fail(d->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret < 0 ? ret : 0;
}

void draft_entry_release(struct draft_entry *e)
{
	char **fields[] = {
		&e->section, &e->text, &e->id, &e->at, &e->by, &e->why, &e->owner, &e->due,
		&e->plan, &e->element, &e->lesson, &e->tags,
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}
