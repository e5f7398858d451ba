#include "journal.h"
#include "store-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct journal {
	struct store *s;
	sqlite3_stmt *append, *last_seq, *mark_ended;
};

/*
 * The drill tables, one step a version: a step is never edited once
 * released, only followed by another (store_migrate keeps the data).
 */
static const char *const drill_steps[] = {
	"CREATE TABLE drill_run ("
	" id TEXT PRIMARY KEY, drill_path TEXT NOT NULL, drill_text TEXT NOT NULL,"
	" drill_id TEXT, plan_id TEXT, started TEXT NOT NULL, started_ms INTEGER NOT NULL,"
	" speed REAL NOT NULL, ended INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE drill_event ("
	" run_id TEXT NOT NULL REFERENCES drill_run(id), seq INTEGER NOT NULL,"
	" at_ms INTEGER NOT NULL, wall_ms INTEGER NOT NULL, type TEXT NOT NULL, inject TEXT, expect TEXT, rating TEXT,"
	" text TEXT, by_party TEXT, why TEXT, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;",
};

int journal_open(struct journal **out, const char *root)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	int ret;

	*out = NULL;
	if ((ret = store_open(&j->s, root, STORE_JOURNAL)) < 0 ||
	    (ret = store_migrate(j->s, "drill", drill_steps,
				 sizeof(drill_steps) / sizeof(*drill_steps))) < 0 ||
	    (ret = store_prepare(j->s, &j->append, "INSERT INTO drill_event VALUES"
				 " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")) < 0 ||
	    (ret = store_prepare(j->s, &j->last_seq, "SELECT coalesce(max(seq), 0) FROM drill_event"
				 " WHERE run_id = ?1")) < 0 ||
	    (ret = store_prepare(j->s, &j->mark_ended, "UPDATE drill_run SET ended = 1"
				 " WHERE id = ?1")) < 0) {
		journal_close(j);
		return ret;
	}
	*out = j;
	return 0;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	sqlite3_finalize(j->append);
	sqlite3_finalize(j->last_seq);
	sqlite3_finalize(j->mark_ended);
	store_close(j->s);
	free(j);
}

const char *journal_path(const struct journal *j)
{
	return store_path(j->s);
}

int journal_run_add(struct journal *j, const struct journal_run *run)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_prepare(j->s, &st, "INSERT INTO drill_run VALUES"
				 " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)")) < 0)
		return ret;
	store_bind_text(st, 1, run->id);
	store_bind_text(st, 2, run->drill_path);
	store_bind_text(st, 3, run->drill_text);
	store_bind_text(st, 4, run->drill_id);
	store_bind_text(st, 5, run->plan_id);
	store_bind_text(st, 6, run->started);
	sqlite3_bind_int64(st, 7, run->started_ms);
	sqlite3_bind_double(st, 8, run->speed);
	int rc = sqlite3_step(st);
	ret = rc == SQLITE_DONE ? 0 :
	      rc == SQLITE_CONSTRAINT ? crisis_error("run '%s' is already in '%s'", run->id,
						     store_path(j->s)) :
	      store_fail(j->s, "cannot record the run");
	sqlite3_finalize(st);
	return ret;
}

static const char run_columns[] =
	"SELECT id, drill_path, drill_text, drill_id, plan_id, started, started_ms, speed, ended"
	" FROM drill_run";

static void run_from(sqlite3_stmt *st, struct journal_run *run)
{
	run->id = store_column_text(st, 0);
	run->drill_path = store_column_text(st, 1);
	run->drill_text = store_column_text(st, 2);
	run->drill_id = store_column_text(st, 3);
	run->plan_id = store_column_text(st, 4);
	run->started = store_column_text(st, 5);
	run->started_ms = sqlite3_column_int64(st, 6);
	run->speed = sqlite3_column_double(st, 7);
	run->ended = sqlite3_column_int(st, 8) != 0;
}

