#include "drill_fixture.h"
#include "drill/live.h"
#include "drill/run.h"
#include "store/journal.h"
#include "util/error.h"

#include <string.h>

/* 2026-11-22T13:00:00Z, as the wall clock of these runs. */
#define WALL 1795352400000LL

static void start(struct drill_fixture *fx, struct live *l, double speed)
{
	struct diag_file *f = diag_file_new(FIRE_DRILL_PATH, NULL);
	if (live_start(l, &fx->ws, &fx->v, FIRE_DRILL_PATH, speed, NULL, WALL, 0, f) < 0)
		fail_msg("cannot start: %s", crisis_error_last());
	assert_int_equal(f->errors, 0);
	diag_file_free(f);
}

static void record(struct live *l, enum run_event_type type, const char *text, int64_t mono)
{
	struct engine_event ev = { .type = type, .text = (char *)text };
	if (live_record(l, &ev, WALL + mono, mono) < 0)
		fail_msg("cannot record: %s", crisis_error_last());
}

static int count(const struct journal_event *ev, void *data)
{
	(void)ev;
	(*(size_t *)data)++;
	return 0;
}

static size_t journal_count(const struct drill_fixture *fx, const char *id)
{
	struct journal *j;
	size_t n = 0;
	assert_int_equal(journal_open(&j, fx->ws.root), 0);
	assert_int_equal(journal_events(j, id, 0, count, &n), 0);
	journal_close(j);
	return n;
}

static void the_run_is_named_by_its_date_and_drill(void **state)
{
	struct drill_fixture *fx = *state;
	struct live a, b;
	start(fx, &a, 1);
	assert_string_equal(a.run.id, "2026-11-22-" FIRE_DRILL);
	assert_string_equal(a.run.started, "2026-11-22T13:00:00+00:00");
	/* A second run the same day gets the next number. */
	start(fx, &b, 1);
	assert_string_equal(b.run.id, "2026-11-22-" FIRE_DRILL "-2");
	live_close(&a);
	live_close(&b);
}

static void events_are_in_the_journal_before_they_are_taken(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	start(fx, &l, 1);
	assert_int_equal(live_publish_due(&l, live_now(&l, 0), WALL, 0), 1);
	record(&l, EV_NOTE, "la cellule est réunie", 5250);
	assert_int_equal(l.engine.nr_log, 2);
	assert_int_equal(l.engine.log[1].at, 5250);
	/* Another reader sees both, whatever this process does next. */
	assert_int_equal(journal_count(fx, l.run.id), 2);
	/* Refused events are not recorded: done of an unknown expectation. */
	struct engine_event bad = { .type = EV_DONE, .expect = "nope", .rating = "P" };
	assert_true(live_record(&l, &bad, WALL + 6000, 6000) < 0);
	assert_non_null(strstr(crisis_error_last(), "no expectation 'nope'"));
	assert_int_equal(journal_count(fx, l.run.id), 2);
	live_close(&l);
}

static void the_clock_runs_at_its_speed_and_stops_when_paused(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	start(fx, &l, 10);
	assert_int_equal(live_now(&l, 1000), 10000);
	record(&l, EV_PAUSE, NULL, 1500);
	assert_int_equal(l.engine.log[0].at, 15000);
	assert_int_equal(live_now(&l, 60000), 15000);
	record(&l, EV_RESUME, NULL, 60000);
	assert_int_equal(live_now(&l, 60100), 16000);
	live_close(&l);
}

static void a_killed_run_resumes_with_the_time_that_passed(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l, r;
	start(fx, &l, 1);
	record(&l, EV_NOTE, "avant la coupure", 2000);
	char *id = xstrdup(l.run.id);
	live_close(&l);		/* no pause: as if killed */

	/* 30 s later on the wall clock, another process, another monotonic clock. */
	assert_int_equal(live_resume(&r, &fx->ws, &fx->v, NULL, false, WALL + 32000, 777), 0);
	assert_string_equal(r.run.id, id);
	assert_int_equal(r.engine.nr_log, 1);
	assert_string_equal(r.engine.log[0].text, "avant la coupure");
	assert_int_equal(live_now(&r, 777), 32000);
	assert_int_equal(live_now(&r, 1777), 33000);
	live_close(&r);
	free(id);
}

