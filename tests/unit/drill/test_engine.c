#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "drill/drill.h"
#include "drill/engine.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

/*
 * i-two is written first but comes after i-one; i-child and i-grand follow
 * i-one through `after`; i-cont is a contingency that follows i-one.
 */
static const char text[] =
	"format: crisis/v1\n"
	"kind: drill\n"
	"id: d-test\n"
	"title: Test\n"
	"plan: p-test\n"
	"duration: PT1H\n"
	"objectives:\n"
	"  - id: o-a\n"
	"    text: A\n"
	"  - id: o-b\n"
	"    text: B\n"
	"  - id: o-none\n"
	"    text: None\n"
	"injects:\n"
	"  - id: i-two\n"
	"    at: PT10M\n"
	"    message: Second\n"
	"    expect:\n"
	"      - id: e-two\n"
	"        action: Two\n"
	"        within: PT5M\n"
	"        objective: o-b\n"
	"  - id: i-one\n"
	"    at: PT5M\n"
	"    message: First\n"
	"    expect:\n"
	"      - id: e-one\n"
	"        action: One\n"
	"        within: PT2M\n"
	"        objective: o-a\n"
	"      - id: e-one-b\n"
	"        action: One b\n"
	"        within: PT3M\n"
	"        objective: o-a\n"
	"  - id: i-child\n"
	"    after: i-one\n"
	"    delay: PT20M\n"
	"    message: Child\n"
	"    expect:\n"
	"      - id: e-child\n"
	"        action: Child\n"
	"        objective: o-b\n"
	"  - id: i-grand\n"
	"    after: i-child\n"
	"    delay: PT1M\n"
	"    message: Grandchild\n"
	"  - id: i-cont\n"
	"    after: i-one\n"
	"    delay: PT1M\n"
	"    contingency: true\n"
	"    message: Contingency\n"
	"    expect:\n"
	"      - id: e-cont\n"
	"        action: Cont\n"
	"        within: PT10M\n";

#define MIN (60 * 1000)

struct fixture {
	struct doc doc;
	struct drill drill;
	struct engine e;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	memset(&fx, 0, sizeof(fx));
	int ret = load_yaml(&fx.doc, text, strlen(text), f);
	bool clean = f->nr == 0;
	diag_file_free(f);
	if (ret < 0 || !clean)
		return -1;
	drill_build(&fx.drill, xmlDocGetRootElement(fx.doc.xml));
	engine_init(&fx.e, &fx.drill);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	engine_release(&fx->e);
	drill_release(&fx->drill);
	doc_release(&fx->doc);
	return 0;
}

static struct engine *engine_of(void **state)
{
	return &((struct fixture *)*state)->e;
}

/* Check then apply an event, as a command does; the check must pass. */
static void play(struct engine *e, const struct engine_event *ev)
{
	if (engine_check(e, ev) < 0)
		fail_msg("refused: %s", crisis_error_last());
	engine_apply(e, ev);
}

static void publish(struct engine *e, const char *inject, int64_t at)
{
	play(e, &(struct engine_event){ .at = at, .type = EV_INJECT, .inject = (char *)inject });
}

static void done(struct engine *e, const char *expect, const char *rating, int64_t at)
{
	play(e, &(struct engine_event){ .at = at, .type = EV_DONE, .expect = (char *)expect,
					.rating = (char *)rating });
}

static void simple(struct engine *e, enum run_event_type type, int64_t at)
{
	play(e, &(struct engine_event){ .at = at, .type = type });
}

static struct engine_inject *inject(struct engine *e, const char *id)
{
	struct engine_inject *ei = engine_find_inject(e, id);
	assert_non_null(ei);
	return ei;
}

static const struct engine_expect *expect(struct engine *e, const char *id)
{
	const struct engine_expect *x = engine_find_expect(e, id);
	assert_non_null(x);
	return x;
}

static void the_model_is_as_written(void **state)
{
	struct engine *e = engine_of(state);
	assert_int_equal(e->drill->nr_injects, 5);
	assert_int_equal(e->nr_expects, 5);
	assert_int_equal(engine_inject_time(e, inject(e, "i-one")), 5 * MIN);
	assert_int_equal(engine_inject_time(e, inject(e, "i-two")), 10 * MIN);
	assert_int_equal(engine_inject_time(e, inject(e, "i-child")), 25 * MIN);
	assert_int_equal(engine_inject_time(e, inject(e, "i-grand")), 26 * MIN);
	assert_int_equal(engine_inject_time(e, inject(e, "i-cont")), 6 * MIN);
	assert_null(engine_find_inject(e, "i-nope"));
	assert_null(engine_find_expect(e, "e-nope"));
	assert_ptr_equal(expect(e, "e-one")->inject, inject(e, "i-one"));
}

