/* crisis status: what needs attention in the workspace. */
#include "cmd.h"
#include "contacts.h"
#include "util/date.h"
#include "plan/versions.h"

#include <string.h>

int cmd_status(int argc, char **argv, struct workspace *ws)
{
	int64_t today = date_today();

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout, "status", NULL);
			return EXIT_CLEAN;
		}
		const char *date = !strncmp(argv[i], "--today=", 8) ? argv[i] + 8 :
				   !strcmp(argv[i], "--today") && i + 1 < argc ? argv[++i] : NULL;
		if (!date)
			return usage_error("status", NULL, "unexpected argument '%s'", argv[i]);
		if (date_parse(date, &today) < 0 || strlen(date) != 10)
			return usage_error("status", NULL, "--today takes a date such as 2026-11-22, not '%s'",
					   date);
	}
	/*
	 * Every plan is read and checked once, for both reports: their states
	 * first, before the checks across plans add contact findings to them.
	 */
	struct session s;
	if (session_open(&s, ws, CSUB(CS_CHECK), NULL, 0, today, true))
		return EXIT_FATAL;
	struct plan_state *states = xcalloc(s.d.nr_plans + 1, sizeof(*states));
	for (size_t i = 0; i < s.d.nr_plans; i++)
		versions_state(ws, s.d.plans[i].path, &s.d.plans[i].lp, s.d.plans[i].f, &states[i]);
	int plans = plan_status_print(states, s.d.nr_plans);
	versions_states_free(states, s.d.nr_plans);
	int contacts = contacts_status_line(&s);
	session_close(&s);
	return plans > contacts ? plans : contacts;
}
