/*
 * The command table's types, and what every command shares (common.c).
 * Every command and subcommand is one named entry, with its usage, summary
 * and options; help, completion and the checks of the man pages all read
 * these entries, and a command's function is handed its own.
 */
#ifndef CRISIS_CMD_H
#define CRISIS_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_USAGE 2
#define EXIT_FATAL 3

struct opt {
	const char *name;	/* long name */
	int key;		/* short letter, or a code above 255 */
	const char *arg;	/* argument's name, NULL for a flag */
	const char *help;
	const char *values;	/* "a|b|c" for completion, or NULL */
};

#define OPT_END { NULL, 0, NULL, NULL, NULL }

struct workspace;
struct cmd;

/* What the dispatcher sets up before calling a command. */
#define NEEDS_WORKSPACE 1	/* the workspace is opened, or the command refused */
#define WANTS_WORKSPACE 2	/* the workspace is opened when there is one, else NULL */
#define NEEDS_ROOT 4		/* the workspace's folder only: ws->repo is NULL */

typedef int cmd_fn(const struct cmd *self, int argc, char **argv, struct workspace *ws);

struct cmd {
	const char *name;
	const char *parent;		/* "plan" for plan validate; NULL for a command */
	cmd_fn *fn;
	const char *usage;		/* the arguments after the name */
	const char *summary;
	const struct opt *opts;		/* ending in OPT_END, or NULL */
	const struct cmd *const *subs;	/* NULL-terminated, or NULL */
	unsigned flags;
	/*
	 * What its positional arguments are, for completion: a source a
	 * position, separated by commas, the last one repeated ("plans",
	 * "sections,none"): files, dirs, plans, drills, runs, debriefs,
	 * actions, contacts, parties, sections, none. NULL: none.
	 */
	const char *complete;
};

/* Offer the candidates of `source` that start with `cur`, one a line (complete.c). */
void complete_source(const char *source, const char *cur);
/* The source an option's argument completes from, or NULL (its `values` then, if any). */
const char *complete_option_source(const struct opt *o);

/* The commands, in the order help lists them (cmd/crisis.c). */
extern const struct cmd *const commands[];