static void due_in_time_order(void **state)
{
	struct engine *e = engine_of(state);
	assert_null(engine_due(e, 0));
	assert_null(engine_due(e, 5 * MIN - 1));
	/* Both due: the earlier first, whatever the order they are written in. */
	assert_ptr_equal(engine_due(e, 11 * MIN), inject(e, "i-one"));
	publish(e, "i-one", 11 * MIN);
	assert_ptr_equal(engine_due(e, 11 * MIN), inject(e, "i-two"));
	publish(e, "i-two", 11 * MIN);
	/* i-child now follows i-one's publication at 11 min: 31 min. */
	assert_null(engine_due(e, 31 * MIN - 1));
	assert_ptr_equal(engine_due(e, 31 * MIN), inject(e, "i-child"));
	publish(e, "i-child", 31 * MIN);
	assert_null(engine_due(e, 32 * MIN - 1));
	assert_ptr_equal(engine_due(e, 32 * MIN), inject(e, "i-grand"));
	publish(e, "i-grand", 32 * MIN);
	/* The contingency's time has long come: the clock never publishes it. */
	assert_null(engine_due(e, 600 * MIN));
	assert_int_equal(inject(e, "i-cont")->published, ENGINE_NONE);
}

static void none_due_while_paused_or_after_end(void **state)
{
	struct engine *e = engine_of(state);
	simple(e, EV_PAUSE, 1 * MIN);
	assert_true(e->paused);
	assert_null(engine_due(e, 20 * MIN));
	simple(e, EV_RESUME, 20 * MIN);
	assert_false(e->paused);
	assert_ptr_equal(engine_due(e, 20 * MIN), inject(e, "i-one"));
	simple(e, EV_END, 21 * MIN);
	assert_true(e->ended);
	assert_null(engine_due(e, 21 * MIN));
	assert_null(engine_due(e, 600 * MIN));
}

static void a_skipped_inject_is_never_due(void **state)
{
	struct engine *e = engine_of(state);
	play(e, &(struct engine_event){ .at = 0, .type = EV_SKIP, .inject = "i-one" });
	assert_true(inject(e, "i-one")->skipped);
	assert_ptr_equal(engine_due(e, 11 * MIN), inject(e, "i-two"));
}

static void after_follows_the_actual_publication(void **state)
{
	struct engine *e = engine_of(state);
	struct fixture *fx = *state;
	struct engine_inject *child = inject(e, "i-child"), *grand = inject(e, "i-grand");

	/* Early: i-one at 1 min instead of 5. */
	publish(e, "i-one", 1 * MIN);
	assert_int_equal(engine_inject_time(e, child), 21 * MIN);
	assert_int_equal(engine_inject_time(e, grand), 22 * MIN);
	assert_int_equal(engine_inject_time(e, inject(e, "i-cont")), 2 * MIN);
	/* An inject with `at` does not move. */
	assert_int_equal(engine_inject_time(e, inject(e, "i-two")), 10 * MIN);
	/* The drill's own times are as written. */
	assert_int_equal(drill_inject(&fx->drill, "i-child")->time, 25 * MIN);

	/* The child late: the grandchild follows it. */
	publish(e, "i-two", 10 * MIN);
	publish(e, "i-child", 24 * MIN);
	assert_int_equal(engine_inject_time(e, grand), 25 * MIN);
	assert_ptr_equal(engine_due(e, 25 * MIN), grand);
	assert_ptr_not_equal(engine_due(e, 25 * MIN - 1), grand);
}

