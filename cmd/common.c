/*
 * What the commands share: messages, option parsing from a command's
 * table, the set-up a command's flags ask for, exit codes, colour, dates,
 * and the validator files are checked with.
 */
#include "cmd.h"
#include "check/config.h"
#include "check/findings.h"
#include "check/validate.h"
#include "contacts/directory.h"
#include "drill/env.h"
#include "git/workspace.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/versions.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void say(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "crisis: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
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

void print_usage(FILE *fp, const struct cmd *c)
{
	fprintf(fp, "usage: crisis %s%s%s %s\n\n%s\n", c->parent ? c->parent : "",
		c->parent ? " " : "", c->name, c->usage, c->summary);
	print_opts(fp, c->opts);
	if (c->subs) {
		fputs("\nsubcommands:\n", fp);
		for (const struct cmd *const *s = c->subs; *s; s++)
			fprintf(fp, "  %-10s %s\n", (*s)->name, (*s)->summary);
		fprintf(fp, "\nSee 'crisis help %s <subcommand>'.\n", c->name);
	}
}

int usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("crisis: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	print_usage(stderr, c);
	return EXIT_USAGE;
}

/* The long names of a command's options, "--name", for suggestions. */
static const char **option_names(const struct cmd *c, size_t *nr)
{
	size_t n = 0;
	for (const struct opt *o = c->opts; o && o->name; o++)
		n++;
	const char **names = xcalloc(n + 2, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = c->opts[i].name;
	names[n++] = "help";
	*nr = n;
	return names;
}

static int unknown_option(const struct cmd *c, const char *bad)
{
	size_t nr;
	const char **names = option_names(c, &nr);
	const char *name = bad + strspn(bad, "-");
	size_t len = strcspn(name, "=");
	char *typed = xstrndup(name, len);
	const char *best = !strncmp(bad, "--", 2) ? suggest_best(typed, names, nr) : NULL;
	if (best)
		usage_error(c, "unknown option '%s'; did you mean '--%s'?", bad, best);
	else
		usage_error(c, "unknown option '%s'", bad);
	free(typed);
	free(names);
	return '?';
}

int next_opt(const struct cmd *c, int argc, char **argv)
{
	size_t n = 0, i = 0;
	for (const struct opt *o = c->opts; o && o->name; o++)
		n++;
	struct option *longopts = xcalloc(n + 2, sizeof(*longopts));
	struct buf shorts = BUF_INIT;
	int key;

	buf_adds(&shorts, ":h");
	for (const struct opt *o = c->opts; o && o->name; o++) {
		longopts[i++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						 NULL, o->key };
		if (o->key > 0 && o->key < 256)
			buf_addf(&shorts, "%c%s", o->key, o->arg ? ":" : "");
	}
	longopts[i] = (struct option){ "help", no_argument, NULL, 'h' };

	opterr = 0;
	key = getopt_long(argc, argv, shorts.ptr, longopts, NULL);
	buf_release(&shorts);
	free(longopts);
	if (key == 'h') {
		print_usage(stdout, c);
		exit(fflush(stdout) || ferror(stdout) ? EXIT_FATAL : EXIT_CLEAN);
	}
	if (key == ':') {
		usage_error(c, "option '%s' needs a value", argv[optind - 1]);
		return '?';
	}
	if (key == '?') {
		if (optopt && optopt < 256) {
			usage_error(c, "unknown option '-%c'", optopt);
			return '?';
		}
		return unknown_option(c, argv[optind - 1]);
	}
	return key;
}

int run_subcommand(const struct cmd *c, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(argc < 2 ? stderr : stdout, c);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	size_t n = 0;
	for (const struct cmd *const *s = c->subs; *s; s++, n++)
		if (!strcmp((*s)->name, argv[1]))
			return run_command(*s, argc - 1, argv + 1);

	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = c->subs[i]->name;
	const char *best = suggest_best(argv[1], names, n);
	if (best)
		error("'%s' is not a subcommand of '%s'; did you mean '%s'?", argv[1], c->name, best);
	else
		error("'%s' is not a subcommand of '%s'; see 'crisis help %s'", argv[1], c->name,
		      c->name);
	free(names);
	return EXIT_USAGE;
}

int run_command(const struct cmd *c, int argc, char **argv)
{
	struct workspace ws;
	if (c->subs)
		return run_subcommand(c, argc, argv);
	if (!(c->flags & (NEEDS_WORKSPACE | WANTS_WORKSPACE | NEEDS_ROOT)))
		return c->fn(c, argc, argv, NULL);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return c->fn(c, argc, argv, NULL);	/* help needs no workspace */
		if (!strcmp(argv[i], "--"))
			break;
	}
	if ((c->flags & NEEDS_ROOT ? workspace_open_root(&ws) : workspace_open(&ws)) < 0) {
		if (c->flags & WANTS_WORKSPACE)
			return c->fn(c, argc, argv, NULL);
		error("%s", crisis_error_last());
		return EXIT_FATAL;
	}
	int ret = c->fn(c, argc, argv, &ws);
	workspace_close(&ws);
	return ret;
}

