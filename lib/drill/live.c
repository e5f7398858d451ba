#include "live.h"
#include "env.h"
#include "run.h"
#include "check/yamledit.h"
#include "plan/plan.h"
#include "util/clock.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- opening ---- */

/* The drill from its text (taken over): it must build; `f` gets its findings. */
static int load_drill(struct live *l, struct buf *text, const char *path, struct diag_file *f)
{
	struct diag_file *own = f ? NULL : diag_file_new(path, NULL);
	int ret = validate_load_text(l->v, f ? f : own, text, &l->file);
	struct drill *d = drill_of(&l->file);
	bool errors = (f ? f : own)->errors != 0;
	diag_file_free(own);
	if (ret < 0 || !d)
		return crisis_error("'%s' is not a drill that can be run (see crisis drill validate)", path);
	if (errors && f)
		return crisis_error("'%s' has errors: fix them before running it (see above)", path);
	l->drill = d;
	engine_init(&l->engine, d);
	const struct loaded *plan = l->v->env && l->v->env->find_plan ?
				    l->v->env->find_plan(l->v->env, d->plan) : NULL;
	l->plan = plan ? plan_of(plan) : NULL;
	return 0;
}

static bool record_exists(const struct live *l, const char *id)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s%s%s.yaml", l->ws->root, DRILL_RUNS_DIR, id);
	bool exists = access(path.ptr, F_OK) == 0;
	buf_release(&path);
	return exists;
}

int live_start(struct live *l, struct workspace *ws, struct validator *v, const char *path,
	       double speed, const char *id, int64_t wall, int64_t mono, struct diag_file *findings)
{
	struct buf text = BUF_INIT, full = BUF_INIT, run_id = BUF_INIT, started = BUF_INIT;
	int ret;

	memset(l, 0, sizeof(*l));
	l->ws = ws;
	l->v = v;
	buf_addf(&full, "%s%s", ws->root, path);
	if ((ret = fs_read_file(full.ptr, &text)) < 0)
		goto done;
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	if ((ret = load_drill(l, &copy, path, findings)) < 0 ||
	    (ret = journal_open(&l->journal, ws->root)) < 0)
		goto done;
	/* <date>-<drill>, then -2, -3... while the journal or drills/runs/ has it. */
	clock_date(&run_id, wall);
	buf_addf(&run_id, "-%s", l->drill->id);
	size_t len = run_id.len;
	for (unsigned n = 2; !id; n++) {
		int exists = journal_run_exists(l->journal, run_id.ptr);
		if (exists < 0) {
			ret = exists;
			goto done;
		}
		if (!exists && !record_exists(l, run_id.ptr))
			break;
		run_id.len = len;
		buf_addf(&run_id, "-%u", n);
	}
	clock_iso8601(&started, wall);
	struct journal_run run = {
		.id = (char *)(id ? id : run_id.ptr), .drill_path = (char *)path, .drill_text = text.ptr,
		.drill_id = (char *)l->drill->id, .plan_id = (char *)l->drill->plan,
		.started = started.ptr, .started_ms = wall, .speed = speed,
	};
	if (id && record_exists(l, id)) {
		ret = crisis_error("drills/runs/%s.yaml exists already: choose another id", id);
		goto done;
	}
	if ((ret = journal_run_add(l->journal, &run)) < 0 ||
	    (ret = journal_run_get(l->journal, run.id, &l->run)) < 0)
		goto done;
	l->base_at = 0;
	l->base_mono = mono;
done:
	buf_release(&text);
	buf_release(&full);
	buf_release(&run_id);
	buf_release(&started);
	return ret;
}

static int replay(const struct journal_event *jev, void *data)
{
	struct live *l = data;
	int type = run_event_parse(jev->type);
	struct engine_event ev = {
		.at = jev->at, .type = type < 0 ? EV_NOTE : (enum run_event_type)type,
		.inject = jev->inject, .expect = jev->expect, .rating = jev->rating,
		.text = jev->text, .by = jev->by, .why = jev->why,
	};
	l->seq = jev->seq;
	l->last_wall = jev->wall;
	/* Checked when recorded; one the engine would now refuse is left out of the state. */
	if (type >= 0 && engine_check(&l->engine, &ev) == 0)
		engine_apply(&l->engine, &ev);
	return 0;
}