static void contingency_ready(void **state)
{
	struct engine *e = engine_of(state);
	struct engine_inject *cont = inject(e, "i-cont");

	/* Its time (6 min) has come, but nothing expected before it is open. */
	assert_false(engine_contingency_ready(e, cont, 7 * MIN));
	publish(e, "i-one", 5 * MIN);
	/* Open expectations, but its time has not come. */
	assert_false(engine_contingency_ready(e, cont, 6 * MIN - 1));
	assert_true(engine_contingency_ready(e, cont, 6 * MIN));
	done(e, "e-one", "P", 6 * MIN);
	assert_true(engine_contingency_ready(e, cont, 6 * MIN));
	/* An open expectation of another inject does not count. */
	publish(e, "i-two", 10 * MIN);
	assert_true(engine_open(expect(e, "e-two")));
	done(e, "e-one-b", "S", 10 * MIN);
	assert_false(engine_contingency_ready(e, cont, 10 * MIN));
	/* Never due by the clock, whatever its state. */
	for (int64_t t = 10 * MIN; t <= 60 * MIN; t += MIN)
		assert_ptr_not_equal(engine_due(e, t), cont);
	/* An inject that is no contingency is never "ready". */
	assert_false(engine_contingency_ready(e, inject(e, "i-child"), 60 * MIN));
}

static void contingency_published_is_not_ready(void **state)
{
	struct engine *e = engine_of(state);
	struct engine_inject *cont = inject(e, "i-cont");
	publish(e, "i-one", 5 * MIN);
	assert_true(engine_contingency_ready(e, cont, 7 * MIN));
	publish(e, "i-cont", 7 * MIN);
	assert_false(engine_contingency_ready(e, cont, 7 * MIN));
	assert_int_equal(cont->published, 7 * MIN);
}

static void contingency_skipped_is_not_ready(void **state)
{
	struct engine *e = engine_of(state);
	struct engine_inject *cont = inject(e, "i-cont");
	publish(e, "i-one", 5 * MIN);
	play(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_SKIP, .inject = "i-cont" });
	assert_false(engine_contingency_ready(e, cont, 7 * MIN));
}

static void next_and_its_time(void **state)
{
	struct engine *e = engine_of(state);
	int64_t when = 0;

	assert_ptr_equal(engine_next(e, 0, &when), inject(e, "i-one"));
	assert_int_equal(when, 5 * MIN);
	/* At its very time it is still the next one. */
	assert_ptr_equal(engine_next(e, 5 * MIN, &when), inject(e, "i-one"));
	assert_int_equal(when, 5 * MIN);
	/* Past it (unpublished), the next is i-two; the contingency (6 min) is never next. */
	assert_ptr_equal(engine_next(e, 5 * MIN + 1, &when), inject(e, "i-two"));
	assert_int_equal(when, 10 * MIN);
	publish(e, "i-one", 5 * MIN);
	publish(e, "i-two", 10 * MIN);
	assert_ptr_equal(engine_next(e, 10 * MIN, &when), inject(e, "i-child"));
	assert_int_equal(when, 25 * MIN);
	publish(e, "i-child", 25 * MIN);
	publish(e, "i-grand", 26 * MIN);
	when = 0;
	assert_null(engine_next(e, 26 * MIN, &when));
	assert_int_equal(when, ENGINE_NONE);
}

static void due_time_of_expectations(void **state)
{
	struct engine *e = engine_of(state);
	assert_int_equal(engine_due_time(expect(e, "e-one")), ENGINE_NONE);
	assert_false(engine_open(expect(e, "e-one")));
	publish(e, "i-one", 7 * MIN);
	assert_int_equal(engine_due_time(expect(e, "e-one")), 9 * MIN);
	assert_int_equal(engine_due_time(expect(e, "e-one-b")), 10 * MIN);
	assert_true(engine_open(expect(e, "e-one")));
	publish(e, "i-child", 8 * MIN);
	/* No `within`: never due. */
	assert_int_equal(engine_due_time(expect(e, "e-child")), ENGINE_NONE);
}

