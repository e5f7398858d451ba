/* crisis status: what needs attention in the workspace. */
#include "cmd.h"
#include "../lib/isotime.h"

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
	int plans = plan_status_report(ws, today);
	if (plans == EXIT_FATAL)
		return plans;
	int contacts = contacts_status_report(ws, today);
	return plans > contacts ? plans : contacts;
}