static void a_quit_run_resumes_where_it_stood(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l, r;
	start(fx, &l, 1);
	struct engine_event quit = { .type = EV_PAUSE, .why = LIVE_QUIT };
	assert_int_equal(live_record(&l, &quit, WALL + 4000, 4000), 0);
	live_close(&l);

	/* A day later: the clock stands at 4 s, nothing recorded until the run goes on. */
	assert_int_equal(live_resume(&r, &fx->ws, &fx->v, NULL, false, WALL + 86400000, 50), 0);
	assert_int_equal(live_now(&r, 50), 4000);
	assert_int_equal(r.engine.nr_log, 1);
	assert_true(r.engine.paused);
	/* Going on records the resume there, and the clock runs from it. */
	assert_int_equal(live_continue(&r, live_now(&r, 50), WALL + 86400000, 50), 0);
	assert_int_equal(live_now(&r, 1050), 5000);
	record(&r, EV_NOTE, "on reprend", 1050);
	assert_int_equal(r.engine.nr_log, 3);
	assert_int_equal(r.engine.log[1].type, EV_RESUME);
	assert_int_equal(r.engine.log[1].at, 4000);
	assert_int_equal(r.engine.log[2].at, 5000);
	assert_false(r.engine.paused);
	/* Not quit: going on records nothing. */
	assert_int_equal(live_continue(&r, 5000, WALL, 1050), 0);
	assert_int_equal(r.engine.nr_log, 3);
	live_close(&r);
}

static void a_changed_drill_is_refused_unless_as_started(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l, r;
	start(fx, &l, 1);
	live_close(&l);
	FILE *fp = fopen(FIRE_DRILL_PATH, "a");
	assert_non_null(fp);
	fputs("# changed\n", fp);
	fclose(fp);
	assert_true(live_resume(&r, &fx->ws, &fx->v, NULL, false, WALL, 0) < 0);
	assert_non_null(strstr(crisis_error_last(), "changed since run"));
	assert_non_null(strstr(crisis_error_last(), "--as-started"));
	live_close(&r);
	assert_int_equal(live_resume(&r, &fx->ws, &fx->v, NULL, true, WALL, 0), 0);
	assert_string_equal(r.drill->id, FIRE_DRILL);
	live_close(&r);
}

static void two_consoles_keep_each_others_events(void **state)
{
	struct drill_fixture *fx = *state;
	struct live a, b;
	start(fx, &a, 1);
	assert_int_equal(live_resume(&b, &fx->ws, &fx->v, a.run.id, false, WALL, 0), 0);
	record(&a, EV_NOTE, "a1", 1000);
	record(&b, EV_NOTE, "b1", 1100);
	record(&a, EV_NOTE, "a2", 1200);
	/* Each took in the other's before recording its own. */
	assert_int_equal(a.engine.nr_log, 3);
	assert_int_equal(live_sync(&b, WALL + 1300, 1300), 1);
	assert_int_equal(b.engine.nr_log, 3);
	assert_string_equal(b.engine.log[1].text, "b1");
	assert_string_equal(a.engine.log[1].text, "b1");
	assert_int_equal(journal_count(fx, a.run.id), 3);
	live_close(&a);
	live_close(&b);
}

