/*
 * crisis: the command table and the dispatcher. The table is the one place
 * that names the commands: `crisis help`, "did you mean", the completion
 * scripts (through `crisis __complete`) and the man page checks read it.
 */
#include "cmd.h"
#include "util/buf.h"
#include "util/suggest.h"
#include "util/version.h"
#include "util/xalloc.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

extern const struct cmd init_cmd, plan_cmd, contacts_cmd, drill_cmd, debrief_cmd, reindex_cmd,
	status_cmd;
static const struct cmd help_cmd, version_cmd;

const struct cmd *const commands[] = {
	&init_cmd, &plan_cmd, &contacts_cmd, &drill_cmd, &debrief_cmd, &reindex_cmd, &status_cmd, &help_cmd, &version_cmd,
	NULL,
};

static void print_main_usage(FILE *fp)
{
	fputs("usage: crisis [--version] [--help] [-C <dir>] <command> [<args>]\n\n"
	      "Business-continuity (PCA) and recovery (PRA) plans as code.\n\ncommands:\n", fp);
	for (const struct cmd *const *c = commands; *c; c++) {
		fprintf(fp, "  %-10s %s\n", (*c)->name, (*c)->summary);
		for (const struct cmd *const *s = (*c)->subs; s && *s; s++)
			fprintf(fp, "    %-8s %s\n", (*s)->name, (*s)->summary);
	}
	fputs("\nSee 'crisis help <command>' or man crisis.\n"
	      "Exit codes: 0 clean, 1 findings, 2 usage error, 3 fatal error.\n", fp);
}

static const struct cmd *find_command(const char *name, bool report)
{
	const struct cmd *found = NULL;
	size_t matches = 0, n = 0;

	for (const struct cmd *const *c = commands; *c; c++, n++)
		if (!strcmp((*c)->name, name))
			return *c;
	/* A unique prefix names a command, as in tmux. */
	for (const struct cmd *const *c = commands; *c; c++)
		if (!strncmp((*c)->name, name, strlen(name)) && ++matches)
			found = *c;
	if (matches == 1)
		return found;
	if (!report)
		return NULL;
	if (matches > 1) {
		struct buf list = BUF_INIT;
		for (const struct cmd *const *c = commands; *c; c++)
			if (!strncmp((*c)->name, name, strlen(name)))
				buf_addf(&list, "%s%s", list.len ? ", " : "", (*c)->name);
		error("ambiguous command: %s, could be: %s", name, list.ptr);
		buf_release(&list);
		return NULL;
	}
	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = commands[i]->name;
	const char *best = suggest_best(name, names, n);
	if (best)
		error("'%s' is not a crisis command; did you mean '%s'?", name, best);
	else
		error("'%s' is not a crisis command; see 'crisis help'", name);
	free(names);
	return NULL;
}

/* The subcommand `name` of `c`, or NULL. */
static const struct cmd *find_sub(const struct cmd *c, const char *name)
{
	for (const struct cmd *const *s = c ? c->subs : NULL; s && *s; s++)
		if (!strcmp((*s)->name, name))
			return *s;
	return NULL;
}

static int help(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)self;
	(void)ws;
	if (argc < 2) {
		print_main_usage(stdout);
		return EXIT_CLEAN;
	}
	const struct cmd *c = find_command(argv[1], true);
	if (!c)
		return EXIT_USAGE;
	if (argc > 2 && c->subs) {
		const struct cmd *s = find_sub(c, argv[2]);
		if (!s)
			return usage_error(c, "'%s' is not a subcommand of '%s'", argv[2], c->name);
		c = s;
	}
	print_usage(stdout, c);
	return EXIT_CLEAN;
}

static int version(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)self;
	(void)ws;
	if (argc > 1) {
		error("'version' takes no arguments, not '%s'", argv[1]);
		return EXIT_USAGE;
	}
	printf("crisis %s\n", CRISIS_VERSION);
	return EXIT_CLEAN;
}

static const struct cmd help_cmd = {
	.name = "help", .fn = help, .usage = "[<command> [<subcommand>]]",
	.summary = "show help for a command",
};

static const struct cmd version_cmd = {
	.name = "version", .fn = version, .usage = "", .summary = "print the version",
};

static void complete_names(const struct cmd *const *list, const char *cur)
{
	for (; list && *list; list++)
		if (!strncmp((*list)->name, cur, strlen(cur)))
			puts((*list)->name);
}