/* Messages: "crisis: ..." on standard error; error() returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: the message, then the command's usage, on standard error; EXIT_USAGE. */
int usage_error(const struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void print_usage(FILE *fp, const struct cmd *c);
/*
 * getopt_long over a command's option table. Returns the option's key, -1
 * at the end, '?' after printing a usage error; --help prints the usage and
 * exits.
 */
int next_opt(const struct cmd *c, int argc, char **argv);
/* Run the named subcommand of `c`, or print help; returns an exit code. */
int run_subcommand(const struct cmd *c, int argc, char **argv);
/* Run a command with the set-up its flags ask for. */
int run_command(const struct cmd *c, int argc, char **argv);

/* The exit code of a library error (util/error.h): not found, locked... */
int exit_code_of(int err);
/* Report the library's last error and return its exit code. */
int fail(int err);

/* Colour for "auto", "always" or "never", given the terminal and NO_COLOR. */
bool want_color(const char *when);
/* Parse --today into *today; 0, or an exit code after a usage error. */
int parse_today(const struct cmd *c, const char *arg, int64_t *today);

/* ---- Checking files: the configuration, the validator, the findings. ---- */

#include "check/config.h"
#include "check/findings.h"
#include "check/validate.h"
#include "contacts/directory.h"
#include "util/strlist.h"

/*
 * The configuration (`config_path`, else .crisis.yaml when `use_config`)
 * and the validator a command checks files with, sharing the contacts.yaml
 * of the workspace at `root` (or none, NULL), and looking into it (drills
 * find their plans there, or among the files `plans`; plans count their
 * drill runs); 0 or an exit code.
 */
int open_validator(struct validator *v, struct config *cfg, const char *root,
		   char *const *plans, size_t nr_plans, const char *config_path, bool use_config,
		   const char *schema, int64_t today, struct findings_opts *o);
/*
 * Share the contacts.yaml of the workspace at `root` with `v` (nothing when
 * root is NULL or there is no such file). When it is unusable its findings
 * join `set`, or go to standard error when set is NULL, and files are
 * checked without it.
 */
void share_contacts(struct validator *v, const char *root, const struct config *cfg,
		    struct diag_set *set);
/* Print a file's findings as text on standard error. */
void print_findings(struct diag_file *f);
/* 0 when `arg` is one of the formats "a|b|c", else a usage error. */
int check_format(const struct cmd *c, const char *arg, const char *allowed);

/* What the commands that read a whole workspace's contacts read: the configuration, contacts.yaml, the plans. */
struct session {
	struct config cfg;
	struct validator v;
	struct directory d;
	struct diag_file *shared_f;	/* contacts.yaml's findings, or NULL */
};

/*
 * Read the configuration, the workspace's contacts.yaml and the plans (the
 * named ones, files or ids, or every plan of the workspace). 0, or an exit
 * code after saying why; `quiet` leaves unreadable files unsaid.
 */
int session_open(struct session *s, struct workspace *ws, const struct cmd *c,
		 char **plans, size_t nr_plans, int64_t today, bool quiet);
void session_close(struct session *s);

/*
 * A plan named on the command line: a file as given, or the id of a plan of
 * the workspace at `root` (plans/ID.yaml, .yml or .xml; root may be NULL),
 * in `out` as a path from the current folder. False, with `arg` in `out`,
 * when it is neither.
 */
bool plan_arg(const char *root, const char *arg, struct buf *out);

/*
 * A plan named on the command line, PLAN or PLAN@REV (its file or its id, at
 * a revision: v3, HEAD~2, a tag, a commit), loaded and checked with the
 * workspace's configuration and contacts. plan_load_open() returns 0 with
 * `plan` set, or an exit code after saying why (a file that is no plan is a
 * usage error). plan_load_close() prints the findings on standard error,
 * releases everything and returns the exit code: `ret`, unless the plan had
 * errors (1) or could not be read (3).
 */
struct plan_load {
	struct config cfg;
	struct validator v;
	struct diag_set set;
	struct diag_file *f;
	struct loaded lp;
	struct buf name;	/* the path, with its @REV */
	const char *at;		/* the '@' of REV in name, or NULL: the file as it is */
	struct plan *plan;
	int loaded;		/* 0 when lp holds the file */
	bool opened;
};

int plan_load_open(struct plan_load *pl, const char *arg, int64_t today);
int plan_load_close(struct plan_load *pl, int ret);

/* Paths named on the command line (folders expanded, plan ids as their files), relative to the workspace; 0 or -1 after saying why. */
int workspace_args(struct workspace *ws, char **args, int nr, struct strlist *out);

/*
 * The configuration and a quiet validator of the workspace, for a command
 * that reads its drills, runs or debriefs: the plans are found in the
 * workspace, or among the files `plans`.
 */
struct drill_env;
struct checker {
	struct config cfg;
	struct validator v;
	struct drill_env *env;	/* the validator's: the plans by id, the runs */
};

int checker_open(struct checker *c, struct workspace *ws, char *const *plans, size_t nr);
void checker_close(struct checker *c);

/*
 * The files of a folder of the workspace that load as `kind` with `v`;
 * paths relative to the root. `bad` lists those that do not load (a file
 * of another kind that loads is left out silently).
 */
struct records {
	struct strlist paths;
	struct loaded *files;
	struct strlist bad;
};

void records_read(struct records *r, struct validator *v, const struct config *cfg,
		  struct workspace *ws, const char *dir, const struct kind *kind);
void records_release(struct records *r);
/* Say on standard error which files of the folder were left out, and how to see why. */
void records_warn(const struct records *r, const char *validate_cmd);

/* Write `out` to `file` (atomically, saying so on standard error), or to standard output; an exit code. */
int emit_output(const struct buf *out, const char *file);

#endif
