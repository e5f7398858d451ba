/*
 * crisis drill: the subcommand table; validate drills, list their rules.
 * The other halves: cmd/drill-run.c (run, resume, watch), cmd/drill-records.c
 * (new, list, report, history, cards). Documented in crisis-drill(1).
 */
#include "cmd.h"
#include "drill-records.h"
#include "drill-run.h"
#include "validate.h"

static cmd_fn drill_validate, drill_rules;

static const struct opt validate_opts[] = {
	VALIDATE_OPTS,
	VALIDATE_PLAN_OPT("drills"),
	OPT_END,
};

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	OPT_END,
};

static const struct cmd drill_validate_cmd = {
	.name = "validate", .parent = "drill", .fn = drill_validate,
	.usage = "[<options>] [<path>...|-]",
	.summary = "check drills against the schema, the rules and the plans they exercise",
	.opts = validate_opts,
	.complete = "files",
};

static const struct cmd drill_rules_cmd = {
	.name = "rules", .parent = "drill", .fn = drill_rules, .usage = "[<options>]",
	.summary = "list the rules drills are checked with", .opts = rules_opts,
};

static const struct cmd *const drill_subcommands[] = {
	&drill_new_cmd, &drill_validate_cmd, &drill_run_cmd, &drill_resume_cmd, &drill_watch_cmd,
	&drill_cards_cmd, &drill_list_cmd, &drill_report_cmd, &drill_history_cmd, &drill_rules_cmd,
	NULL,
};

const struct cmd drill_cmd = {
	.name = "drill", .usage = "<subcommand> [<args>]",
	.summary = "run tabletop exercises against a plan, and record them",
	.subs = drill_subcommands,
};

static int drill_validate(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	static const struct validate_how how = { .noun = "drill", .dir = "drills", .kind = "drill" };
	(void)ws;
	return validate_files(self, argc, argv, &how);
}

static int drill_rules(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return list_rules(self, argc, argv, STAGE_DRILL);
}