/* The values an option takes ("--format j", "--format=j"); false when `prev`/`cur` name none. */
static bool complete_value(const struct cmd *c, const char *prev, const char *cur)
{
	const char *eq = !strncmp(cur, "--", 2) ? strchr(cur, '=') : NULL;
	for (const struct opt *o = c->opts; o && o->name; o++) {
		bool is_prev = (!strncmp(prev, "--", 2) && !strcmp(prev + 2, o->name)) ||
			       (prev[0] == '-' && prev[1] == o->key && !prev[2]);
		bool is_eq = eq && (size_t)(eq - cur - 2) == strlen(o->name) &&
			     !strncmp(cur + 2, o->name, strlen(o->name));
		if (!(is_prev || is_eq) || !o->arg)
			continue;
		/* --name=VALUE, as zsh and fish give it: the candidates keep their --name=. */
		const char *value = is_eq ? eq + 1 : cur;
		size_t vlen = strlen(value);
		int keep = is_eq ? (int)(eq - cur + 1) : 0;
		for (const char *v = o->values; v && *v;) {
			size_t n = strcspn(v, "|");
			if (n >= vlen && !strncmp(v, value, vlen))
				printf("%.*s%.*s\n", keep, cur, (int)n, v);
			v += n + (v[n] == '|');
		}
		const char *source = o->values ? NULL : complete_option_source(o);
		if (source && !keep)
			complete_source(source, value);
		return true;
	}
	return false;
}

/*
 * `crisis __complete WORD...`: the candidates for the last word, one a line.
 * The bash, zsh and fish scripts in completions/ only call this.
 */
static int complete(int argc, char **argv)
{
	const char *cur = argc > 0 ? argv[argc - 1] : "";
	const struct cmd *c = argc > 1 ? find_command(argv[0], false) : NULL;
	int first = 1;		/* where the command's own words start */

	if (argc == 2 && !strcmp(argv[0], "-C")) {
		puts("__dirs__");	/* crisis -C DIR */
		return EXIT_CLEAN;
	}
	if (argc <= 1) {
		static const char *const globals[] = { "--help", "--version", "-C" };
		complete_names(commands, cur);
		for (size_t i = 0; i < sizeof(globals) / sizeof(*globals); i++)
			if (cur[0] == '-' && !strncmp(globals[i], cur, strlen(cur)))
				puts(globals[i]);
		return EXIT_CLEAN;
	}
	if (!c)
		return EXIT_CLEAN;
	if (c == &help_cmd) {
		if (argc == 2)
			complete_names(commands, cur);
		else if (argc == 3)
			complete_names(find_command(argv[1], false) ?
				       find_command(argv[1], false)->subs : NULL, cur);
		return EXIT_CLEAN;
	}
	if (c->subs) {
		if (argc == 2) {
			complete_names(c->subs, cur);
			return EXIT_CLEAN;
		}
		if (!(c = find_sub(c, argv[1])))
			return EXIT_CLEAN;
		first = 2;
	}
	const char *prev = argc - 1 > first ? argv[argc - 2] : "";
	if (!strcmp(prev, "=") && argc - 2 > first)
		prev = argv[argc - 3];	/* bash splits --format=j at the '=' */
	if (complete_value(c, prev, cur))
		return EXIT_CLEAN;
	if (cur[0] == '-') {
		struct buf name = BUF_INIT;
		for (const struct opt *o = c->opts; o && o->name; o++) {
			buf_reset(&name);
			buf_addf(&name, "--%s", o->name);
			if (!strncmp(name.ptr, cur, strlen(cur)))
				puts(name.ptr);
		}
		if (!strncmp("--help", cur, strlen(cur)))
			puts("--help");
		buf_release(&name);
		return EXIT_CLEAN;
	}
	/* Which positional argument this is: the words that are not options nor their values. */
	size_t position = 0;
	for (int i = first; i < argc - 1; i++) {
		const char *w = argv[i];
		if (w[0] != '-' || !w[1]) {
			position++;
			continue;
		}
		for (const struct opt *o = c->opts; o && o->name; o++) {
			bool named = (!strncmp(w, "--", 2) && !strcmp(w + 2, o->name)) ||
				     (w[1] == o->key && !w[2]);
			if (named && o->arg)
				i++;	/* its value */
		}
	}
	const char *sources = c->complete ? c->complete : "none";
	for (size_t k = 0; k < position && strchr(sources, ','); k++)
		sources = strchr(sources, ',') + 1;
	char *source = xstrndup(sources, strcspn(sources, ","));
	if (strcmp(source, "none"))
		complete_source(source, cur);
	free(source);
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
		return finish(version(&version_cmd, 1, argv + 1, NULL));
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		print_main_usage(stdout);
		return finish(EXIT_CLEAN);
	}
	if (!strcmp(name, "__complete")) {
		/* "-C DIR" before the command: the candidates are DIR's. */
		int skip = 2;
		while (argc - skip >= 3 && !strcmp(argv[skip], "-C")) {
			if (chdir(argv[skip + 1]) < 0)
				return finish(EXIT_CLEAN);
			skip += 2;
		}
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
	int ret = run_command(c, argc - 1, argv + 1);
	xmlCleanupParser();
	return finish(ret);
}