static void outcomes(void **state)
{
	struct engine *e = engine_of(state);
	int64_t late_by = 0;

	publish(e, "i-one", 5 * MIN);
	/* Exactly at its due time (5 + 2 min): on time. */
	done(e, "e-one", "P", 7 * MIN);
	assert_false(engine_open(expect(e, "e-one")));
	assert_int_equal(engine_outcome(expect(e, "e-one"), &late_by), OUT_ON_TIME);
	assert_int_equal(late_by, ENGINE_NONE);
	/* Due at 8 min, done 1234 ms after. */
	done(e, "e-one-b", "S", 8 * MIN + 1234);
	late_by = 0;
	assert_int_equal(engine_outcome(expect(e, "e-one-b"), &late_by), OUT_LATE);
	assert_int_equal(late_by, 1234);
	/* Published, never done. */
	publish(e, "i-two", 10 * MIN);
	assert_int_equal(engine_outcome(expect(e, "e-two"), &late_by), OUT_MISSED);
	assert_int_equal(late_by, ENGINE_NONE);
	/* Never published at all: missed too. */
	assert_int_equal(engine_outcome(expect(e, "e-cont"), &late_by), OUT_MISSED);
	/* A skipped inject skips its expectations. */
	play(e, &(struct engine_event){ .at = 11 * MIN, .type = EV_SKIP, .inject = "i-child",
					.why = "no time" });
	assert_int_equal(engine_outcome(expect(e, "e-child"), &late_by), OUT_SKIPPED);
	assert_int_equal(late_by, ENGINE_NONE);
	/* An expectation skipped itself. */
	play(e, &(struct engine_event){ .at = 11 * MIN, .type = EV_SKIP, .expect = "e-two" });
	assert_int_equal(engine_outcome(expect(e, "e-two"), &late_by), OUT_SKIPPED);
	assert_false(engine_open(expect(e, "e-two")));
}

static void done_again_keeps_the_first_time(void **state)
{
	struct engine *e = engine_of(state);
	int64_t late_by;
	publish(e, "i-two", 10 * MIN);
	play(e, &(struct engine_event){ .at = 11 * MIN, .type = EV_DONE, .expect = "e-two",
					.rating = "M", .text = "slow start" });
	/* Again, after its due time (15 min), rated better. */
	play(e, &(struct engine_event){ .at = 20 * MIN, .type = EV_DONE, .expect = "e-two",
					.rating = "P" });
	const struct engine_expect *x = expect(e, "e-two");
	assert_int_equal(x->done, 11 * MIN);
	assert_string_equal(x->rating, "P");
	/* The notes of the first stay when the second has none. */
	assert_string_equal(x->notes, "slow start");
	assert_int_equal(engine_outcome(x, &late_by), OUT_ON_TIME);
	assert_false(engine_objective_met(e, "o-b"));	/* e-child missed */
}

static void objective_met(void **state)
{
	struct engine *e = engine_of(state);
	publish(e, "i-one", 5 * MIN);
	done(e, "e-one", "P", 6 * MIN);
	/* One of two done: not met yet. */
	assert_false(engine_objective_met(e, "o-a"));
	done(e, "e-one-b", "S", 7 * MIN);
	assert_true(engine_objective_met(e, "o-a"));
	/* o-b: e-two on time, e-child skipped with its inject. */
	publish(e, "i-two", 10 * MIN);
	done(e, "e-two", "P", 11 * MIN);
	play(e, &(struct engine_event){ .at = 11 * MIN, .type = EV_SKIP, .inject = "i-child" });
	assert_true(engine_objective_met(e, "o-b"));
	/* An objective no expectation names is not met. */
	assert_false(engine_objective_met(e, "o-none"));
	assert_false(engine_objective_met(e, "o-unknown"));
}

static void objective_not_met_with_m(void **state)
{
	struct engine *e = engine_of(state);
	publish(e, "i-one", 5 * MIN);
	done(e, "e-one", "P", 6 * MIN);
	done(e, "e-one-b", "M", 7 * MIN);
	assert_false(engine_objective_met(e, "o-a"));
	/* Rated better again: met. */
	done(e, "e-one-b", "P", 7 * MIN);
	assert_true(engine_objective_met(e, "o-a"));
}

static void objective_not_met_with_u(void **state)
{
	struct engine *e = engine_of(state);
	publish(e, "i-one", 5 * MIN);
	done(e, "e-one", "U", 6 * MIN);
	done(e, "e-one-b", "P", 7 * MIN);
	assert_false(engine_objective_met(e, "o-a"));
}

static void objective_not_met_when_late(void **state)
{
	struct engine *e = engine_of(state);
	publish(e, "i-one", 5 * MIN);
	done(e, "e-one", "P", 6 * MIN);
	done(e, "e-one-b", "P", 8 * MIN + 1);
	assert_false(engine_objective_met(e, "o-a"));
}

static void objective_of_skipped_only_is_not_met(void **state)
{
	struct engine *e = engine_of(state);
	play(e, &(struct engine_event){ .at = 0, .type = EV_SKIP, .inject = "i-one" });
	assert_false(engine_objective_met(e, "o-a"));
}

