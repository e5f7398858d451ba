/*
 * The pieces the plan command's two files share: cmd/plan.c (the
 * subcommand table, validate, show, rules) and cmd/plan-history.c (the
 * subcommands that work with the workspace's git history).
 */
#ifndef CRISIS_CMD_PLAN_H
#define CRISIS_CMD_PLAN_H

#include "cmd.h"
#include "check/config.h"
#include "util/fs.h"
#include "check/findings.h"
#include "check/validate.h"
#include "kinds.h"
#include "plan/plan.h"

enum {
	OPT_COLOR = 256, OPT_STDIN_FILENAME, OPT_SCHEMA, OPT_CONFIG, OPT_NO_CONFIG,
	OPT_TODAY, OPT_STRICT, OPT_KIND, OPT_LANG, OPT_TITLE, OPT_BY, OPT_NO_EDIT,
};

/* Positions in plan_subcommands[], in table order. */
enum { SUB_VALIDATE, SUB_SHOW, SUB_NEW, SUB_COMMIT, SUB_LOG, SUB_DIFF, SUB_APPROVE, SUB_STATUS, SUB_RULES };
#define SUB(name) (&plan_subcommands[name])


cmd_fn plan_new, plan_commit, plan_log, plan_diff, plan_approve, plan_status;

/* Colour for "auto", "always" or "never", given the terminal and NO_COLOR. */
bool want_color(const char *when);
/*
 * The configuration and the validator a command checks plans with, sharing
 * the contacts.yaml of the workspace at `root` (or none, NULL); 0 or an exit code.
 */
int open_validator(struct validator *v, struct config *cfg, const char *root,
		   const char *config_path, bool use_config, const char *schema, int64_t today,
		   struct findings_opts *o);
/*
 * Share the contacts.yaml of the workspace at `root` with `v` (nothing when root is NULL or
 * there is no such file). When it is unusable its findings join `set`, or
 * go to standard error when set is NULL, and plans are checked without it.
 */
void share_contacts(struct validator *v, const char *root, const struct config *cfg,
		    struct diag_set *set);
/* Print a file's findings as text on standard error. */
void print_findings(struct diag_file *f);
/* Parse --today into *today; 0, or an exit code after a usage error. */
int parse_today(const struct subcmd *sub, const char *arg, int64_t *today);
/* Plan paths named on the command line (folders expanded), relative to the workspace. */
int plan_args(struct workspace *ws, char **args, int nr, struct strlist *out);
/* PLAN@REV for plan show: the plan as it was at a revision (vN: its N-th approval). */
int load_at_revision(struct validator *v, struct diag_file *f, const char *arg,
		     const char *at, struct loaded *lp);

#endif