int journal_run_get(struct journal *j, const char *id, struct journal_run *out)
{
	char sql[256];
	sqlite3_stmt *st;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(sql, sizeof(sql), "%s WHERE id = ?1", run_columns);
	if ((ret = store_prepare(j->s, &st, sql)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		run_from(st, out);
	ret = rc == SQLITE_ROW ? 0 :
	      rc == SQLITE_DONE ? crisis_error_code(CRISIS_ENOTFOUND, "no run '%s' in '%s'", id,
						    store_path(j->s)) :
	      store_fail(j->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret;
}

int journal_run_exists(struct journal *j, const char *id)
{
	struct journal_run run;
	int ret = journal_run_get(j, id, &run);
	journal_run_release(&run);
	return ret == 0 ? 1 : ret == CRISIS_ENOTFOUND ? 0 : ret;
}

int journal_runs(struct journal *j, struct journal_run **out, size_t *nr)
{
	char sql[256];
	sqlite3_stmt *st;
	size_t alloc = 0;
	int ret, rc;

	*out = NULL;
	*nr = 0;
	snprintf(sql, sizeof(sql), "%s ORDER BY started_ms, id", run_columns);
	if ((ret = store_prepare(j->s, &st, sql)) < 0)
		return ret;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(*out, *nr + 1, alloc);
		run_from(st, &(*out)[(*nr)++]);
	}
	ret = rc == SQLITE_DONE ? 0 : store_fail(j->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret;
}

int journal_run_remove(struct journal *j, const char *id)
{
	static const char *const sqls[] = {
		"DELETE FROM drill_event WHERE run_id = ?1",
		"DELETE FROM drill_run WHERE id = ?1",
	};
	return store_run_all(j->s, sqls, 2, id, "cannot write the journal");
}

void journal_run_release(struct journal_run *run)
{
	free(run->id);
	free(run->drill_path);
	free(run->drill_text);
	free(run->drill_id);
	free(run->plan_id);
	free(run->started);
	memset(run, 0, sizeof(*run));
}

void journal_runs_free(struct journal_run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		journal_run_release(&runs[i]);
	free(runs);
}

int journal_append(struct journal *j, const char *id, struct journal_event *ev)
{
	int ret, rc;

	if ((ret = store_exec(j->s, "BEGIN IMMEDIATE", "cannot write the journal")) < 0)
		return ret;
	sqlite3_bind_text(j->last_seq, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(j->last_seq);
	ev->seq = rc == SQLITE_ROW ? sqlite3_column_int64(j->last_seq, 0) + 1 : 0;
	sqlite3_reset(j->last_seq);
	if (rc != SQLITE_ROW) {
		ret = store_fail(j->s, "cannot read the journal");
		goto done;
	}
	sqlite3_bind_text(j->append, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(j->append, 2, ev->seq);
	sqlite3_bind_int64(j->append, 3, ev->at);
	sqlite3_bind_int64(j->append, 4, ev->wall);
	store_bind_text(j->append, 5, ev->type);
	store_bind_text(j->append, 6, ev->inject);
	store_bind_text(j->append, 7, ev->expect);
	store_bind_text(j->append, 8, ev->rating);
	store_bind_text(j->append, 9, ev->text);
	store_bind_text(j->append, 10, ev->by);
	store_bind_text(j->append, 11, ev->why);
	rc = sqlite3_step(j->append);
	sqlite3_reset(j->append);
	sqlite3_clear_bindings(j->append);
	if (rc != SQLITE_DONE) {
		ret = store_fail(j->s, "cannot record the event");
		goto done;
	}
	if (!strcmp(ev->type, "end")) {
		sqlite3_bind_text(j->mark_ended, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(j->mark_ended);
		sqlite3_reset(j->mark_ended);
		if (rc != SQLITE_DONE)
			ret = store_fail(j->s, "cannot record the event");
	}
done:
	if (ret < 0) {
		sqlite3_exec(j->s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	/* synchronous=FULL: the event is on the disk when COMMIT returns. */
	return store_exec(j->s, "COMMIT", "cannot record the event");
}

int journal_events(struct journal *j, const char *id, int64_t after_seq,
		   int (*fn)(const struct journal_event *ev, void *data), void *data)
{
	sqlite3_stmt *st;
	int ret, rc;
	if ((ret = store_prepare(j->s, &st, "SELECT seq, at_ms, wall_ms, type, inject, expect, rating,"
				 " text, by_party, why FROM drill_event WHERE run_id = ?1 AND seq > ?2"
				 " ORDER BY seq")) < 0)
		return ret;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after_seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct journal_event ev = {
			.seq = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1),
			.wall = sqlite3_column_int64(st, 2), .type = store_column_text(st, 3),
			.inject = store_column_text(st, 4), .expect = store_column_text(st, 5),
			.rating = store_column_text(st, 6), .text = store_column_text(st, 7),
			.by = store_column_text(st, 8), .why = store_column_text(st, 9),
		};
		ret = fn(&ev, data);
		journal_event_release(&ev);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_fail(j->s, "cannot read the journal");
	sqlite3_finalize(st);
	return ret < 0 ? ret : 0;
}

void journal_event_release(struct journal_event *ev)
{
	free(ev->type);
	free(ev->inject);
	free(ev->expect);
	free(ev->rating);
	free(ev->text);
	free(ev->by);
	free(ev->why);
	memset(ev, 0, sizeof(*ev));
}