int exit_code_of(int err)
{
	/* Something named that does not exist is the user's to correct. */
	return err == CRISIS_ENOTFOUND ? EXIT_USAGE : err < 0 ? EXIT_FATAL : EXIT_CLEAN;
}

int fail(int err)
{
	error("%s", crisis_error_last());
	return exit_code_of(err);
}

bool want_color(const char *when)
{
	if (!strcmp(when, "always"))
		return true;
	if (!strcmp(when, "never"))
		return false;
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
	       !(term && !strcmp(term, "dumb"));
}

int parse_today(const struct cmd *c, const char *arg, int64_t *today)
{
	if (date_parse(arg, today) < 0 || strlen(arg) != 10)
		return usage_error(c, "--today takes a date such as 2026-11-22, not '%s'", arg);
	return 0;
}

/* Print the configuration's own problems; 0 when it is usable. */
static int load_config(struct config *cfg, const char *path, bool use, struct findings_opts *o)
{
	char *found = NULL;
	config_init(cfg, &crisis_kinds()->rules);
	if (!use)
		return 0;
	if (!path)
		path = found = config_find(NULL);
	if (!path)
		return 0;
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new(path, NULL);
	diag_set_add(&set, f);
	int ret = config_load(cfg, path, f);
	/* A file that cannot be read is fatal (3); one that says something wrong, the user's (2). */
	bool unreadable = f->fatal;
	for (size_t i = 0; i < f->nr; i++)
		unreadable |= !strcmp(f->items[i].rule, RULE_IO_ERROR);
	if (unreadable)
		ret = EXIT_FATAL;
	else if (ret < 0 || f->errors)
		ret = EXIT_USAGE;
	if (f->nr) {
		struct buf out = BUF_INIT;
		struct findings_opts text = *o;
		text.format = FORMAT_TEXT;
		text.quiet = true;
		findings_write(&out, &set, &text);
		fputs(buf_str(&out), stderr);
		buf_release(&out);
	}
	diag_set_release(&set);
	free(found);
	return ret;
}

int open_validator(struct validator *v, struct config *cfg, const char *root,
		   char *const *plans, size_t nr_plans, const char *config_path, bool use_config,
		   const char *schema, int64_t today, struct findings_opts *o)
{
	int ret = load_config(cfg, config_path, use_config, o);
	if (ret) {
		config_release(cfg);
		return ret;
	}
	if (validator_init(v, crisis_kinds(), schema, cfg, today) < 0) {
		error("%s", crisis_error_last());
		validator_release(v);
		config_release(cfg);
		return EXIT_FATAL;
	}
	share_contacts(v, root, cfg, NULL);
	/* Drills find their plan, plans count their drill runs as exercises. */
	if (root || nr_plans)
		drill_env_new(v, root, plans, nr_plans);
	return 0;
}

void print_findings(struct diag_file *f)
{
	struct diag_set set = { NULL, 0, 0 };
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	struct buf out = BUF_INIT;

	o.color = want_color("auto") && isatty(STDERR_FILENO);
	diag_set_add(&set, f);
	findings_write(&out, &set, &o);
	fflush(stdout);
	fputs(buf_str(&out), stderr);
	buf_release(&out);
	free(set.files);	/* the file itself stays the caller's */
}

void share_contacts(struct validator *v, const char *root, const struct config *cfg,
		    struct diag_set *set)
{
	struct diag_file *f;
	if (!root)
		return;
	if (directory_share(v, root, cfg, &f) == 0) {
		diag_file_free(f);
		return;
	}
	if (set) {
		diag_set_add(set, f);
		return;
	}
	print_findings(f);
	error("%s is unusable: plans are checked without its contacts", WORKSPACE_CONTACTS);
	diag_file_free(f);
}