static void roles_and_parties_are_the_plans(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	start(fx, &l, 1);
	struct engine_event role = { .type = EV_ROLE, .text = "directeur-crisis", .by = "c-renaud" };
	assert_int_equal(live_record(&l, &role, WALL, 0), CRISIS_ENOTFOUND);
	assert_non_null(strstr(crisis_error_last(), "did you mean 'directeur-crise'?"));
	role.text = "directeur-crise";
	role.by = "c-nobody";
	assert_int_equal(live_record(&l, &role, WALL, 0), CRISIS_ENOTFOUND);
	role.by = "c-renaud";
	assert_int_equal(live_record(&l, &role, WALL, 0), 0);
	struct engine_event decision = { .type = EV_DECISION, .text = "évacuer", .by = "c-inconnu" };
	assert_int_equal(live_record(&l, &decision, WALL, 0), CRISIS_ENOTFOUND);
	assert_int_equal(journal_count(fx, l.run.id), 1);
	live_close(&l);
}

static void the_record_is_written_validated_and_committed(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct buf path = BUF_INIT, text = BUF_INIT;
	char commit[64];
	start(fx, &l, 1);
	assert_int_equal(live_publish_due(&l, 0, WALL, 0), 1);
	struct engine_event role = { .type = EV_ROLE, .text = "directeur-crise", .by = "c-renaud" };
	struct engine_event done = { .type = EV_DONE, .expect = "e-alarme-pompiers", .rating = "S",
				     .text = "appel tardif" };
	assert_int_equal(live_record(&l, &role, WALL, 0), 0);
	assert_int_equal(live_record(&l, &done, WALL + 150250, 150250), 0);
	assert_true(live_finish(&l, true, WALL, &path, commit) < 0);	/* not ended */
	record(&l, EV_END, NULL, 200000);
	assert_int_equal(live_finish(&l, true, WALL + 200000, &path, commit), 0);
	assert_string_equal(path.ptr, "drills/runs/2026-11-22-" FIRE_DRILL ".yaml");
	assert_int_equal(strlen(commit), 40);
	assert_int_equal(fs_read_file(path.ptr, &text), 0);
	/* Read back as a record: the stand-in, the late action to the millisecond. */
	struct loaded lr;
	struct diag_file *f = diag_file_new(path.ptr, NULL);
	assert_int_equal(validate_load_text(&fx->v, f, &text, &lr), 0);
	assert_int_equal(f->errors, 0);
	const struct drill_run *run = drill_run_of(&lr);
	assert_non_null(run);
	assert_int_equal(run->nr_participants, 1);
	assert_true(run->participants[0].stand_in);
	assert_string_equal(run->participants[0].holder, "c-morel");
	const struct run_outcome *late = NULL;
	for (size_t i = 0; i < run->nr_outcomes; i++)
		if (!strcmp(run->outcomes[i].expect, "e-alarme-pompiers"))
			late = &run->outcomes[i];
	assert_non_null(late);
	assert_int_equal(late->status, OUT_LATE);
	assert_int_equal(late->done, 150250);
	assert_int_equal(late->late_by, 150250 - 120000);
	assert_string_equal(late->notes, "appel tardif");
	assert_int_equal(run->duration, 200000);
	loaded_release(&lr);
	diag_file_free(f);
	/* Committed, and out of the journal. */
	assert_int_equal(fixture_shell(fx, "git diff --quiet HEAD -- drills/runs && "
					   "git log -1 --format=%s | grep -q '^Record drill run'"), 0);
	struct journal *j;
	assert_int_equal(journal_open(&j, fx->ws.root), 0);
	assert_int_equal(journal_run_exists(j, l.run.id), 0);
	journal_close(j);
	buf_release(&path);
	live_close(&l);
}

#define T(f) cmocka_unit_test_setup_teardown(f, drill_fixture_setup, drill_fixture_teardown)

TEST_MAIN(
	T(the_run_is_named_by_its_date_and_drill),
	T(events_are_in_the_journal_before_they_are_taken),
	T(the_clock_runs_at_its_speed_and_stops_when_paused),
	T(a_killed_run_resumes_with_the_time_that_passed),
	T(a_quit_run_resumes_where_it_stood),
	T(a_changed_drill_is_refused_unless_as_started),
	T(two_consoles_keep_each_others_events),
	T(roles_and_parties_are_the_plans),
	T(the_record_is_written_validated_and_committed),
)
