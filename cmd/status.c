/* crisis status: what needs attention in the workspace, or its dates as a calendar. */
#include "cmd.h"
#include "debrief/calendar.h"
#include "debrief/debrief.h"
#include "debrief/draft.h"
#include "plan/versions.h"
#include "util/clock.h"
#include "util/date.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TODAY = 256 };

static const struct opt status_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default), or ics: the due dates as a calendar",
	  "text|ics" },
	{ "output", 'o', "FILE", "write to FILE (replaced whole, atomically) instead of standard output", NULL },
	{ "today", OPT_TODAY, "DATE", "check review, exercise and action dates as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

/* Why the exit status is 1, in one line a CI log shows last. */
static void attention_line(struct buf *out, size_t plans, size_t contacts, size_t actions)
{
	const char *sep = "";

	if (!plans && !contacts && !actions)
		return;
	buf_adds(out, "needs attention:");
	if (plans)
		buf_addf(out, " %zu plan%s", plans, plans == 1 ? "" : "s"), sep = ",";
	if (contacts)
		buf_addf(out, "%s %zu contact finding%s", sep, contacts, contacts == 1 ? "" : "s"),
			sep = ",";
	if (actions)
		buf_addf(out, "%s %zu debrief finding%s (overdue actions, unreadable debriefs)", sep,
			 actions, actions == 1 ? "" : "s");
	buf_addc(out, '\n');
}

/*
 * The calendar's name, the workspace's folder, and what its events' UIDs
 * end in: the workspace's first commit, the same in every clone and when
 * the folder is renamed; before the first commit (or in a shallow clone),
 * the folder's name.
 */
static void calendar_names(struct workspace *ws, struct buf *name, struct buf *key)
{
	char first[REPO_ID_HEX];
	size_t len = strlen(ws->root);

	while (len && ws->root[len - 1] == '/')
		len--;
	size_t start = len;
	while (start && ws->root[start - 1] != '/')
		start--;
	buf_addf(name, "crisis: %.*s", (int)(len - start), ws->root + start);
	if (repo_root_commit(ws->repo, first) == 0) {
		buf_addf(key, "%.12s.crisis", first);
		return;
	}
	warning("%s: the calendar's events are named after the folder until there is one",
		crisis_error_last());
	for (size_t i = start; i < len; i++) {
		unsigned char c = (unsigned char)ws->root[i];
		buf_addc(key, isalnum(c) && c < 0x80 ? (char)tolower(c) : '-');
	}
	buf_adds(key, ".crisis");
}

/* --format ics: the plans first, then the debriefs, whose actions name them. */
static void status_calendar(struct buf *out, struct workspace *ws, const struct session *s,
			    const struct records *r, int64_t today)
{
	struct buf name = BUF_INIT, key = BUF_INIT;
	struct calendar cal;

	calendar_names(ws, &name, &key);
	calendar_begin(&cal, out, name.ptr, key.ptr, today, clock_wall_ms() / 1000);
	for (size_t i = 0; i < s->d.nr_plans; i++) {
		const struct plan *p = plan_of(&s->d.plans[i].lp);
		if (p && !p->directory)
			calendar_plan(&cal, p, s->d.plans[i].path, s->v.env);
		else if (!p)
			warning("%s cannot be read: its review and exercise are not in the calendar "
				"(see 'crisis plan validate %s')", s->d.plans[i].path, s->d.plans[i].path);
	}
	for (size_t i = 0; i < r->paths.nr; i++)
		calendar_debrief(&cal, debrief_of(&r->files[i]), r->paths.items[i]);
	for (size_t i = 0; i < r->bad.nr; i++)
		warning("%s does not validate: its actions are not in the calendar "
			"(see 'crisis debrief validate %s')", r->bad.items[i], r->bad.items[i]);
	calendar_end(&cal);
	buf_release(&name);
	buf_release(&key);
}

static int status(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	int64_t today = date_today();
	const char *file = NULL;
	bool ics = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && (ret = check_format(self, optarg, "text|ics")))
			return ret;
		else if (c == 'f')
			ics = !strcmp(optarg, "ics");
		else if (c == 'o')
			file = optarg;
		else if (c != OPT_TODAY)
			return EXIT_USAGE;
		else if ((ret = parse_today(self, optarg, &today)))
			return ret;
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);
	/*
	 * Every plan is read and checked once, for both reports: their states
	 * first, before the checks across plans add contact findings to them.
	 */
	struct session s;
	if (session_open(&s, ws, self, NULL, 0, today, true))
		return EXIT_FATAL;
	struct plan_state *states = xcalloc(s.d.nr_plans + 1, sizeof(*states));
	for (size_t i = 0; i < s.d.nr_plans; i++)
		versions_state(ws, s.d.plans[i].path, &s.d.plans[i].lp, s.d.plans[i].f, &states[i]);
	struct buf out = BUF_INIT;
	size_t plans = versions_status_text(&out, states, s.d.nr_plans);
	versions_states_free(states, s.d.nr_plans);
	size_t contacts = directory_status_text(&out, &s.d, s.shared_f);
	/* The improvement plan: corrective actions past their date. */
	struct records r;
	records_read(&r, &s.v, &s.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	const struct debrief **ds = xcalloc(r.paths.nr + 1, sizeof(*ds));
	for (size_t i = 0; i < r.paths.nr; i++)
		ds[i] = debrief_of(&r.files[i]);
	/* A debrief that does not validate hides its actions: it needs attention itself. */
	for (size_t i = 0; i < r.bad.nr; i++)
		buf_addf(&out, "%s does not validate: its actions are not counted "
			 "(see 'crisis debrief validate %s')\n", r.bad.items[i], r.bad.items[i]);
	size_t actions = debrief_status_text(&out, ds, (const char *const *)r.paths.items, r.paths.nr,
					     today);
	actions += r.bad.nr;
	free(ds);
	attention_line(&out, plans, contacts, actions);
	/* The calendar says the dates; the exit status still says whether anything needs attention. */
	if (ics) {
		buf_reset(&out);
		status_calendar(&out, ws, &s, &r, today);
	}
	ret = emit_output(&out, file);
	buf_release(&out);
	records_release(&r);
	session_close(&s);
	if (ret)
		return ret;
	return plans || contacts || actions ? EXIT_FINDINGS : EXIT_CLEAN;
}

const struct cmd status_cmd = {
	.name = "status", .fn = status, .usage = "[--format text|ics] [-o <file>] [--today <date>]",
	.summary = "what needs attention: invalid or unapproved plans, overdue reviews, exercises and actions",
	.opts = status_opts, .flags = NEEDS_WORKSPACE,
};
