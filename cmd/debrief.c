/*
 * crisis debrief: the subcommand table; validate debriefs, list their rules.
 * The other halves: cmd/debrief-draft.c (new, add, finish: a debrief being
 * written), cmd/debrief-records.c (list, show, report, actions, close),
 * cmd/debrief-search.c (search, and crisis reindex). Documented in
 * crisis-debrief(1).
 */
#include "cmd.h"
#include "debrief.h"
#include "validate.h"

static cmd_fn debrief_validate, debrief_rules;

static const struct opt validate_opts[] = {
	VALIDATE_OPTS,
	VALIDATE_PLAN_OPT("debriefs"),
	OPT_END,
};

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	OPT_END,
};

static const struct cmd debrief_validate_cmd = {
	.name = "validate", .parent = "debrief", .fn = debrief_validate,
	.usage = "[<options>] [<path>...|-]",
	.summary = "check debriefs: the schema, the owners and plans they name, the due dates",
	.opts = validate_opts,
	.complete = "files",
};

static const struct cmd debrief_rules_cmd = {
	.name = "rules", .parent = "debrief", .fn = debrief_rules, .usage = "[<options>]",
	.summary = "list the rules debriefs are checked with", .opts = rules_opts,
};

static const struct cmd *const debrief_subcommands[] = {
	&debrief_new_cmd, &debrief_add_cmd, &debrief_finish_cmd, &debrief_validate_cmd,
	&debrief_list_cmd, &debrief_show_cmd, &debrief_actions_cmd, &debrief_close_cmd,
	&debrief_search_cmd, &debrief_report_cmd, &debrief_rules_cmd,
	NULL,
};

const struct cmd debrief_cmd = {
	.name = "debrief", .usage = "<subcommand> [<args>]",
	.summary = "lessons learned after a drill or a crisis, and the actions until they are done",
	.subs = debrief_subcommands,
};

static int debrief_validate(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	static const struct validate_how how = { .noun = "debrief", .dir = "debriefs", .kind = "debrief" };
	(void)ws;
	return validate_files(self, argc, argv, &how);
}

static int debrief_rules(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return list_rules(self, argc, argv, STAGE_DEBRIEF);
}
