#include "unit.h"
#include "store/journal.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char root[64];

static int setup(void **state)
{
	(void)state;
	return unit_tmp_root(root, "journal");
}

static int teardown(void **state)
{
	(void)state;
	return unit_rm_root(root);
}

static struct journal *open_journal(void)
{
	struct journal *j = NULL;
	if (journal_open(&j, root) < 0)
		fail_msg("journal_open: %s", crisis_error_last());
	assert_non_null(j);
	return j;
}

static struct journal_run a_run(const char *id, int64_t started_ms)
{
	return (struct journal_run){
		.id = (char *)id, .drill_path = "drills/exercice.yaml",
		.drill_text = "format: crisis/v1\nkind: drill\nid: exercice\n",
		.drill_id = "exercice", .plan_id = "site-incendie",
		.started = "2026-11-22T14:00:00+01:00", .started_ms = started_ms, .speed = 2.5,
	};
}

static void add(struct journal *j, const char *id, int64_t started_ms)
{
	struct journal_run run = a_run(id, started_ms);
	if (journal_run_add(j, &run) < 0)
		fail_msg("journal_run_add: %s", crisis_error_last());
}

static int64_t append(struct journal *j, const char *id, const char *type, int64_t at,
		      const char *text)
{
	struct journal_event ev = { .at = at, .wall = 1000 + at, .type = (char *)type,
				    .text = (char *)text };
	if (journal_append(j, id, &ev) < 0)
		fail_msg("journal_append: %s", crisis_error_last());
	return ev.seq;
}

