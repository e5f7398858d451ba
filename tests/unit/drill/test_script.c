#include "drill_fixture.h"
#include "drill/script.h"
#include "drill/rules.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define WALL 1795352400000LL

static void start(struct drill_fixture *fx, struct live *l)
{
	if (live_start(l, &fx->ws, &fx->v, FIRE_DRILL_PATH, 1, NULL, WALL, 0, NULL) < 0)
		fail_msg("cannot start: %s", crisis_error_last());
}

/* Load `text` against the run's drill and plan; the number of findings. */
static size_t load(struct live *l, struct script *s, const char *text, struct diag_file **f)
{
	*f = diag_file_new("s.script", unit_severities());
	script_load(s, text, strlen(text), l->drill, l->plan, &l->engine, *f);
	return (*f)->nr;
}

static void expect_finding(struct diag_file *f, unsigned long line, unsigned long col,
			   const char *rule, const char *part)
{
	if (f->nr < 1)
		fail_msg("no finding, expected %s at %lu:%lu", rule, line, col);
	assert_int_equal(f->items[0].line, line);
	assert_int_equal(f->items[0].column, col);
	assert_string_equal(f->items[0].rule, rule);
	if (!strstr(f->items[0].message, part))
		fail_msg("'%s' not in '%s'", part, f->items[0].message);
}

static void a_good_script_plays_on_the_simulated_clock(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct script s;
	struct diag_file *f;
	start(fx, &l);
	assert_int_equal(load(&l, &s,
			      "# the first hour\n"
			      "+00:03:00 done e-levee-de-doute P \"levée de doute faite\"\n"
			      "\n"
			      "+00:20:00 decision évacuer le hall by directeur-crise why \"fumée\"\r\n"
			      "+01:00:00 end\n", &f), 0);
	assert_int_equal(s.nr, 3);
	assert_int_equal(s.lines[1].line, 4);
	assert_int_equal(script_play(&s, &l, WALL, 0, NULL, NULL) == 0 ? 0 : -1, 0);
	/* The injects due on the way came at their own times, before the lines after them. */
	const struct engine *e = &l.engine;
	assert_int_equal(e->log[0].type, EV_INJECT);
	assert_int_equal(e->log[0].at, 0);
	assert_int_equal(e->log[1].type, EV_DONE);
	assert_int_equal(e->log[1].at, 180000);
	assert_int_equal(e->log[2].type, EV_INJECT);
	assert_string_equal(e->log[2].inject, "i-rassemblement");
	assert_int_equal(e->log[2].at, 12 * 60000);
	assert_int_equal(e->log[3].type, EV_DECISION);
	assert_string_equal(e->log[3].text, "évacuer le hall");
	assert_string_equal(e->log[3].by, "directeur-crise");
	assert_string_equal(e->log[3].why, "fumée");
	assert_true(e->ended);
	assert_int_equal(e->last, 3600000);
	script_release(&s);
	diag_file_free(f);
	live_close(&l);
}

static void syntax_errors_have_their_line_and_column(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct script s;
	struct diag_file *f;
	start(fx, &l);
	assert_true(load(&l, &s, "+00:01:00 note ok\n+5:00 note bad\n", &f) >= 1);
	expect_finding(f, 2, 1, RULE_SCRIPT_SYNTAX, "+HH:MM:SS");
	script_release(&s);
	diag_file_free(f);
	assert_true(load(&l, &s, "+00:01:00 done e-levee-de-doute\n", &f) >= 1);
	expect_finding(f, 1, 11, RULE_SCRIPT_SYNTAX, "rate it P, S, M or U");
	script_release(&s);
	diag_file_free(f);
	/* Columns count characters, not bytes. */
	assert_true(load(&l, &s, "+00:01:00 note é\n+00:02:00 résumé\n", &f) >= 1);
	expect_finding(f, 2, 11, RULE_SCRIPT_SYNTAX, "unknown command");
	script_release(&s);
	diag_file_free(f);
	assert_true(load(&l, &s, "+00:05:00 note a\n+00:04:00 note b\n", &f) >= 1);
	expect_finding(f, 2, 1, RULE_SCRIPT_SYNTAX, "the time goes back");
	script_release(&s);
	diag_file_free(f);
	/* Nothing was recorded for any of them. */
	assert_int_equal(l.engine.nr_log, 0);
	live_close(&l);
}

