/* crisis status: what needs attention in the workspace. */
#include "cmd.h"
#include "debrief/debrief.h"
#include "debrief/draft.h"
#include "plan/versions.h"
#include "util/date.h"

#include <stdlib.h>

enum { OPT_TODAY = 256 };

static const struct opt status_opts[] = {
	{ "today", OPT_TODAY, "DATE", "check review, exercise and action dates as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static int status(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if ((ret = parse_today(self, optarg, &today)))
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
	records_release(&r);
	/* Why the exit status is 1, in one line a CI log shows last. */
	if (plans || contacts || actions) {
		const char *sep = "";
		buf_adds(&out, "needs attention:");
		if (plans)
			buf_addf(&out, " %zu plan%s", plans, plans == 1 ? "" : "s"), sep = ",";
		if (contacts)
			buf_addf(&out, "%s %zu contact finding%s", sep, contacts, contacts == 1 ? "" : "s"),
				sep = ",";
		if (actions)
			buf_addf(&out, "%s %zu debrief finding%s (overdue actions, unreadable debriefs)", sep,
				 actions, actions == 1 ? "" : "s");
		buf_addc(&out, '\n');
	}
	fputs(buf_str(&out), stdout);
	buf_release(&out);
	session_close(&s);
	return plans || contacts || actions ? EXIT_FINDINGS : EXIT_CLEAN;
}

const struct cmd status_cmd = {
	.name = "status", .fn = status, .usage = "[--today <date>]",
	.summary = "what needs attention: invalid or unapproved plans, overdue reviews, exercises and actions",
	.opts = status_opts, .flags = NEEDS_WORKSPACE,
};