/* The events of the run, and the clock where the exercise stands. */
static int take_up(struct live *l, int64_t wall, int64_t mono)
{
	int ret = journal_events(l->journal, l->run.id, 0, replay, l);
	if (ret < 0)
		return ret;
	l->base_mono = mono;
	if (!l->engine.nr_log) {
		l->base_at = (int64_t)((double)(wall - l->run.started_ms) * l->run.speed);
		if (l->base_at < 0)
			l->base_at = 0;
		return 0;
	}
	/* Where it stood at its last event, plus the real time since, unless it was paused. */
	l->base_at = l->engine.last;
	if (!l->engine.paused && !l->engine.ended && wall > l->last_wall)
		l->base_at += (int64_t)((double)(wall - l->last_wall) * l->run.speed);
	return 0;
}

static int open_run(struct live *l, struct workspace *ws, struct validator *v, const char *id)
{
	int ret;
	memset(l, 0, sizeof(*l));
	l->ws = ws;
	l->v = v;
	if ((ret = journal_open(&l->journal, ws->root)) < 0)
		return ret;
	if (id)
		return journal_run_get(l->journal, id, &l->run);
	struct journal_run *runs;
	size_t nr;
	if ((ret = journal_runs(l->journal, &runs, &nr)) < 0)
		return ret;
	if (nr == 1) {
		l->run = runs[0];
		memset(&runs[0], 0, sizeof(runs[0]));
	} else if (!nr) {
		ret = crisis_error_code(CRISIS_ENOTFOUND, "no drill run in progress in this workspace "
					"(start one with 'crisis drill run DRILL')");
	} else {
		struct buf list = BUF_INIT;
		for (size_t i = 0; i < nr; i++)
			buf_addf(&list, "%s%s", i ? ", " : "", runs[i].id);
		ret = crisis_error("%zu runs are in progress (%s): name one", nr, list.ptr);
		buf_release(&list);
	}
	journal_runs_free(runs, nr);
	return ret;
}

static int load_stored(struct live *l)
{
	struct buf text = BUF_INIT;
	buf_adds(&text, l->run.drill_text);
	return load_drill(l, &text, l->run.drill_path, NULL);
}

int live_resume(struct live *l, struct workspace *ws, struct validator *v, const char *id,
		bool as_started, int64_t wall, int64_t mono)
{
	struct buf now = BUF_INIT, full = BUF_INIT;
	int ret;

	if ((ret = open_run(l, ws, v, id)) < 0)
		return ret;
	buf_addf(&full, "%s%s", ws->root, l->run.drill_path);
	bool same = fs_read_file(full.ptr, &now) == 0 && !strcmp(buf_str(&now), l->run.drill_text);
	buf_release(&now);
	buf_release(&full);
	if (!same && !as_started && !l->run.ended)
		return crisis_error("'%s' changed since run '%s' started (%s): restore it "
				    "(git checkout -- %s), or resume with --as-started to go on with "
				    "the drill as it was", l->run.drill_path, l->run.id, l->run.started,
				    l->run.drill_path);
	if ((ret = load_stored(l)) < 0 || (ret = take_up(l, wall, mono)) < 0)
		return ret;
	/* Quitting paused the clock; live_continue() starts it again. */
	const struct engine_event *last = l->engine.nr_log ? &l->engine.log[l->engine.nr_log - 1] : NULL;
	l->quit = last && last->type == EV_PAUSE && last->why && !strcmp(last->why, LIVE_QUIT);
	return ret;
}

int live_watch(struct live *l, struct workspace *ws, struct validator *v, const char *id,
	       int64_t wall, int64_t mono)
{
	int ret;
	if ((ret = open_run(l, ws, v, id)) < 0 || (ret = load_stored(l)) < 0)
		return ret;
	return take_up(l, wall, mono);
}

