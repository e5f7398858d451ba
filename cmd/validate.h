/*
 * Checking files against their schema and rules, as `crisis plan validate`,
 * `crisis drill validate` and `crisis debrief validate` do: the same
 * options, formats and exit codes.
 */
#ifndef CRISIS_CMD_VALIDATE_H
#define CRISIS_CMD_VALIDATE_H

#include "cmd.h"
#include "check/rule.h"

enum {
	VOPT_STRICT = 400, VOPT_COLOR, VOPT_STDIN_FILENAME, VOPT_SCHEMA, VOPT_CONFIG,
	VOPT_NO_CONFIG, VOPT_TODAY, VOPT_PLAN,
};

/* The options of a validate command (a table of its own ends them with OPT_END). */
#define VALIDATE_OPTS \
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", FINDINGS_FORMATS }, \
	{ "strict", VOPT_STRICT, NULL, "warnings fail the check too (exit code 1)", NULL }, \
	{ "quiet", 'q', NULL, "print the findings only, no summary line", NULL }, \
	{ "color", VOPT_COLOR, "WHEN", "colour the text output: auto (default), always, never", "auto|always|never" }, \
	{ "stdin-filename", VOPT_STDIN_FILENAME, "NAME", "the name to report standard input ('-') under", NULL }, \
	{ "schema", VOPT_SCHEMA, "FILE", "validate against this XSD instead of the builtin schema", NULL }, \
	{ "config", VOPT_CONFIG, "FILE", "read rule settings from FILE instead of .crisis.yaml", NULL }, \
	{ "no-config", VOPT_NO_CONFIG, NULL, "ignore .crisis.yaml", NULL }, \
	{ "today", VOPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL }, \
	{ "jobs", 'j', "N", "check files with N threads, 1 to 64 (default: one per processor)", NULL }

/* A plan file the files (drills, debriefs) are checked against (repeatable). */
#define VALIDATE_PLAN_OPT(files) \
	{ "plan", VOPT_PLAN, "FILE", "check " files " against this plan file too (repeatable)", NULL }

struct validate_how {
	const char *noun;	/* what the files are: "no plan files under DIR" */
	const char *dir;	/* with no path: this folder of the workspace; NULL: the current one */
	const char *also;	/* with no path, in a workspace: this file too, when it exists */
	const char *kind;	/* what a file of no known kind is checked as; NULL: a plan */
};

/* The whole command: options, files, findings, exit code. */
int validate_files(const struct cmd *self, int argc, char **argv, const struct validate_how *how);

/*
 * `crisis plan rules`, `crisis drill rules`, `crisis debrief rules`: the
 * load and schema rules and those of `stage`, with their ids, severities
 * and help; text or json.
 */
int list_rules(const struct cmd *self, int argc, char **argv, enum rule_stage stage);

#endif