/* The events read back, copied. */
struct events {
	struct journal_event items[256];
	size_t nr;
	size_t stop_after;	/* return 1 after this many (0: never) */
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int collect(const struct journal_event *ev, void *data)
{
	struct events *out = data;
	if (out->nr >= sizeof(out->items) / sizeof(*out->items))
		return -1;
	out->items[out->nr++] = (struct journal_event){
		.seq = ev->seq, .at = ev->at, .wall = ev->wall, .type = dup_or_null(ev->type),
		.inject = dup_or_null(ev->inject), .expect = dup_or_null(ev->expect),
		.rating = dup_or_null(ev->rating), .text = dup_or_null(ev->text),
		.by = dup_or_null(ev->by), .why = dup_or_null(ev->why),
	};
	return out->stop_after && out->nr >= out->stop_after;
}

static void events_release(struct events *evs)
{
	for (size_t i = 0; i < evs->nr; i++)
		journal_event_release(&evs->items[i]);
	evs->nr = 0;
}

static void read_events(struct journal *j, const char *id, int64_t after, struct events *out)
{
	out->nr = 0;
	if (journal_events(j, id, after, collect, out) < 0)
		fail_msg("journal_events: %s", crisis_error_last());
}

static void open_creates_a_private_file(void **state)
{
	struct stat st;
	char path[128];
	(void)state;
	struct journal *j = open_journal();
	snprintf(path, sizeof(path), "%s.crisis/journal.db", root);
	assert_string_equal(journal_path(j), path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s.crisis", root);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	journal_close(j);
	/* Opened again: the same file, nothing refused. */
	j = open_journal();
	journal_close(j);
}

static void run_round_trip(void **state)
{
	struct journal_run got;
	(void)state;
	struct journal *j = open_journal();
	struct journal_run run = a_run("2026-11-22-exercice", 1795352400000LL);
	assert_int_equal(journal_run_add(j, &run), 0);
	assert_int_equal(journal_run_exists(j, "2026-11-22-exercice"), 1);
	assert_int_equal(journal_run_exists(j, "2026-11-23-exercice"), 0);

	assert_int_equal(journal_run_get(j, "2026-11-22-exercice", &got), 0);
	assert_string_equal(got.id, "2026-11-22-exercice");
	assert_string_equal(got.drill_path, "drills/exercice.yaml");
	assert_string_equal(got.drill_text, run.drill_text);
	assert_string_equal(got.drill_id, "exercice");
	assert_string_equal(got.plan_id, "site-incendie");
	assert_string_equal(got.started, "2026-11-22T14:00:00+01:00");
	assert_true(got.started_ms == 1795352400000LL);
	assert_true(got.speed == 2.5);
	assert_false(got.ended);
	journal_run_release(&got);
	assert_null(got.id);

	/* NULL drill and plan ids stay NULL. */
	run = a_run("no-ids", 1);
	run.drill_id = NULL;
	run.plan_id = NULL;
	assert_int_equal(journal_run_add(j, &run), 0);
	assert_int_equal(journal_run_get(j, "no-ids", &got), 0);
	assert_null(got.drill_id);
	assert_null(got.plan_id);
	assert_string_equal(got.drill_path, "drills/exercice.yaml");
	journal_run_release(&got);
	journal_close(j);
}

static void the_same_run_twice_is_refused(void **state)
{
	struct journal_run got;
	(void)state;
	struct journal *j = open_journal();
	add(j, "r-1", 100);
	struct journal_run again = a_run("r-1", 200);
	again.drill_id = "other";
	crisis_error_clear();
	assert_true(journal_run_add(j, &again) < 0);
	assert_non_null(strstr(crisis_error_last(), "run 'r-1' is already in '"));
	assert_non_null(strstr(crisis_error_last(), "journal.db"));
	/* The first is kept as it was. */
	assert_int_equal(journal_run_get(j, "r-1", &got), 0);
	assert_string_equal(got.drill_id, "exercice");
	assert_true(got.started_ms == 100);
	journal_run_release(&got);
	journal_close(j);
}

static void unknown_run(void **state)
{
	struct journal_run got;
	(void)state;
	struct journal *j = open_journal();
	assert_int_equal(journal_run_get(j, "nope", &got), CRISIS_ENOTFOUND);
	assert_non_null(strstr(crisis_error_last(), "no run 'nope'"));
	assert_null(got.id);
	journal_run_release(&got);
	journal_close(j);
}

static void events_are_numbered_and_kept_whole(void **state)
{
	struct events evs = { .nr = 0 };
	(void)state;
	struct journal *j = open_journal();
	add(j, "r", 0);
	struct journal_event full = {
		.at = 125, .wall = 1795352400125LL, .type = "done", .inject = "i-alarme",
		.expect = "e-levee", .rating = "S", .text = "cellule réunie", .by = "c-guerin",
		.why = "parce que",
	};
	assert_int_equal(journal_append(j, "r", &full), 0);
	assert_int_equal(full.seq, 1);
	assert_int_equal(append(j, "r", "note", 200, "deux"), 2);
	struct journal_event bare = { .at = 300, .wall = 7, .type = "pause" };
	assert_int_equal(journal_append(j, "r", &bare), 0);
	assert_int_equal(bare.seq, 3);

	read_events(j, "r", 0, &evs);
	assert_int_equal(evs.nr, 3);
	const struct journal_event *e = &evs.items[0];
	assert_int_equal(e->seq, 1);
	assert_int_equal(e->at, 125);
	assert_true(e->wall == 1795352400125LL);
	assert_string_equal(e->type, "done");
	assert_string_equal(e->inject, "i-alarme");
	assert_string_equal(e->expect, "e-levee");
	assert_string_equal(e->rating, "S");
	assert_string_equal(e->text, "cellule réunie");
	assert_string_equal(e->by, "c-guerin");
	assert_string_equal(e->why, "parce que");
	e = &evs.items[1];
	assert_int_equal(e->seq, 2);
	assert_int_equal(e->at, 200);
	assert_string_equal(e->type, "note");
	assert_string_equal(e->text, "deux");
	assert_null(e->inject);
	e = &evs.items[2];
	assert_int_equal(e->seq, 3);
	assert_int_equal(e->wall, 7);
	assert_string_equal(e->type, "pause");
	assert_null(e->inject);
	assert_null(e->expect);
	assert_null(e->rating);
	assert_null(e->text);
	assert_null(e->by);
	assert_null(e->why);
	events_release(&evs);

	/* Another run numbers from 1. */
	add(j, "r2", 1);
	assert_int_equal(append(j, "r2", "note", 0, "x"), 1);
	assert_int_equal(append(j, "r", "note", 400, "y"), 4);
	journal_close(j);

	/* Durable: another open sees them. */
	j = open_journal();
	read_events(j, "r", 0, &evs);
	assert_int_equal(evs.nr, 4);
	assert_string_equal(evs.items[3].text, "y");
	events_release(&evs);
	journal_close(j);
}

static void events_after_and_stop(void **state)
{
	struct events evs = { .nr = 0 };
	(void)state;
	struct journal *j = open_journal();
	add(j, "r", 0);
	for (int i = 0; i < 5; i++)
		append(j, "r", "note", i * 10, "n");
	read_events(j, "r", 2, &evs);
	assert_int_equal(evs.nr, 3);
	assert_int_equal(evs.items[0].seq, 3);
	assert_int_equal(evs.items[0].at, 20);
	assert_int_equal(evs.items[2].seq, 5);
	events_release(&evs);

	read_events(j, "r", 5, &evs);
	assert_int_equal(evs.nr, 0);

	/* A callback returning non-zero stops the walk. */
	evs.stop_after = 2;
	assert_true(journal_events(j, "r", 0, collect, &evs) >= 0);
	assert_int_equal(evs.nr, 2);
	assert_int_equal(evs.items[1].seq, 2);
	events_release(&evs);

	/* An unknown run has no events. */
	evs.stop_after = 0;
	read_events(j, "nope", 0, &evs);
	assert_int_equal(evs.nr, 0);
	journal_close(j);
}

static void end_marks_the_run_ended(void **state)
{
	struct journal_run got;
	(void)state;
	struct journal *j = open_journal();
	add(j, "r", 0);
	add(j, "other", 0);
	append(j, "r", "pause", 10, NULL);
	append(j, "r", "resume", 20, NULL);
	assert_int_equal(journal_run_get(j, "r", &got), 0);
	assert_false(got.ended);
	journal_run_release(&got);
	append(j, "r", "end", 30, NULL);
	assert_int_equal(journal_run_get(j, "r", &got), 0);
	assert_true(got.ended);
	journal_run_release(&got);
	/* Only that run. */
	assert_int_equal(journal_run_get(j, "other", &got), 0);
	assert_false(got.ended);
	journal_run_release(&got);
	journal_close(j);
}

static void runs_oldest_first(void **state)
{
	struct journal_run *runs;
	size_t nr;
	(void)state;
	struct journal *j = open_journal();
	assert_int_equal(journal_runs(j, &runs, &nr), 0);
	assert_int_equal(nr, 0);
	journal_runs_free(runs, nr);

	add(j, "c-late", 3000);
	add(j, "a-early", 1000);
	add(j, "b-middle", 2000);
	assert_int_equal(journal_runs(j, &runs, &nr), 0);
	assert_int_equal(nr, 3);
	assert_string_equal(runs[0].id, "a-early");
	assert_true(runs[0].started_ms == 1000);
	assert_string_equal(runs[1].id, "b-middle");
	assert_string_equal(runs[2].id, "c-late");
	assert_string_equal(runs[2].plan_id, "site-incendie");
	journal_runs_free(runs, nr);
	journal_close(j);
}

static void remove_takes_the_run_and_its_events(void **state)
{
	struct events evs = { .nr = 0 };
	struct journal_run got, *runs;
	size_t nr;
	(void)state;
	struct journal *j = open_journal();
	add(j, "gone", 1);
	add(j, "kept", 2);
	append(j, "gone", "note", 0, "a");
	append(j, "gone", "note", 1, "b");
	append(j, "kept", "note", 0, "c");
	assert_int_equal(journal_run_remove(j, "gone"), 0);
	assert_int_equal(journal_run_get(j, "gone", &got), CRISIS_ENOTFOUND);
	journal_run_release(&got);
	read_events(j, "gone", 0, &evs);
	assert_int_equal(evs.nr, 0);
	read_events(j, "kept", 0, &evs);
	assert_int_equal(evs.nr, 1);
	assert_string_equal(evs.items[0].text, "c");
	events_release(&evs);
	assert_int_equal(journal_runs(j, &runs, &nr), 0);
	assert_int_equal(nr, 1);
	assert_string_equal(runs[0].id, "kept");
	journal_runs_free(runs, nr);

	/* The id may be used again, numbered from 1. */
	add(j, "gone", 3);
	assert_int_equal(append(j, "gone", "note", 0, "again"), 1);
	journal_close(j);
}

/* Two handles on one file, as two processes see it, appending in turn. */
static void two_writers_alternating(void **state)
{
	struct events evs = { .nr = 0 };
	(void)state;
	struct journal *a = open_journal(), *b = open_journal();
	add(a, "r", 0);
	for (int i = 0; i < 10; i++) {
		char text[16];
		snprintf(text, sizeof(text), "a%d", i);
		assert_int_equal(append(a, "r", "note", i, text), 2 * i + 1);
		snprintf(text, sizeof(text), "b%d", i);
		assert_int_equal(append(b, "r", "note", i, text), 2 * i + 2);
	}
	read_events(b, "r", 0, &evs);
	assert_int_equal(evs.nr, 20);
	for (size_t i = 0; i < evs.nr; i++) {
		char want[32];
		snprintf(want, sizeof(want), "%c%zu", i % 2 ? 'b' : 'a', i / 2);
		assert_int_equal(evs.items[i].seq, (int64_t)i + 1);
		assert_string_equal(evs.items[i].text, want);
	}
	events_release(&evs);
	journal_close(a);
	journal_close(b);
}

/* Two processes appending at once: every event kept, numbers 1..N with no gap or repeat. */
static void two_processes_at_once(void **state)
{
	enum { EACH = 40 };
	struct events evs = { .nr = 0 };
	(void)state;
	struct journal *j = open_journal();
	add(j, "r", 0);
	journal_close(j);

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct journal *c = NULL;
		int ok = journal_open(&c, root) == 0;
		for (int i = 0; ok && i < EACH; i++) {
			struct journal_event ev = { .at = i, .type = "note", .text = "child" };
			ok = journal_append(c, "r", &ev) == 0;
		}
		journal_close(c);
		_exit(ok ? 0 : 1);
	}
	j = open_journal();
	int failed = 0;
	for (int i = 0; i < EACH; i++) {
		struct journal_event ev = { .at = i, .type = "note", .text = "parent" };
		failed += journal_append(j, "r", &ev) != 0;
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(failed, 0);

	read_events(j, "r", 0, &evs);
	assert_int_equal(evs.nr, 2 * EACH);
	size_t child = 0;
	for (size_t i = 0; i < evs.nr; i++) {
		assert_int_equal(evs.items[i].seq, (int64_t)i + 1);
		child += !strcmp(evs.items[i].text, "child");
	}
	assert_int_equal(child, EACH);
	events_release(&evs);
	journal_close(j);
}

static void a_newer_journal_is_refused(void **state)
{
	char path[128];
	sqlite3 *db;
	(void)state;
	struct journal *j = open_journal();
	add(j, "r", 0);
	journal_close(j);

	snprintf(path, sizeof(path), "%s.crisis/journal.db", root);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE store_version SET version = 99"
				      " WHERE subsystem = 'drill'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);

	j = (struct journal *)1;
	crisis_error_clear();
	assert_true(journal_open(&j, root) < 0);
	assert_null(j);
	assert_non_null(strstr(crisis_error_last(), "newer"));
	assert_non_null(strstr(crisis_error_last(), "version 99"));
	assert_non_null(strstr(crisis_error_last(), "journal.db"));

	/* Nothing was changed: still refused, its run still there. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM drill_run", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

TEST_MAIN(
	T(open_creates_a_private_file),
	T(run_round_trip),
	T(the_same_run_twice_is_refused),
	T(unknown_run),
	T(events_are_numbered_and_kept_whole),
	T(events_after_and_stop),
	T(end_marks_the_run_ended),
	T(runs_oldest_first),
	T(remove_takes_the_run_and_its_events),
	T(two_writers_alternating),
	T(two_processes_at_once),
	T(a_newer_journal_is_refused),
)