void live_close(struct live *l)
{
	if (l->drill)
		engine_release(&l->engine);
	loaded_release(&l->file);
	journal_run_release(&l->run);
	journal_close(l->journal);
	memset(l, 0, sizeof(*l));
}

/* ---- the clock, and recording ---- */

int64_t live_now(const struct live *l, int64_t mono)
{
	if ((l->engine.paused && !l->quit) || l->engine.ended)
		return l->base_at;
	return l->base_at + (int64_t)((double)(mono - l->base_mono) * l->run.speed);
}

static int unknown_party(const struct plan *p, const char *what, const char *id, bool roles,
			 bool contacts)
{
	const char *best = plan_closest_party(p, id, roles, contacts);
	return crisis_error_code(CRISIS_ENOTFOUND, "'%s' is no %s of plan '%s'%s%s%s", id, what, p->id,
				 best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
}

int live_check_event(const struct drill *d, const struct plan *p, struct engine_event *ev)
{
	/* "skip ID" names an inject or an expectation: which one, the drill says. */
	if (ev->type == EV_SKIP && ev->inject && !drill_inject(d, ev->inject) &&
	    drill_expect(d, ev->inject)) {
		ev->expect = ev->inject;
		ev->inject = NULL;
	}
	if (!p)
		return 0;
	if (ev->type == EV_ROLE) {
		if (!plan_role(p, ev->text))
			return unknown_party(p, "cell role", ev->text, true, false);
		if (!plan_contact(p, ev->by))
			return unknown_party(p, "contact", ev->by, false, true);
	}
	if (ev->type == EV_DECISION && ev->by && !plan_role(p, ev->by) && !plan_contact(p, ev->by))
		return unknown_party(p, "cell role or contact", ev->by, true, true);
	return 0;
}

int live_record_at(struct live *l, struct engine_event *ev, int64_t at, int64_t wall, int64_t mono)
{
	int ret;
	if ((ret = live_sync(l, wall, mono)) < 0)
		return ret;
	l->quit = false;
	ev->at = at;
	if ((ret = live_check_event(l->drill, l->plan, ev)) < 0 ||
	    (ret = engine_check(&l->engine, ev)) < 0)
		return ret;
	struct journal_event jev = {
		.at = at, .wall = wall, .type = (char *)run_event_name(ev->type),
		.inject = ev->inject, .expect = ev->expect, .rating = ev->rating,
		.text = ev->text, .by = ev->by, .why = ev->why,
	};
	if ((ret = journal_append(l->journal, l->run.id, &jev)) < 0)
		return ret;
	l->seq = jev.seq;
	l->last_wall = wall;
	engine_apply(&l->engine, ev);
	/* The clock goes on from here: stopped by a pause, restarted by a resume. */
	l->base_at = at;
	l->base_mono = mono;
	return 0;
}

int live_continue(struct live *l, int64_t at, int64_t wall, int64_t mono)
{
	struct engine_event resume = { .type = EV_RESUME };
	if (!l->quit)
		return 0;
	return live_record_at(l, &resume, at, wall, mono);
}

int live_record(struct live *l, struct engine_event *ev, int64_t wall, int64_t mono)
{
	return live_record_at(l, ev, live_now(l, mono), wall, mono);
}

int live_publish_due(struct live *l, int64_t now, int64_t wall, int64_t mono)
{
	const struct engine_inject *ei;
	int published = 0;
	while ((ei = engine_due(&l->engine, now))) {
		struct engine_event ev = { .type = EV_INJECT, .inject = (char *)ei->in->id };
		int ret = live_record_at(l, &ev, now, wall, mono);
		if (ret < 0)
			return ret;
		published++;
	}
	return published;
}

static int take(const struct journal_event *jev, void *data)
{
	struct live *l = data;
	bool was_paused = l->engine.paused;
	replay(jev, data);
	if (l->engine.paused != was_paused || l->engine.ended)
		l->base_at = jev->at;
	return 0;
}

int live_sync(struct live *l, int64_t wall, int64_t mono)
{
	size_t before = l->engine.nr_log;
	int64_t at = live_now(l, mono);
	int ret = journal_events(l->journal, l->run.id, l->seq, take, l);
	(void)wall;
	if (ret < 0)
		return ret;
	if (l->engine.nr_log != before && !l->engine.paused) {
		/* Another console resumed, or recorded: the clock goes on from where it stands. */
		l->base_at = at > l->engine.last ? at : l->engine.last;
		l->base_mono = mono;
	}
	return (int)(l->engine.nr_log - before);
}

/* ---- the record ---- */

static void time_field(struct buf *out, const char *indent, const char *key, int64_t ms)
{
	if (ms < 0)
		return;
	buf_addf(out, "%s%s: ", indent, key);
	duration_format_ms(out, ms);
	buf_addc(out, '\n');
}

static void participants(struct buf *out, const struct live *l)
{
	const struct engine *e = &l->engine;
	if (!e->nr_roles)
		return;
	buf_adds(out, "participants:\n");
	for (size_t i = 0; i < e->nr_roles; i++) {
		const struct plan_role *r = l->plan ? plan_role(l->plan, e->roles[i].role) : NULL;
		yamledit_add_field(out, "  - ", "role", e->roles[i].role);
		yamledit_add_field(out, "    ", "played_by", e->roles[i].played_by);
		if (r && r->holder) {
			yamledit_add_field(out, "    ", "holder", r->holder);
			buf_addf(out, "    stand_in: %s\n",
				 strcmp(r->holder, e->roles[i].played_by) ? "true" : "false");
		}
	}
}

static void events(struct buf *out, const struct live *l)
{
	const struct engine *e = &l->engine;
	buf_adds(out, "events:\n");
	for (size_t i = 0; i < e->nr_log; i++) {
		const struct engine_event *ev = &e->log[i];
		if (ev->type == EV_ROLE)
			continue;	/* who played what is in participants */
		time_field(out, "  - ", "at", ev->at);
		buf_addf(out, "    type: %s\n", run_event_name(ev->type));
		yamledit_add_field(out, "    ", "inject", ev->inject);
		yamledit_add_field(out, "    ", "expect", ev->expect);
		yamledit_add_field(out, "    ", "rating", ev->rating);
		const struct drill_inject *in = ev->type == EV_INJECT ? drill_inject(l->drill, ev->inject) : NULL;
		yamledit_add_field(out, "    ", "text", in ? in->message : ev->text && *ev->text ? ev->text : NULL);
		yamledit_add_field(out, "    ", "by", ev->by);
		yamledit_add_field(out, "    ", "why", ev->why && *ev->why ? ev->why : NULL);
	}
	if (!e->nr_log)
		buf_adds(out, "  []\n");
}

static void results(struct buf *out, const struct live *l)
{
	const struct drill *d = l->drill;
	if (d->nr_objectives) {
		buf_adds(out, "objectives:\n");
		for (size_t i = 0; i < d->nr_objectives; i++) {
			yamledit_add_field(out, "  - ", "id", d->objectives[i].id);
			yamledit_add_field(out, "    ", "text", d->objectives[i].text);
			buf_addf(out, "    met: %s\n",
				 engine_objective_met(&l->engine, d->objectives[i].id) ? "true" : "false");
		}
	}
	if (!l->engine.nr_expects)
		return;
	buf_adds(out, "outcomes:\n");
	for (size_t i = 0; i < l->engine.nr_expects; i++) {
		const struct engine_expect *x = &l->engine.expects[i];
		int64_t late;
		enum run_status status = engine_outcome(x, &late);
		yamledit_add_field(out, "  - ", "expect", x->e->id);
		yamledit_add_field(out, "    ", "inject", x->inject->in->id);
		yamledit_add_field(out, "    ", "action", x->e->action);
		yamledit_add_field(out, "    ", "by", x->e->by);
		yamledit_add_field(out, "    ", "objective", x->e->objective);
		buf_addf(out, "    status: %s\n", run_status_name(status));
		time_field(out, "    ", "due", engine_due_time(x));
		time_field(out, "    ", "done", x->done);
		time_field(out, "    ", "late_by", late);
		yamledit_add_field(out, "    ", "rating", x->rating);
		yamledit_add_field(out, "    ", "notes", x->notes && *x->notes ? x->notes : NULL);
	}
}

void live_record_yaml(struct buf *out, const struct live *l, int64_t ended_wall)
{
	struct buf ended = BUF_INIT;
	char speed[32];
	clock_iso8601(&ended, ended_wall);
	snprintf(speed, sizeof(speed), "%g", l->run.speed);
	buf_adds(out, "format: crisis/v1\nkind: drill-run\n");
	yamledit_add_field(out, "", "id", l->run.id);
	yamledit_add_field(out, "", "drill", l->drill->id);
	yamledit_add_field(out, "", "plan", l->drill->plan);
	yamledit_add_field(out, "", "title", l->drill->title);
	yamledit_add_field(out, "", "started", l->run.started);
	yamledit_add_field(out, "", "ended", ended.ptr);
	buf_addf(out, "speed: %s\n", speed);
	time_field(out, "", "duration", l->engine.last);
	participants(out, l);
	events(out, l);
	results(out, l);
	buf_release(&ended);
}

int live_finish(struct live *l, bool commit, int64_t wall, struct buf *path, char *commit_id)
{
	struct buf text = BUF_INIT, full = BUF_INIT, msg = BUF_INIT, copy = BUF_INIT;
	struct loaded check;
	int ret;

	commit_id[0] = '\0';
	if (!l->engine.ended)
		return crisis_error("run '%s' has not ended", l->run.id);
	buf_reset(path);
	buf_addf(path, "%s%s.yaml", DRILL_RUNS_DIR, l->run.id);
	buf_addf(&full, "%s%s", l->ws->root, path->ptr);
	live_record_yaml(&text, l, wall);

	/* What is written is what the schema accepts: checked before it replaces anything. */
	struct diag_file *f = diag_file_new(path->ptr, NULL);
	buf_add(&copy, text.ptr, text.len);
	ret = validate_load_text(l->v, f, &copy, &check);
	bool valid = ret == 0 && !f->errors && drill_run_of(&check);
	loaded_release(&check);
	diag_file_free(f);
	if (!valid) {
		ret = crisis_error("the record of run '%s' does not validate: it stays in '%s'",
				   l->run.id, journal_path(l->journal));
		goto done;
	}
	if ((ret = fs_make_parents(full.ptr)) < 0 ||
	    (ret = fs_write_atomic(full.ptr, text.ptr, text.len, 0644)) < 0)
		goto done;
	if (commit) {
		/* Counted as the record and drill report count them: the log without the roles, the expectations not skipped. */
		size_t on_time = 0, counted = 0, events = 0;
		for (size_t i = 0; i < l->engine.nr_expects; i++) {
			int64_t late;
			enum run_status st = engine_outcome(&l->engine.expects[i], &late);
			on_time += st == OUT_ON_TIME;
			counted += st != OUT_SKIPPED;
		}
		for (size_t i = 0; i < l->engine.nr_log; i++)
			events += l->engine.log[i].type != EV_ROLE;
		const char *paths[] = { path->ptr };
		buf_addf(&msg, "Record drill run %s\n\n%s: %zu events, %zu of %zu expected actions on time.\n",
			 l->run.id, l->drill->title, events, on_time, counted);
		if ((ret = repo_commit_paths(l->ws->repo, paths, 1, msg.ptr, commit_id)) < 0)
			goto done;
	}
	/* In the repository now (or in the working tree): the journal lets it go. */
	ret = journal_run_remove(l->journal, l->run.id);
done:
	buf_release(&text);
	buf_release(&full);
	buf_release(&msg);
	return ret;
}
