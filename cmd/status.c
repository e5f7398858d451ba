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
		if (!strcmp(argv[i], "--today") && i + 1 < argc &&
		    !date_parse(argv[i + 1], &today) && strlen(argv[i + 1]) == 10) {
			i++;
			continue;
		}
		return usage_error("status", NULL, "unexpected argument '%s'", argv[i]);
	}
	/* Plans are all a workspace holds for now: their state is the status. */
	return plan_status_report(ws, today);
}