/* engine_check refuses `ev` with `code`, saying `why`. */
static void refused(struct engine *e, const struct engine_event *ev, int code, const char *why)
{
	crisis_error_clear();
	assert_int_equal(engine_check(e, ev), code);
	if (!strstr(crisis_error_last(), why))
		fail_msg("'%s' not in \"%s\"", why, crisis_error_last());
}

static void check_refuses(void **state)
{
	struct engine *e = engine_of(state);

	refused(e, &(struct engine_event){ .at = 0, .type = EV_INJECT, .inject = "i-nope" },
		CRISIS_ENOTFOUND, "no inject 'i-nope' in drill 'd-test'");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_DONE, .expect = "e-nope", .rating = "P" },
		CRISIS_ENOTFOUND, "no expectation 'e-nope' in drill 'd-test'");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_SKIP, .expect = "e-nope" },
		CRISIS_ENOTFOUND, "no expectation 'e-nope'");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_INJECT }, CRISIS_ERROR,
		"publish which inject?");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_SKIP }, CRISIS_ERROR,
		"skip which inject or expectation?");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_NOTE }, CRISIS_ERROR, "note: what?");
	refused(e, &(struct engine_event){ .at = 0, .type = EV_ROLE, .text = "r" }, CRISIS_ERROR,
		"role: which role, played by whom?");

	publish(e, "i-one", 5 * MIN);
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_INJECT, .inject = "i-one" },
		CRISIS_ERROR, "inject 'i-one' was published already");
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_SKIP, .inject = "i-one" },
		CRISIS_ERROR, "inject 'i-one' was published already");

	/* Ratings: one of P, S, M, U. */
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_DONE, .expect = "e-one",
					   .rating = "X" }, CRISIS_ERROR, "rate it P");
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_DONE, .expect = "e-one",
					   .rating = "PS" }, CRISIS_ERROR, "rate it P");
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_DONE, .expect = "e-one" },
		CRISIS_ERROR, "rate it P");
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_DONE, .expect = "e-one",
					   .rating = "p" }, CRISIS_ERROR, "rate it P");
	assert_int_equal(engine_check(e, &(struct engine_event){
		.at = 6 * MIN, .type = EV_DONE, .expect = "e-one", .rating = "U" }), 0);

	/* The clock does not go back; the same time is fine. */
	refused(e, &(struct engine_event){ .at = 5 * MIN - 1, .type = EV_NOTE, .text = "x" },
		CRISIS_ERROR, "the clock cannot go back");
	assert_int_equal(engine_check(e, &(struct engine_event){
		.at = 5 * MIN, .type = EV_NOTE, .text = "x" }), 0);

	/* Pause and resume alternate. */
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_RESUME }, CRISIS_ERROR,
		"the run is not paused");
	simple(e, EV_PAUSE, 6 * MIN);
	refused(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_PAUSE }, CRISIS_ERROR,
		"the run is paused already");
	simple(e, EV_RESUME, 7 * MIN);

	/* A skipped inject cannot be published, nor skipped again. */
	play(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_SKIP, .inject = "i-two" });
	refused(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_INJECT, .inject = "i-two" },
		CRISIS_ERROR, "inject 'i-two' was skipped");
	refused(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_SKIP, .inject = "i-two" },
		CRISIS_ERROR, "inject 'i-two' was skipped already");
	/* A done expectation cannot be skipped; a skipped one cannot be done. */
	done(e, "e-one", "P", 7 * MIN);
	refused(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_SKIP, .expect = "e-one" },
		CRISIS_ERROR, "expectation 'e-one' was done already");
	play(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_SKIP, .expect = "e-one-b" });
	refused(e, &(struct engine_event){ .at = 7 * MIN, .type = EV_DONE, .expect = "e-one-b",
					   .rating = "P" }, CRISIS_ERROR, "expectation 'e-one-b' was skipped");

	/* Nothing after the end, not even a note or another end. */
	simple(e, EV_END, 8 * MIN);
	refused(e, &(struct engine_event){ .at = 9 * MIN, .type = EV_NOTE, .text = "late" },
		CRISIS_ERROR, "the run has ended");
	refused(e, &(struct engine_event){ .at = 9 * MIN, .type = EV_END }, CRISIS_ERROR,
		"the run has ended");
	refused(e, &(struct engine_event){ .at = 9 * MIN, .type = EV_INJECT, .inject = "i-child" },
		CRISIS_ERROR, "the run has ended");
}

