/*
 * The command table's types. Every command and subcommand, with its usage,
 * summary and options, is declared once; help, completion and the checks
 * of the man pages all read these tables.
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

struct workspace;

/* What the dispatcher sets up before calling a command. */
#define NEEDS_WORKSPACE 1	/* the workspace is opened, or the command refused */
#define WANTS_WORKSPACE 2	/* the workspace is opened when there is one, else NULL */

typedef int cmd_fn(int argc, char **argv, struct workspace *ws);

struct subcmd {
	const char *name;
	cmd_fn *fn;
	const char *usage;	/* arguments after the name */
	const char *summary;
	const struct opt *opts;	/* terminated by a zeroed entry */
	unsigned flags;
};

struct cmd {
	const char *name;
	cmd_fn *fn;
	const char *usage;
	const char *summary;
	const struct subcmd *subs;	/* NULL-named terminated, or NULL */
	const struct opt *opts;
	unsigned flags;
};

extern const struct cmd commands[];
extern const struct subcmd plan_subcommands[], contacts_subcommands[];

cmd_fn cmd_plan, cmd_contacts, cmd_init, cmd_status;
struct plan_state;
/* One line per plan and a summary (crisis plan status, crisis status); an exit code. */
int plan_status_print(const struct plan_state *states, size_t nr);

/* Shared by the commands: messages, option parsing from a table. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int usage_error(const char *cmd, const struct subcmd *sub, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void print_usage(FILE *fp, const char *cmd, const struct subcmd *sub);
/*
 * getopt_long over a subcommand's option table. Returns the option's key,
 * -1 at the end, '?' after printing a usage error.
 */
int next_opt(int argc, char **argv, const char *cmd, const struct subcmd *sub);
/* Run the named subcommand of `subs`, or print help; returns an exit code. */
int run_subcommand(const char *cmd, const struct subcmd *subs, int argc, char **argv);
/* Run a command with the set-up its flags ask for. */
int run_with_setup(cmd_fn *fn, unsigned flags, int argc, char **argv);

#endif