bool plan_arg(const char *root, const char *arg, struct buf *out)
{
	static const char *const exts[] = { ".yaml", ".yml", ".xml" };
	if (access(arg, F_OK) == 0) {
		buf_adds(out, arg);
		return true;
	}
	for (size_t i = 0; root && doc_is_id(arg) && i < sizeof(exts) / sizeof(*exts); i++) {
		struct buf path = BUF_INIT;
		buf_addf(&path, "%s%s%s%s", root, WORKSPACE_PLANS, arg, exts[i]);
		if (access(path.ptr, F_OK) == 0) {
			/* Shown relative to the current folder when it is inside. */
			char cwd[4096];
			size_t n = getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0;
			bool inside = n && !strncmp(path.ptr, cwd, n) && path.ptr[n] == '/';
			buf_adds(out, inside ? path.ptr + n + 1 : path.ptr);
			buf_release(&path);
			return true;
		}
		buf_release(&path);
	}
	buf_adds(out, arg);
	return false;
}

int workspace_args(struct workspace *ws, char **args, int nr, struct strlist *out)
{
	/* A plan's id stands for its file. */
	char **named = xcalloc((size_t)nr + 1, sizeof(*named));
	for (int i = 0; i < nr; i++) {
		struct buf path = BUF_INIT;
		plan_arg(ws->root, args[i], &path);
		named[i] = buf_detach(&path);
	}
	int ret = workspace_paths(ws, named, (size_t)nr, out) < 0 ? error("%s", crisis_error_last()) : 0;
	for (int i = 0; i < nr; i++)
		free(named[i]);
	free(named);
	return ret;
}

int session_open(struct session *s, struct workspace *ws, const struct cmd *self,
		 char **plans, size_t nr_plans, int64_t today, bool quiet)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };

	memset(s, 0, sizeof(*s));
	if (!ws && !nr_plans)
		return usage_error(self, "not in a crisis workspace: name plan files with --plan, or run 'crisis init'");
	/* --plan names a file, or the id of a plan of the workspace (plans/ID.yaml). */
	for (size_t i = 0; i < nr_plans; i++) {
		if (access(plans[i], F_OK) == 0)
			continue;
		struct buf path = BUF_INIT;
		if (!plan_arg(ws ? ws->root : NULL, plans[i], &path)) {
			buf_release(&path);
			return usage_error(self, "no plan '%s': name a plan file, or the id of a plan of the workspace",
					   plans[i]);
		}
		free(plans[i]);
		plans[i] = buf_detach(&path);
	}
	int ret = open_validator(&s->v, &s->cfg, NULL, NULL, 0, NULL, true, NULL, today, &o);
	if (ret)
		return ret;
	/* Plans count their drill runs as exercises. */
	if (ws)
		drill_env_new(&s->v, ws->root, NULL, 0);
	if (ws && directory_share(&s->v, ws->root, &s->cfg, &s->shared_f) < 0 && !quiet) {
		print_findings(s->shared_f);
		error("%s is unusable: its contacts are left out", WORKSPACE_CONTACTS);
	}
	if (directory_load(&s->d, &s->v, ws ? ws->root : NULL, &s->cfg, plans, nr_plans) < 0) {
		error("%s", crisis_error_last());
		return EXIT_FATAL;
	}
	for (size_t i = 0; !quiet && i < s->d.nr_plans; i++)
		if (!plan_of(&s->d.plans[i].lp))
			error("'%s' cannot be read (see crisis plan validate): its contacts are left out",
			      s->d.plans[i].path);
	return 0;
}

void session_close(struct session *s)
{
	directory_release(&s->d);
	diag_file_free(s->shared_f);
	validator_release(&s->v);
	config_release(&s->cfg);
}


int check_format(const struct cmd *self, const char *arg, const char *allowed)
{
	size_t n = strlen(arg);
	for (const char *p = allowed; *p; p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|'))
		if (strcspn(p, "|") == n && !strncmp(p, arg, n))
			return 0;
	return usage_error(self, "unknown format '%s' (expected %s)", arg, allowed);
}

int checker_open(struct checker *c, struct workspace *ws, char *const *plans, size_t nr)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	int ret = open_validator(&c->v, &c->cfg, ws->root, plans, nr, NULL, true, NULL, date_today(), &o);
	c->env = ret ? NULL : (struct drill_env *)c->v.env;
	return ret;
}

void checker_close(struct checker *c)
{
	validator_release(&c->v);
	config_release(&c->cfg);
}