static void names_are_checked_against_the_drill_and_the_plan(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct script s;
	struct diag_file *f;
	start(fx, &l);
	assert_true(load(&l, &s, "+00:01:00 note ok\n+00:02:00 done e-nope P\n", &f) >= 1);
	expect_finding(f, 2, 16, RULE_UNKNOWN_REFERENCE, "no expectation 'e-nope'");
	script_release(&s);
	diag_file_free(f);
	assert_true(load(&l, &s, "+00:01:00 role directeur-crisis c-renaud\n", &f) >= 1);
	expect_finding(f, 1, 16, RULE_UNKNOWN_REFERENCE, "did you mean 'directeur-crise'");
	script_release(&s);
	diag_file_free(f);
	/* A skip names an inject or an expectation. */
	assert_int_equal(load(&l, &s, "+00:01:00 skip e-comptage pas de comptage\n"
			      "+00:02:00 skip i-clients\n", &f), 0);
	assert_string_equal(s.lines[0].cmd.ev.expect, "e-comptage");
	assert_null(s.lines[0].cmd.ev.inject);
	script_release(&s);
	diag_file_free(f);
	live_close(&l);
}

/* The text need not end in NUL: its last line ends at its length (ASan says if it is read past). */
static void a_script_is_read_within_its_length(void **state)
{
	struct drill_fixture *fx = *state;
	static const char text[] = "+00:01:00 note ok\n+00:02:00 done e-nope P";
	char *exact = malloc(sizeof(text) - 1);
	struct live l;
	struct script s;
	struct diag_file *f = diag_file_new("s.script", unit_severities());
	start(fx, &l);
	memcpy(exact, text, sizeof(text) - 1);
	assert_int_equal(script_load(&s, exact, sizeof(text) - 1, l.drill, l.plan, &l.engine, f), -1);
	expect_finding(f, 2, 16, RULE_UNKNOWN_REFERENCE, "no expectation 'e-nope'");
	script_release(&s);
	diag_file_free(f);
	free(exact);
	live_close(&l);
}

static void what_cannot_happen_where_it_stands_is_refused_before_anything(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct script s;
	struct diag_file *f;
	start(fx, &l);
	assert_true(load(&l, &s, "+00:01:00 pause\n+00:02:00 pause\n", &f) >= 1);
	expect_finding(f, 2, 11, RULE_SCRIPT_SYNTAX, "paused already");
	script_release(&s);
	diag_file_free(f);
	assert_true(load(&l, &s, "+00:01:00 end\n+00:02:00 note after\n", &f) >= 1);
	expect_finding(f, 2, 11, RULE_SCRIPT_SYNTAX, "has ended");
	script_release(&s);
	diag_file_free(f);
	/* Publishing an inject the clock has published already by then. */
	assert_true(load(&l, &s, "+00:13:00 publish i-rassemblement\n", &f) >= 1);
	expect_finding(f, 1, 11, RULE_SCRIPT_SYNTAX, "published already");
	script_release(&s);
	diag_file_free(f);
	/*
	 * Injects due between two lines come at their own times, and so do
	 * those chained to them: i-point-cos at 30 min, i-gardiennage 30 min
	 * after it, at 60 min, though the line before is at 40 min. Publishing
	 * i-gardiennage at 65 min is refused by the check, before anything is
	 * played, as the play would refuse it.
	 */
	assert_true(load(&l, &s, "+00:40:00 note x\n+01:05:00 publish i-gardiennage\n", &f) >= 1);
	expect_finding(f, 2, 11, RULE_SCRIPT_SYNTAX, "published already");
	script_release(&s);
	diag_file_free(f);
	assert_int_equal(l.engine.nr_log, 0);
	live_close(&l);
}

static void quit_pauses_the_run(void **state)
{
	struct drill_fixture *fx = *state;
	struct live l;
	struct script s;
	struct diag_file *f;
	start(fx, &l);
	assert_int_equal(load(&l, &s, "+00:01:00 note one\n+00:02:00 quit\n", &f), 0);
	assert_int_equal(script_play(&s, &l, WALL, 0, NULL, NULL), 0);
	assert_true(l.engine.paused);
	assert_false(l.engine.ended);
	const struct engine_event *last = &l.engine.log[l.engine.nr_log - 1];
	assert_int_equal(last->type, EV_PAUSE);
	assert_string_equal(last->why, LIVE_QUIT);
	assert_int_equal(last->at, 120000);
	script_release(&s);
	diag_file_free(f);
	live_close(&l);
}

#define T(f) cmocka_unit_test_setup_teardown(f, drill_fixture_setup, drill_fixture_teardown)

TEST_MAIN(
	T(a_good_script_plays_on_the_simulated_clock),
	T(syntax_errors_have_their_line_and_column),
	T(names_are_checked_against_the_drill_and_the_plan),
	T(a_script_is_read_within_its_length),
	T(what_cannot_happen_where_it_stands_is_refused_before_anything),
	T(quit_pauses_the_run),
)