static void events_are_copied_and_logged(void **state)
{
	struct engine *e = engine_of(state);
	char text_buf[] = "cellule réunie";
	publish(e, "i-one", 5 * MIN);
	play(e, &(struct engine_event){ .at = 6 * MIN, .type = EV_DONE, .expect = "e-one",
					.rating = "P", .text = text_buf });
	text_buf[0] = 'X';
	assert_int_equal(e->nr_log, 2);
	assert_int_equal(e->log[0].type, EV_INJECT);
	assert_string_equal(e->log[0].inject, "i-one");
	assert_int_equal(e->log[1].at, 6 * MIN);
	assert_string_equal(e->log[1].text, "cellule réunie");
	assert_string_equal(expect(e, "e-one")->notes, "cellule réunie");
	assert_int_equal(e->last, 6 * MIN);
}

static void role_events(void **state)
{
	struct engine *e = engine_of(state);
	play(e, &(struct engine_event){ .at = 0, .type = EV_ROLE, .text = "directeur-crise",
					.by = "c-aubert" });
	play(e, &(struct engine_event){ .at = 0, .type = EV_ROLE, .text = "communicant",
					.by = "c-morel" });
	assert_int_equal(e->nr_roles, 2);
	assert_string_equal(e->roles[0].role, "directeur-crise");
	assert_string_equal(e->roles[0].played_by, "c-aubert");
	assert_string_equal(e->roles[1].role, "communicant");
	assert_string_equal(e->roles[1].played_by, "c-morel");
	/* A role played by someone else: replaced, not added. */
	play(e, &(struct engine_event){ .at = 1, .type = EV_ROLE, .text = "directeur-crise",
					.by = "c-leroy" });
	assert_int_equal(e->nr_roles, 2);
	assert_string_equal(e->roles[0].played_by, "c-leroy");
	/* A role event is no entry that moves the clock state. */
	assert_false(e->paused);
	assert_false(e->ended);
}

static char *text_of(const struct drill *d, const struct engine_event *ev)
{
	struct buf out = BUF_INIT;
	engine_event_text(&out, d, ev);
	return buf_detach(&out);
}

static void event_text(void **state)
{
	struct fixture *fx = *state;
	const struct drill *d = &fx->drill;

	owned_is(text_of(d, &(struct engine_event){ .type = EV_INJECT, .inject = "i-one" }),
		 "inject i-one: First");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_INJECT, .inject = "i-nope" }),
		 "inject i-nope: ");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_DONE, .expect = "e-alert",
						     .rating = "P", .text = "cellule réunie" }),
		 "done e-alert (P) cellule réunie");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_DONE, .expect = "e-one",
						     .rating = "S" }),
		 "done e-one (S)");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_NOTE, .text = "pompiers sur place" }),
		 "note: pompiers sur place");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_DECISION, .text = "évacuer",
						     .by = "directeur-crise", .why = "fumées" }),
		 "decision: évacuer (by directeur-crise); why: fumées");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_DECISION, .text = "évacuer" }),
		 "decision: évacuer");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_SKIP, .inject = "i-two",
						     .why = "no time" }),
		 "skip i-two: no time");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_SKIP, .expect = "e-two" }),
		 "skip e-two");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_ROLE, .text = "communicant",
						     .by = "c-morel" }),
		 "role communicant played by c-morel");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_PAUSE, .why = "coffee" }),
		 "pause (coffee)");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_PAUSE }), "pause");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_RESUME }), "resume");
	owned_is(text_of(d, &(struct engine_event){ .type = EV_END }), "end");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

TEST_MAIN(
	T(the_model_is_as_written),
	T(due_in_time_order),
	T(none_due_while_paused_or_after_end),
	T(a_skipped_inject_is_never_due),
	T(after_follows_the_actual_publication),
	T(contingency_ready),
	T(contingency_published_is_not_ready),
	T(contingency_skipped_is_not_ready),
	T(next_and_its_time),
	T(due_time_of_expectations),
	T(outcomes),
	T(done_again_keeps_the_first_time),
	T(objective_met),
	T(objective_not_met_with_m),
	T(objective_not_met_with_u),
	T(objective_not_met_when_late),
	T(objective_of_skipped_only_is_not_met),
	T(check_refuses),
	T(events_are_copied_and_logged),
	T(role_events),
	T(event_text),
)