void records_read(struct records *r, struct validator *v, const struct config *cfg,
		  struct workspace *ws, const char *dir, const struct kind *kind)
{
	static const char *const exts[] = { ".yaml", ".yml", NULL };
	struct strlist found = STRLIST_INIT;
	struct buf full = BUF_INIT;
	memset(r, 0, sizeof(*r));
	buf_addf(&full, "%s%s", ws->root, dir);
	if (fs_is_directory(full.ptr))
		fs_walk(full.ptr, exts, &found);
	r->files = xcalloc(found.nr + 1, sizeof(*r->files));
	for (size_t i = 0; i < found.nr; i++) {
		struct diag_file *f = diag_file_new(found.items[i], config_severities(cfg));
		struct loaded *l = &r->files[r->paths.nr];
		validate_load(v, f, found.items[i], l);
		diag_file_free(f);
		if (l->kind != kind || !l->model) {
			/* A good file of another kind (a run record under drills/) is not ours to judge. */
			if (!l->model)
				strlist_add(&r->bad, found.items[i] + strlen(ws->root));
			loaded_release(l);
			continue;
		}
		strlist_add(&r->paths, found.items[i] + strlen(ws->root));
	}
	strlist_release(&found);
	buf_release(&full);
}

void records_release(struct records *r)
{
	for (size_t i = 0; i < r->paths.nr; i++)
		loaded_release(&r->files[i]);
	free(r->files);
	strlist_release(&r->paths);
	strlist_release(&r->bad);
}

void records_warn(const struct records *r, const char *validate_cmd)
{
	for (size_t i = 0; i < r->bad.nr; i++)
		warning("%s is left out: it does not validate (see '%s %s')", r->bad.items[i],
			validate_cmd, r->bad.items[i]);
}

int emit_output(const struct buf *out, const char *file)
{
	if (!file) {
		fwrite(buf_str(out), 1, out->len, stdout);
		return EXIT_CLEAN;
	}
	if (fs_write_atomic(file, buf_str(out), out->len, 0644) < 0)
		return fail(CRISIS_ERROR);
	fprintf(stderr, "wrote %s\n", file);
	return EXIT_CLEAN;
}

int plan_load_open(struct plan_load *pl, const char *arg, int64_t today)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true, .color = want_color("auto") };
	char *root = workspace_find_root();
	const char *at = strrchr(arg, '@');

	memset(pl, 0, sizeof(*pl));
	pl->loaded = -1;
	if (at && access(arg, F_OK) != 0) {
		char *file = xstrndup(arg, (size_t)(at - arg));
		plan_arg(root, file, &pl->name);
		buf_adds(&pl->name, at);
		free(file);
	} else {
		plan_arg(root, arg, &pl->name);
	}
	int ret = open_validator(&pl->v, &pl->cfg, root, NULL, 0, NULL, true, NULL, today, &o);
	free(root);
	if (ret) {
		buf_release(&pl->name);
		return ret;
	}
	pl->opened = true;
	const char *name = pl->name.ptr, *rev_at = strrchr(name, '@');
	pl->at = rev_at && access(name, F_OK) != 0 ? rev_at : NULL;
	pl->f = diag_file_new(name, &pl->cfg.severities);
	diag_set_add(&pl->set, pl->f);
	if (pl->at)
		pl->loaded = versions_load_ref(&pl->v, pl->f, name, pl->at, &pl->lp);
	else
		pl->loaded = validate_load(&pl->v, pl->f, name, &pl->lp);
	if (pl->loaded < 0)
		return EXIT_FINDINGS;
	if (!(pl->plan = plan_of(&pl->lp))) {
		/* A drill or a debrief: not a plan. */
		const struct kind *k = pl->lp.kind;
		error("'%s' is a %s, not a plan: see 'crisis %s'", name,
		      k ? k->name : "file of another kind",
		      k && !strncmp(k->name, "drill", 5) ? "drill report" :
		      k && !strcmp(k->name, "debrief") ? "debrief show" : "help");
		return EXIT_USAGE;
	}
	return 0;
}

int plan_load_close(struct plan_load *pl, int ret)
{
	if (!pl->opened)
		return ret;
	if (pl->f->nr) {
		/* Findings go to standard error, after the output they qualify. */
		struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
		struct buf out = BUF_INIT;
		o.color = want_color("auto") && isatty(STDERR_FILENO);
		findings_write(&out, &pl->set, &o);
		fflush(stdout);
		fputs(buf_str(&out), stderr);
		buf_release(&out);
	}
	if (ret != EXIT_USAGE && ret != EXIT_FATAL)
		ret = pl->f->fatal ? EXIT_FATAL :
		      pl->loaded < 0 || pl->f->errors ? EXIT_FINDINGS : ret;
	/* A file that loads but does not validate keeps its text and document too. */
	loaded_release(&pl->lp);
	diag_set_release(&pl->set);
	validator_release(&pl->v);
	config_release(&pl->cfg);
	buf_release(&pl->name);
	return ret;
}
