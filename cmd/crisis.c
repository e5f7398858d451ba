/*
 * crisis: the command table and the dispatcher. The table is the one place
 * that names the commands: `crisis help`, "did you mean", the completion
 * scripts (through `crisis __complete`) and the man page checks read it.
 */
#include "cmd.h"
#include "util/buf.h"
#include "util/suggest.h"
#include "util/error.h"
#include "util/version.h"
#include "git/workspace.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn cmd_help, cmd_version;

/*
 * jemalloc's settings, which it reads when it starts: back the heap with
 * transparent huge pages where the kernel gives them on request. A plan
 * becomes a libxml2 tree of small blocks, and the page faults of fresh 4 KB
 * pages were a fifth of a validation (make bench: 1,000 plans in 256 ms
 * instead of 283, the 10,000-contact plan in 172 instead of 261). Where
 * huge pages are off, nothing changes; without jemalloc (the sanitizer
 * build) nothing reads it.
 */
const char *malloc_conf = "thp:always";

const struct cmd commands[] = {
	{ "init", cmd_init, "[<dir>]",
	  "make a workspace: a git repository with plans/, drills/ and debriefs/", NULL, NULL, 0 },
	{ "plan", cmd_plan, "<subcommand> [<args>]",
	  "write, validate, version and approve plans", plan_subcommands, NULL, 0 },
	{ "contacts", cmd_contacts, "<subcommand> [<args>]",
	  "the people and suppliers plans rely on, and the call tree", contacts_subcommands, NULL, 0 },
	{ "status", cmd_status, "[--today <date>]",
	  "what needs attention: invalid or unapproved plans, overdue reviews and exercises",
	  NULL, NULL, NEEDS_WORKSPACE },
	{ "help", cmd_help, "[<command> [<subcommand>]]", "show help for a command", NULL, NULL, 0 },
	{ "version", cmd_version, "", "print the version", NULL, NULL, 0 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

static const char *progname = "crisis";

int error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static void print_opts(FILE *fp, const struct opt *opts)
{
	if (!opts || !opts->name)
		return;
	fputs("\noptions:\n", fp);
	for (const struct opt *o = opts; o->name; o++) {
		struct buf left = BUF_INIT;
		if (o->key > 0 && o->key < 256)
			buf_addf(&left, "-%c, ", o->key);
		else
			buf_adds(&left, "    ");
		buf_addf(&left, "--%s", o->name);
		if (o->arg)
			buf_addf(&left, " %s", o->arg);
		fprintf(fp, "  %-28s %s\n", left.ptr, o->help);
		buf_release(&left);
	}
}

void print_usage(FILE *fp, const char *cmd, const struct subcmd *sub)
{
	if (sub) {
		fprintf(fp, "usage: crisis %s %s %s\n\n%s\n", cmd, sub->name, sub->usage,
			sub->summary);
		print_opts(fp, sub->opts);
		return;
	}
	for (const struct cmd *c = commands; c->name; c++) {
		if (strcmp(c->name, cmd))
			continue;
		fprintf(fp, "usage: crisis %s %s\n\n%s\n", c->name, c->usage, c->summary);
		if (c->subs) {
			fputs("\nsubcommands:\n", fp);
			for (const struct subcmd *s = c->subs; s->name; s++)
				fprintf(fp, "  %-10s %s\n", s->name, s->summary);
			fprintf(fp, "\nSee 'crisis help %s <subcommand>'.\n", c->name);
		}
	}
}

int usage_error(const char *cmd, const struct subcmd *sub, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	print_usage(stderr, cmd, sub);
	return EXIT_USAGE;
}

int next_opt(int argc, char **argv, const char *cmd, const struct subcmd *sub)
{
	struct option longopts[32];
	struct buf shorts = BUF_INIT;
	size_t n = 0;
	int c;

	buf_adds(&shorts, ":h");
	for (const struct opt *o = sub->opts; o && o->name && n < 30; o++) {
		longopts[n].name = o->name;
		longopts[n].has_arg = o->arg ? required_argument : no_argument;
		longopts[n].flag = NULL;
		longopts[n++].val = o->key;
		if (o->key > 0 && o->key < 256)
			buf_addf(&shorts, "%c%s", o->key, o->arg ? ":" : "");
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	opterr = 0;
	c = getopt_long(argc, argv, shorts.ptr, longopts, NULL);
	buf_release(&shorts);
	if (c == 'h') {
		print_usage(stdout, cmd, sub);
		exit(ferror(stdout) ? EXIT_FATAL : EXIT_CLEAN);
	}
	if (c == '?' || c == ':') {
		const char *bad = argv[optind - 1];
		if (c == ':')
			usage_error(cmd, sub, "option '%s' needs a value", bad);
		else if (optopt && optopt < 256)
			usage_error(cmd, sub, "unknown option '-%c'", optopt);
		else
			usage_error(cmd, sub, "unknown option '%s'", bad);
		return '?';
	}
	return c;
}

static const char **names_of_subs(const struct subcmd *subs, size_t *nr)
{
	size_t n = 0;
	while (subs[n].name)
		n++;
	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = subs[i].name;
	*nr = n;
	return names;
}

int run_subcommand(const char *cmd, const struct subcmd *subs, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(argc < 2 ? stderr : stdout, cmd, NULL);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	for (const struct subcmd *s = subs; s->name; s++)
		if (!strcmp(s->name, argv[1]))
			return run_with_setup(s->fn, s->flags, argc - 1, argv + 1);

	size_t nr;
	const char **names = names_of_subs(subs, &nr);
	const char *best = suggest_best(argv[1], names, nr);
	if (best)
		error("'%s' is not a subcommand of '%s'; did you mean '%s'?", argv[1], cmd, best);
	else
		error("'%s' is not a subcommand of '%s'; see 'crisis help %s'", argv[1], cmd, cmd);
	free(names);
	return EXIT_USAGE;
}

int run_with_setup(cmd_fn *fn, unsigned flags, int argc, char **argv)
{
	struct workspace ws;
	if (!(flags & (NEEDS_WORKSPACE | WANTS_WORKSPACE)))
		return fn(argc, argv, NULL);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return fn(argc, argv, NULL);	/* help needs no workspace */
		if (!strcmp(argv[i], "--"))
			break;
	}
	if (workspace_open(&ws) < 0) {
		if (flags & WANTS_WORKSPACE)
			return fn(argc, argv, NULL);
		error("%s", crisis_error_last());
		return EXIT_FATAL;
	}
	int ret = fn(argc, argv, &ws);
	workspace_close(&ws);
	return ret;
}

static void print_main_usage(FILE *fp)
{
	fputs("usage: crisis [--version] [--help] [-C <dir>] <command> [<args>]\n\n"
	      "Business-continuity (PCA) and recovery (PRA) plans as code.\n\ncommands:\n", fp);
	for (const struct cmd *c = commands; c->name; c++) {
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
		for (const struct subcmd *s = c->subs; s && s->name; s++)
			fprintf(fp, "    %-8s %s\n", s->name, s->summary);
	}
	fputs("\nSee 'crisis help <command>' or man crisis.\n"
	      "Exit codes: 0 clean, 1 findings, 2 usage error, 3 fatal error.\n", fp);
}

static const struct cmd *find_command(const char *name, bool report)
{
	const struct cmd *found = NULL;
	size_t matches = 0, n = 0;

	for (const struct cmd *c = commands; c->name; c++, n++)
		if (!strcmp(c->name, name))
			return c;
	/* A unique prefix names a command, as in tmux. */
	for (const struct cmd *c = commands; c->name; c++)
		if (!strncmp(c->name, name, strlen(name)) && ++matches)
			found = c;
	if (matches == 1)
		return found;
	if (!report)
		return NULL;
	if (matches > 1) {
		struct buf list = BUF_INIT;
		for (const struct cmd *c = commands; c->name; c++)
			if (!strncmp(c->name, name, strlen(name)))
				buf_addf(&list, "%s%s", list.len ? ", " : "", c->name);
		error("ambiguous command: %s, could be: %s", name, list.ptr);
		buf_release(&list);
		return NULL;
	}
	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = commands[i].name;
	const char *best = suggest_best(name, names, n);
	if (best)
		error("'%s' is not a crisis command; did you mean '%s'?", name, best);
	else
		error("'%s' is not a crisis command; see 'crisis help'", name);
	free(names);
	return NULL;
}

static int cmd_help(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	if (argc < 2) {
		print_main_usage(stdout);
		return EXIT_CLEAN;
	}
	const struct cmd *c = find_command(argv[1], true);
	if (!c)
		return EXIT_USAGE;
	if (argc > 2 && c->subs) {
		for (const struct subcmd *s = c->subs; s->name; s++) {
			if (!strcmp(s->name, argv[2])) {
				print_usage(stdout, c->name, s);
				return EXIT_CLEAN;
			}
		}
		return usage_error(c->name, NULL, "'%s' is not a subcommand of '%s'",
				   argv[2], c->name);
	}
	print_usage(stdout, c->name, NULL);
	return EXIT_CLEAN;
}

static int cmd_version(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	if (argc > 1) {
		error("'version' takes no arguments, not '%s'", argv[1]);
		return EXIT_USAGE;
	}
	printf("crisis %s\n", CRISIS_VERSION);
	return EXIT_CLEAN;
}

/*
 * `crisis __complete WORD...`: the candidates for the last word, one a line.
 * The bash, zsh and fish scripts in completions/ only call this.
 */
static int complete(int argc, char **argv)
{
	const char *cur = argc > 0 ? argv[argc - 1] : "";
	size_t len = strlen(cur);
	const struct cmd *c = argc > 1 ? find_command(argv[0], false) : NULL;
	const struct subcmd *sub = NULL;

	if (argc <= 1) {
		static const char *const globals[] = { "--help", "--version" };
		for (const struct cmd *k = commands; k->name; k++)
			if (!strncmp(k->name, cur, len))
				puts(k->name);
		for (size_t i = 0; i < sizeof(globals) / sizeof(*globals); i++)
			if (cur[0] == '-' && !strncmp(globals[i], cur, len))
				puts(globals[i]);
		return EXIT_CLEAN;
	}
	if (!c)
		return EXIT_CLEAN;
	if (!strcmp(c->name, "help")) {
		const struct cmd *topic = argc == 3 ? find_command(argv[1], false) : NULL;
		for (const struct cmd *k = commands; argc == 2 && k->name; k++)
			if (!strncmp(k->name, cur, len))
				puts(k->name);
		for (const struct subcmd *s = topic ? topic->subs : NULL; s && s->name; s++)
			if (!strncmp(s->name, cur, len))
				puts(s->name);
		return EXIT_CLEAN;
	}
	if (argc == 2 && c->subs) {
		for (const struct subcmd *s = c->subs; s->name; s++)
			if (!strncmp(s->name, cur, len))
				puts(s->name);
		return EXIT_CLEAN;
	}
	for (const struct subcmd *s = c->subs; s && s->name; s++)
		if (!strcmp(s->name, argv[1]))
			sub = s;
	if (!sub)
		return EXIT_CLEAN;
	/* The value of an option: "--format j" or "--format=j". */
	const char *prev = argc > 3 ? argv[argc - 2] : "";
	const char *eq = !strncmp(cur, "--", 2) ? strchr(cur, '=') : NULL;
	for (const struct opt *o = sub->opts; o && o->name; o++) {
		bool is_prev = (!strncmp(prev, "--", 2) && !strcmp(prev + 2, o->name)) ||
			       (prev[0] == '-' && prev[1] == o->key && !prev[2]);
		bool is_eq = eq && (size_t)(eq - cur - 2) == strlen(o->name) &&
			     !strncmp(cur + 2, o->name, strlen(o->name));
		if ((is_prev || is_eq) && o->arg) {
			const char *value = is_eq ? eq + 1 : cur;
			size_t vlen = strlen(value);
			for (const char *v = o->values; v && *v;) {
				size_t n = strcspn(v, "|");
				if (n >= vlen && !strncmp(v, value, vlen))
					printf("%.*s\n", (int)n, v);
				v += n + (v[n] == '|');
			}
			if (!o->values && (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH")))
				puts("__files__");
			return EXIT_CLEAN;
		}
	}
	if (cur[0] == '-') {
		struct buf name = BUF_INIT;
		for (const struct opt *o = sub->opts; o && o->name; o++) {
			buf_reset(&name);
			buf_addf(&name, "--%s", o->name);
			if (!strncmp(name.ptr, cur, len))
				puts(name.ptr);
		}
		if (!strncmp("--help", cur, len))
			puts("--help");
		buf_release(&name);
		return EXIT_CLEAN;
	}
	puts("__files__");
	return EXIT_CLEAN;
}

static int finish(int ret)
{
	/* Output that did not reach its destination is a failure, not a success. */
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write the output: %s", strerror(errno ? errno : EIO));
		return EXIT_FATAL;
	}
	return ret;
}

int main(int argc, char **argv)
{
	xmlInitParser();
	LIBXML_TEST_VERSION

	if (argc < 2) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	/* -C DIR: run as if started in DIR, as git does. */
	while (!strcmp(name, "-C")) {
		if (argc < 3) {
			error("-C needs a folder");
			return EXIT_USAGE;
		}
		if (chdir(argv[2]) < 0) {
			error("cannot change to '%s': %s", argv[2], strerror(errno));
			return EXIT_FATAL;
		}
		argc -= 2;
		argv += 2;
		if (argc < 2) {
			print_main_usage(stderr);
			return EXIT_USAGE;
		}
		name = argv[1];
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V"))
		return finish(cmd_version(1, argv + 1, NULL));
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		print_main_usage(stdout);
		return finish(EXIT_CLEAN);
	}
	if (!strcmp(name, "__complete")) {
		/* "-C DIR" before the command does not change what follows. */
		int skip = 2;
		while (argc - skip >= 3 && !strcmp(argv[skip], "-C"))
			skip += 2;
		return finish(complete(argc - skip, argv + skip));
	}
	if (name[0] == '-') {
		error("unknown option '%s'", name);
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	const struct cmd *c = find_command(name, true);
	if (!c)
		return EXIT_USAGE;
	int ret = run_with_setup(c->fn, c->flags, argc - 1, argv + 1);
	xmlCleanupParser();
	return finish(ret);
}
