/* crisis plan: validate plans, list the rules. */
#include "cmd.h"
#include "../lib/buf.h"
#include "../lib/cache.h"
#include "../lib/config.h"
#include "../lib/diag.h"
#include "../lib/error.h"
#include "../lib/fsutil.h"
#include "../lib/isotime.h"
#include "../lib/json.h"
#include "../lib/plan.h"
#include "../lib/plandiff.h"
#include "../lib/planvc.h"
#include "../lib/repo.h"
#include "../lib/template.h"
#include "../lib/workspace.h"
#include "../lib/report.h"
#include "../lib/rules.h"
#include "../lib/validate.h"
#include "../lib/version.h"

#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static cmd_fn plan_validate, plan_show, plan_rules;
static cmd_fn plan_new, plan_commit, plan_log, plan_diff, plan_approve, plan_status;
static int plan_args(struct workspace *ws, char **args, int nr, struct strlist *out);
static bool is_plan_file(const char *path);

enum {
	OPT_COLOR = 256, OPT_STDIN_FILENAME, OPT_SCHEMA, OPT_CONFIG, OPT_NO_CONFIG,
	OPT_TODAY, OPT_STRICT, OPT_KIND, OPT_LANG, OPT_TITLE, OPT_BY, OPT_NO_EDIT,
};

static const struct opt validate_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", REPORT_FORMATS },
	{ "strict", OPT_STRICT, NULL, "warnings fail the check too (exit code 1)", NULL },
	{ "quiet", 'q', NULL, "print the findings only, no summary line", NULL },
	{ "color", OPT_COLOR, "WHEN", "colour the text output: auto (default), always, never", "auto|always|never" },
	{ "stdin-filename", OPT_STDIN_FILENAME, "NAME", "the name to report standard input ('-') under", NULL },
	{ "schema", OPT_SCHEMA, "FILE", "validate against this XSD instead of the builtin schema", NULL },
	{ "config", OPT_CONFIG, "FILE", "read rule settings from FILE instead of .crisis.yaml", NULL },
	{ "no-config", OPT_NO_CONFIG, NULL, "ignore .crisis.yaml", NULL },
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ "jobs", 'j', "N", "check files with N threads, 1 to 64 (default: one per processor)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt show_opts[] = {
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt new_opts[] = {
	{ "kind", OPT_KIND, "KIND", "pca (continuity, the default) or pra (recovery)", "pca|pra" },
	{ "lang", OPT_LANG, "LANG", "the template's language: fr (the default) or en", "fr|en" },
	{ "title", OPT_TITLE, "TITLE", "the plan's title", NULL },
	{ "no-edit", OPT_NO_EDIT, NULL, "do not open the new plan in $VISUAL or $EDITOR", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt commit_opts[] = {
	{ "message", 'm', "MSG", "the commit message (default: one made from the changes)", NULL },
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt log_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ "max-count", 'n', "N", "show at most N commits", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt diff_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt approve_opts[] = {
	{ "by", OPT_BY, "CONTACT", "the contact who approves the plan (required)", NULL },
	{ "today", OPT_TODAY, "DATE", "the approval date (YYYY-MM-DD; default: today)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt status_opts[] = {
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct subcmd plan_subcommands[] = {
	{ "validate", plan_validate, "[<options>] [<path>...|-]",
	  "check plan files and folders against the schema and the rules", validate_opts, 0 },
	{ "show", plan_show, "[<options>] <plan>[@<revision>]",
	  "summarise a plan, as it is or as it was at a revision (plan@v3, plan@HEAD~2)", show_opts, 0 },
	{ "new", plan_new, "[<options>] <id>",
	  "create plans/<id>.yaml from a template that validates", new_opts, NEEDS_WORKSPACE },
	{ "commit", plan_commit, "[<options>] [<plan>...]",
	  "validate and commit plans, and only them", commit_opts, NEEDS_WORKSPACE },
	{ "log", plan_log, "[<options>] [<plan>]",
	  "the history of one plan or of all plans, with what changed", log_opts, NEEDS_WORKSPACE },
	{ "diff", plan_diff, "[<options>] [<revision> [<revision>]] [<plan>]",
	  "what changed between two versions, in the plan's terms", diff_opts, NEEDS_WORKSPACE },
	{ "approve", plan_approve, "--by <contact> <plan>",
	  "approve a plan: status, review date, commit and tag plan/<id>/v<N>", approve_opts,
	  NEEDS_WORKSPACE },
	{ "status", plan_status, "[<options>]",
	  "per plan: invalid, changed since its approval, review or exercise overdue", status_opts,
	  NEEDS_WORKSPACE },
	{ "rules", plan_rules, "[<options>]",
	  "list the rules, their ids, severities and help", rules_opts, 0 },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

int cmd_plan(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return run_subcommand("plan", plan_subcommands, argc, argv);
}

#define SUB(name) (&plan_subcommands[name])
enum { SUB_VALIDATE, SUB_SHOW, SUB_NEW, SUB_COMMIT, SUB_LOG, SUB_DIFF, SUB_APPROVE, SUB_STATUS, SUB_RULES };

static const char *const plan_exts[] = { ".yaml", ".yml", ".xml", NULL };

struct job {
	struct validator *v;
	struct diag_file **files;
	char **paths;
	size_t nr;
	atomic_size_t next;
};

static void *worker(void *data)
{
	struct job *job = data;
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->nr)
			return NULL;
		validate_file(job->v, job->files[i], job->paths[i]);
	}
}

static void run_jobs(struct job *job, long threads)
{
	pthread_t tids[64];
	long started = 0;

	if (threads > 64)
		threads = 64;
	if ((size_t)threads > job->nr)
		threads = (long)job->nr;
	for (long t = 1; t < threads; t++)
		if (!pthread_create(&tids[started], NULL, worker, job))
			started++;
	worker(job);
	for (long t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
}

/* The files to check: folders expanded; each with its own diagnostics. */
static void collect_inputs(char **args, int nr, const char *stdin_name,
			   const struct config *cfg, struct diag_set *set,
			   struct strlist *paths)
{
	for (int i = 0; i < nr; i++) {
		const char *arg = args[i];
		if (strcmp(arg, "-") && is_directory(arg)) {
			struct strlist found = STRLIST_INIT;
			if (walk_files(arg, plan_exts, &found) < 0 || !found.nr) {
				struct diag_file *f = diag_file_new(arg, cfg);
				if (found.nr)
					diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s",
						     crisis_error_last());
				else
					diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL,
						     "no plan files (*.yaml, *.yml, *.xml) under '%s'", arg);
				f->fatal = true;
				diag_set_add(set, f);
			}
			for (size_t j = 0; j < found.nr; j++) {
				/* "plans/a.yaml", not "./plans/a.yaml", when no path was given */
				const char *shown = found.items[j];
				if (!strcmp(arg, ".") && !strncmp(shown, "./", 2))
					shown += 2;
				diag_set_add(set, diag_file_new(shown, cfg));
				strlist_add(paths, shown);
			}
			strlist_release(&found);
			continue;
		}
		bool is_stdin = !strcmp(arg, "-");
		diag_set_add(set, diag_file_new(is_stdin && stdin_name ? stdin_name : arg, cfg));
		strlist_add(paths, arg);
	}
}

static bool want_color(const char *when)
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

/* Print the configuration's own problems; 0 when it is usable. */
static int load_config(struct config *cfg, const char *path, bool use, struct report_opts *o)
{
	char *found = NULL;
	config_init(cfg);
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
	if (f->errors)
		ret = -1;
	if (f->nr) {
		struct buf out = BUF_INIT;
		struct report_opts text = *o;
		text.format = FORMAT_TEXT;
		text.quiet = true;
		report_write(&out, &set, &text);
		fputs(buf_str(&out), stderr);
		buf_release(&out);
	}
	diag_set_release(&set);
	free(found);
	return ret;
}

/* The configuration and the validator a command checks plans with; 0 or an exit code. */
static int open_validator(struct validator *v, struct config *cfg, const char *config_path,
			  bool use_config, const char *schema, int64_t today,
			  struct report_opts *o)
{
	if (load_config(cfg, config_path, use_config, o) < 0) {
		config_release(cfg);
		return EXIT_USAGE;
	}
	if (validator_init(v, schema, cfg, today) < 0) {
		error("%s", crisis_error_last());
		config_release(cfg);
		return EXIT_FATAL;
	}
	return 0;
}

static int plan_validate(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	const struct subcmd *sub = SUB(SUB_VALIDATE);
	struct report_opts o = { .format = FORMAT_TEXT, .version = CRISIS_VERSION };
	const char *color = "auto", *stdin_name = NULL, *schema = NULL, *config_path = NULL;
	const char *github = getenv("GITHUB_ACTIONS");
	bool use_config = true;
	int64_t today = date_today();
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int c, ret;

	if (github && !strcmp(github, "true"))
		o.format = FORMAT_GITHUB;
	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		char *end;
		switch (c) {
		case 'f':
			if ((ret = report_format_parse(optarg)) < 0)
				return usage_error("plan", sub, "unknown format '%s' (expected %s)",
						   optarg, REPORT_FORMATS);
			o.format = (enum report_format)ret;
			break;
		case OPT_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return usage_error("plan", sub, "--color takes auto, always or never, not '%s'", optarg);
			color = optarg;
			break;
		case OPT_STDIN_FILENAME: stdin_name = optarg; break;
		case OPT_SCHEMA: schema = optarg; break;
		case OPT_CONFIG: config_path = optarg; break;
		case OPT_NO_CONFIG: use_config = false; break;
		case OPT_TODAY:
			if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
				return usage_error("plan", sub, "--today takes a date such as 2026-11-22, not '%s'", optarg);
			break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 64)
				return usage_error("plan", sub, "--jobs takes a number from 1 to 64, not '%s'", optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	o.color = o.format == FORMAT_TEXT && want_color(color);

	char *dot[] = { ".", NULL };
	char **args = optind < argc ? argv + optind : dot;
	int nr_args = optind < argc ? argc - optind : 1;
	int nr_stdin = 0;
	for (int i = 0; i < nr_args; i++)
		nr_stdin += !strcmp(args[i], "-");
	if (nr_stdin > 1)
		return usage_error("plan", sub, "standard input ('-') can be read only once");
	if (stdin_name && !nr_stdin)
		return usage_error("plan", sub, "--stdin-filename needs '-' among the paths");

	struct config cfg;
	struct validator v;
	if ((ret = open_validator(&v, &cfg, config_path, use_config, schema, today, &o)))
		return ret;

	struct diag_set set = { NULL, 0, 0 };
	struct strlist paths = STRLIST_INIT;
	collect_inputs(args, nr_args, stdin_name, &cfg, &set, &paths);

	/* Files that could not be listed keep their finding and are not read. */
	struct job job = { .v = &v, .paths = paths.items, .nr = paths.nr };
	job.files = xcalloc(paths.nr + 1, sizeof(*job.files));
	for (size_t i = 0, j = 0; i < set.nr; i++)
		if (!set.files[i]->fatal)
			job.files[j++] = set.files[i];
	atomic_init(&job.next, 0);
	run_jobs(&job, jobs);

	struct buf out = BUF_INIT;
	report_write(&out, &set, &o);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);

	ret = report_fatal(&set) ? EXIT_FATAL :
	      report_failed(&set, o.strict) ? EXIT_FINDINGS : EXIT_CLEAN;
	buf_release(&out);
	free(job.files);
	strlist_release(&paths);
	diag_set_release(&set);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void print_plan(const struct plan *p, int64_t today)
{
	const struct plan_contact *owner = plan_contact(p, p->owner);
	size_t external = 0;
	char date[11];

	for (size_t i = 0; i < p->nr_contacts; i++)
		external += p->contacts[i].external;
	printf("%s: %s\n", p->id, p->title);
	printf("  %s plan, status %s, owner %s%s%s%s\n",
	       !strcmp(p->kind, "pra") ? "recovery (PRA)" : "continuity (PCA)", p->status,
	       p->owner, owner ? " (" : "", owner ? owner->name : "", owner ? ")" : "");
	printf("  review every %s, last %s", or_dash(p->review_every_text),
	       or_dash(p->review_last_text));
	if (p->has_review_last) {
		date_format(date_add_duration(p->review_last, p->review_every_text), date);
		printf(", next %s", date);
	}
	printf("%s%s\n", p->approved_by ? ", approved by " : "", p->approved_by ? p->approved_by : "");
	if (p->has_exercise)
		printf("  exercise every %s, last %s\n", or_dash(p->exercise_every_text),
		       or_dash(p->exercise_last_text));
	printf("  %zu %s (%zu external), %zu %s, %zu %s, %zu %s, %zu %s, %zu %s\n",
	       p->nr_contacts, plural(p->nr_contacts, "contact", "contacts"), external,
	       p->nr_roles, plural(p->nr_roles, "cell role", "cell roles"),
	       p->nr_scenarios, plural(p->nr_scenarios, "scenario", "scenarios"),
	       p->nr_activities, plural(p->nr_activities, "activity", "activities"),
	       p->nr_levels, plural(p->nr_levels, "escalation level", "escalation levels"),
	       p->nr_procedures, plural(p->nr_procedures, "procedure", "procedures"));
	(void)today;

	if (p->nr_activities) {
		printf("\n  %-28s %-9s %-7s %-7s %-7s %s\n", "activity", "priority", "rto", "rpo",
		       "mtpd", "owner / deputy");
		static const char *const prio[] = { "low", "moderate", "high", "urgent" };
		for (size_t i = 0; i < p->nr_activities; i++) {
			const struct plan_activity *a = &p->activities[i];
			printf("  %-28s %-9s %-7s %-7s %-7s %s / %s\n", a->id, prio[a->priority],
			       or_dash(a->rto_text), or_dash(a->rpo_text),
			       or_dash(a->mtpd_text), or_dash(a->owner),
			       or_dash(a->deputy));
		}
	}
	if (p->nr_roles) {
		printf("\n  %-28s %-13s %s\n", "cell role", "group", "holder / deputy");
		for (size_t i = 0; i < p->nr_roles; i++) {
			const struct plan_role *r = &p->roles[i];
			printf("  %-28s %-13s %s / %s\n", r->id, or_dash(r->group), or_dash(r->holder),
			       or_dash(r->deputy));
		}
	}
	if (p->nr_levels) {
		printf("\n  escalation\n");
		for (size_t i = 0; i < p->nr_levels; i++) {
			const struct plan_level *l = &p->levels[i];
			struct buf who = BUF_INIT;
			for (size_t j = 0; j < l->notify.nr; j++)
				buf_addf(&who, "%s%s", j ? ", " : "", l->notify.ids[j]);
			printf("  level %ld within %-6s %s\n", l->level,
			       or_dash(l->within_text), buf_str(&who));
			buf_release(&who);
		}
	}
}

/*
 * PLAN@REV: the plan as it was at a revision of the workspace; "v3" names
 * the plan's third approval (the tag plan/<id>/v3, id from the file name).
 */
static int load_at_revision(struct validator *v, struct diag_file *f, const char *arg,
			    const char *at, struct loaded_plan *lp)
{
	struct workspace ws;
	struct strlist rel = STRLIST_INIT;
	struct buf file = BUF_INIT, rev = BUF_INIT;
	int ret = -1;
	char *end;

	memset(lp, 0, sizeof(*lp));
	buf_add(&file, arg, (size_t)(at - arg));
	if (workspace_open(&ws) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		goto done;
	}
	char *name = file.ptr;
	if (plan_args(&ws, &name, 1, &rel) == 0) {
		const char *base = strrchr(rel.items[0], '/');
		base = base ? base + 1 : rel.items[0];
		if (at[1] == 'v' && strtoul(at + 2, &end, 10) > 0 && !*end)
			buf_addf(&rev, "plan/%.*s/%s", (int)strcspn(base, "."), base, at + 1);
		else
			buf_adds(&rev, at + 1);
		ret = planvc_load(&ws, v, rev.ptr, rel.items[0], lp, f);
	}
	workspace_close(&ws);
done:
	strlist_release(&rel);
	buf_release(&file);
	buf_release(&rev);
	return ret;
}

static int plan_show(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	const struct subcmd *sub = SUB(SUB_SHOW);
	int64_t today = date_today();
	int c;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
			return usage_error("plan", sub, "--today takes a date such as 2026-11-22, not '%s'", optarg);
	}
	if (argc - optind != 1)
		return usage_error("plan", sub, "name one plan file");

	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true, .color = want_color("auto") };
	int ret = open_validator(&v, &cfg, NULL, true, NULL, today, &o);
	if (ret)
		return ret;
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new(argv[optind], &cfg);
	struct loaded_plan lp;
	diag_set_add(&set, f);
	int loaded;
	const char *at = strrchr(argv[optind], '@');
	if (at && access(argv[optind], F_OK) != 0)
		loaded = load_at_revision(&v, f, argv[optind], at, &lp);
	else
		loaded = validate_load(&v, f, argv[optind], &lp);
	if (loaded == 0)
		print_plan(&lp.plan, today);
	if (f->nr) {
		/* Findings go to standard error, after the summary they qualify. */
		struct buf out = BUF_INIT;
		o.color = want_color("auto") && isatty(STDERR_FILENO);
		report_write(&out, &set, &o);
		fflush(stdout);
		fputs(buf_str(&out), stderr);
		buf_release(&out);
	}
	ret = f->fatal ? EXIT_FATAL : loaded < 0 || f->errors ? EXIT_FINDINGS : EXIT_CLEAN;
	loaded_plan_release(&lp);
	diag_set_release(&set);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static int plan_rules(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	const struct subcmd *sub = SUB(SUB_RULES);
	bool json = false;
	int c;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (strcmp(optarg, "text") && strcmp(optarg, "json"))
			return usage_error("plan", sub, "unknown format '%s' (expected text or json)", optarg);
		json = !strcmp(optarg, "json");
	}
	if (optind < argc)
		return usage_error("plan", sub, "unexpected argument '%s'", argv[optind]);

	struct buf out = BUF_INIT;
	if (json)
		buf_adds(&out, "[");
	for (size_t i = 0; i < nr_rules; i++) {
		const struct rule *r = &rules[i];
		if (json) {
			buf_addf(&out, "%s\n {\"id\": \"%s\", \"stage\": \"%s\", \"severity\": \"%s\", \"summary\": ",
				 i ? "," : "", r->id, rule_stage_name(r->stage), severity_name(r->severity));
			json_str(&out, r->summary);
			buf_adds(&out, ", \"help\": ");
			json_str(&out, r->help);
			buf_adds(&out, "}");
		} else {
			buf_addf(&out, "%-24s %-7s %-6s %s\n", r->id, severity_name(r->severity),
				 rule_stage_name(r->stage), r->summary);
			buf_addf(&out, "%24s %s\n\n", "", r->help);
		}
	}
	if (json)
		buf_adds(&out, "\n]\n");
	fputs(buf_str(&out), stdout);
	buf_release(&out);
	return EXIT_CLEAN;
}

/* --- plans under version control ------------------------------------- */

/* Parse --today into *today; 0, or an exit code after a usage error. */
static int parse_today(const struct subcmd *sub, const char *arg, int64_t *today)
{
	if (date_parse(arg, today) < 0 || strlen(arg) != 10)
		return usage_error("plan", sub, "--today takes a date such as 2026-11-22, not '%s'", arg);
	return 0;
}

/* Print findings as text on standard error. */
static void print_findings(struct diag_file *f)
{
	struct diag_set set = { NULL, 0, 0 };
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	struct buf out = BUF_INIT;

	o.color = want_color("auto") && isatty(STDERR_FILENO);
	diag_set_add(&set, f);
	report_write(&out, &set, &o);
	fflush(stdout);
	fputs(buf_str(&out), stderr);
	buf_release(&out);
	free(set.files);	/* the file itself stays the caller's */
}

static int repo_exit(int ret)
{
	error("%s", crisis_error_last());
	return ret == REPO_NOT_FOUND ? EXIT_USAGE : EXIT_FATAL;
}

static bool valid_id(const char *id)
{
	if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9')))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void open_editor(const char *path)
{
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static int plan_new(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_NEW);
	const char *kind = "pca", *lang = "fr", *title = NULL;
	bool edit = true;
	int c;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		switch (c) {
		case OPT_KIND: kind = optarg; break;
		case OPT_LANG: lang = optarg; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_NO_EDIT: edit = false; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error("plan", sub, "name the new plan's id");
	const char *id = argv[optind];
	if (!valid_id(id))
		return usage_error("plan", sub, "'%s' is not an id: lowercase letters, digits and '-'", id);
	if (strcmp(kind, "pca") && strcmp(kind, "pra"))
		return usage_error("plan", sub, "--kind takes pca or pra, not '%s'", kind);
	if (strcmp(lang, "fr") && strcmp(lang, "en"))
		return usage_error("plan", sub, "--lang takes fr or en, not '%s'", lang);

	struct buf rel = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	int ret = EXIT_CLEAN;
	workspace_plan_path(&rel, id);
	buf_addf(&path, "%s%s", ws->root, WORKSPACE_PLANS);
	mkdir(path.ptr, 0777);	/* a repository that is not yet a workspace */
	buf_reset(&path);
	buf_addf(&path, "%s%s", ws->root, rel.ptr);
	if (access(path.ptr, F_OK) == 0) {
		error("'%s' already exists", rel.ptr);
		ret = EXIT_USAGE;
	} else if (template_plan(&text, id, kind, lang, title) < 0 ||
		   write_file_atomic(path.ptr, text.ptr, text.len, 0644) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
	} else {
		printf("created %s: fill it in, check it with 'crisis plan validate %s',\n"
		       "then record it with 'crisis plan commit %s'\n", rel.ptr, rel.ptr, rel.ptr);
		if (edit && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			fflush(stdout);
			open_editor(path.ptr);
		}
	}
	buf_release(&rel);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

/* The plan files under plans/ (relative to the workspace). */
static int list_plans(struct workspace *ws, struct strlist *out)
{
	struct strlist found = STRLIST_INIT;
	struct buf dir = BUF_INIT;
	int ret = 0;

	buf_addf(&dir, "%s%s", ws->root, WORKSPACE_PLANS);
	if (is_directory(dir.ptr))
		ret = walk_files(dir.ptr, plan_exts, &found);
	for (size_t i = 0; i < found.nr; i++)
		strlist_add(out, found.items[i] + strlen(ws->root));
	strlist_release(&found);
	/* And those of the last commit that are gone from the working tree. */
	if (ret >= 0 && !repo_head_unborn(ws->repo) &&
	    repo_files_at(ws->repo, "HEAD", WORKSPACE_PLANS, &found) >= 0) {
		for (size_t i = 0; i < found.nr; i++) {
			buf_reset(&dir);
			buf_addf(&dir, "%s%s", ws->root, found.items[i]);
			if (is_plan_file(found.items[i]) && access(dir.ptr, F_OK) != 0)
				strlist_add(out, found.items[i]);
		}
		strlist_sort(out);
	}
	strlist_release(&found);
	buf_release(&dir);
	return ret;
}

/* Plan paths named on the command line, relative to the workspace. */
static int plan_args(struct workspace *ws, char **args, int nr, struct strlist *out)
{
	struct buf rel = BUF_INIT;
	for (int i = 0; i < nr; i++) {
		struct strlist found = STRLIST_INIT;
		bool dir = is_directory(args[i]);
		if (dir && walk_files(args[i], plan_exts, &found) < 0) {
			error("%s", crisis_error_last());
			buf_release(&rel);
			return -1;
		}
		if (!dir)
			strlist_add(&found, args[i]);
		for (size_t j = 0; j < found.nr; j++) {
			buf_reset(&rel);
			if (repo_relpath(ws->repo, found.items[j], &rel) < 0) {
				error("%s", crisis_error_last());
				strlist_release(&found);
				buf_release(&rel);
				return -1;
			}
			strlist_add(out, rel.ptr);
		}
		strlist_release(&found);
	}
	buf_release(&rel);
	return 0;
}

/* Is the working copy of `rel` different from HEAD's? New files count. */
static bool changed_since_head(struct workspace *ws, const char *rel)
{
	struct buf then = BUF_INIT, now = BUF_INIT, path = BUF_INIT;
	buf_addf(&path, "%s%s", ws->root, rel);
	bool changed = repo_read_at(ws->repo, "HEAD", rel, &then) < 0 ||
		       read_file(path.ptr, &now) < 0 || then.len != now.len ||
		       memcmp(buf_str(&then), buf_str(&now), now.len);
	buf_release(&then);
	buf_release(&now);
	buf_release(&path);
	return changed;
}

/*
 * The semantic changes of one plan between two revisions (NULL before: none;
 * NULL after: the working tree). -1 when a version exists but does not
 * validate: it cannot be compared, and is not reported as removed.
 */
static int diff_plan(struct workspace *ws, struct validator *v, const char *rev_before,
		     const char *rev_after, const char *rel, struct plandiff *d, bool *existed)
{
	struct diag_file *fb = diag_file_new(rel, NULL), *fa = diag_file_new(rel, NULL);
	struct loaded_plan before, after;
	int b = rev_before ? planvc_load(ws, v, rev_before, rel, &before, fb) : -1;
	int a = planvc_load(ws, v, rev_after, rel, &after, fa);
	bool unreadable = (b < 0 && fb->errors && !fb->fatal) || (a < 0 && fa->errors && !fa->fatal);

	if (!rev_before)
		memset(&before, 0, sizeof(before));
	if (existed)
		*existed = b == 0;
	memset(d, 0, sizeof(*d));
	if (!unreadable)
		plandiff_compute(d, b == 0 ? &before.plan : NULL, a == 0 ? &after.plan : NULL);
	loaded_plan_release(&before);
	loaded_plan_release(&after);
	diag_file_free(fb);
	diag_file_free(fa);
	return unreadable ? -1 : 0;
}

static int plan_commit(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_COMMIT);
	const char *message = NULL;
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c == 'm')
			message = optarg;
		else if (c == OPT_TODAY) {
			if ((ret = parse_today(sub, optarg, &today)))
				return ret;
		} else
			return EXIT_USAGE;
	}
	if (message && !*message)
		return usage_error("plan", sub, "the message is empty");

	struct strlist named = STRLIST_INIT, paths = STRLIST_INIT;
	if (optind < argc) {
		if (plan_args(ws, argv + optind, argc - optind, &named) < 0) {
			strlist_release(&named);
			return EXIT_USAGE;
		}
	} else if (list_plans(ws, &named) < 0) {
		error("%s", crisis_error_last());
		strlist_release(&named);
		return EXIT_FATAL;
	}
	for (size_t i = 0; i < named.nr; i++)
		if (changed_since_head(ws, named.items[i]))
			strlist_add(&paths, named.items[i]);
	strlist_release(&named);
	if (!paths.nr) {
		printf("nothing to commit: the plans are as in the last commit\n");
		strlist_release(&paths);
		return EXIT_CLEAN;
	}

	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, NULL, true, NULL, today, &o))) {
		strlist_release(&paths);
		return ret;
	}
	/* Every plan is checked; one invalid plan stops the commit. */
	bool invalid = false;
	struct buf path = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	for (size_t i = 0; i < paths.nr; i++) {
		struct diag_file *f = diag_file_new(paths.items[i], &cfg);
		buf_reset(&path);
		buf_addf(&path, "%s%s", ws->root, paths.items[i]);
		if (access(path.ptr, F_OK) == 0)
			validate_file(&v, f, path.ptr);
		if (f->errors || f->fatal) {
			invalid = true;
			print_findings(f);
		}
		diag_file_free(f);
	}
	if (invalid) {
		error("not committed: fix the errors above first");
		ret = EXIT_FINDINGS;
		goto done;
	}
	for (size_t i = 0; i < paths.nr; i++) {
		struct plandiff d = { NULL, 0, 0 };
		bool existed = false;
		diff_plan(ws, &v, repo_head_unborn(ws->repo) ? NULL : "HEAD", NULL,
			  paths.items[i], &d, &existed);
		buf_addf(&body, "%s%s:\n", body.len ? "\n" : "", paths.items[i]);
		plandiff_text(&body, &d);
		buf_reset(&path);
		buf_addf(&path, "%s%s", ws->root, paths.items[i]);
		if (!subject.len)
			buf_addf(&subject, "%s %s", access(path.ptr, F_OK) ? "Remove" :
				 existed ? "Update" : "Add", paths.items[i]);
		plandiff_release(&d);
	}
	if (paths.nr > 1) {
		buf_reset(&subject);
		buf_addf(&subject, "Update %zu plans", paths.nr);
	}
	struct buf msg = BUF_INIT;
	if (message)
		buf_addf(&msg, "%s\n", message);
	else
		buf_addf(&msg, "%s\n\n%s", subject.ptr, body.ptr);
	char id[REPO_ID_HEX];
	ret = repo_commit_paths(ws->repo, (const char *const *)paths.items, paths.nr, msg.ptr, id);
	if (ret < 0) {
		ret = repo_exit(ret);
	} else {
		printf("[%.7s] %s\n", id, message ? message : subject.ptr);
		fputs(buf_str(&body), stdout);
		ret = EXIT_CLEAN;
	}
	buf_release(&msg);
done:
	buf_release(&path);
	buf_release(&body);
	buf_release(&subject);
	strlist_release(&paths);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

struct log_state {
	struct workspace *ws;
	struct validator *v;
	bool json;
	long max, shown;
	struct buf out;
	/* The last version read: the next, older commit usually starts there. */
	struct loaded_plan cached;
	bool has_cached, cached_ok;
	struct diag_file *cached_f;
	struct cache *cache;		/* .crisis/crisis.db, or NULL */
};

static void release_cached(struct log_state *st)
{
	if (st->has_cached)
		loaded_plan_release(&st->cached);
	st->has_cached = st->cached_ok = false;
	diag_file_free(st->cached_f);
	st->cached_f = diag_file_new("plan", NULL);
}

/* The plan at `rev`:`path`, read for `out` (which the caller releases). */
static int load_cached(struct log_state *st, const char *rev, const char *path,
		       struct loaded_plan *out)
{
	struct diag_file *f = diag_file_new(path, NULL);
	int ret = planvc_load(st->ws, st->v, rev, path, out, f);
	diag_file_free(f);
	return ret;
}

/* What commit `c` changed in its plan: the version before against this one. */
static void compute_change(struct log_state *st, const struct repo_commit *c, struct plandiff *d)
{
	struct loaded_plan before;
	const char *old = c->old_path ? c->old_path : c->path;
	int b = *c->parent ? load_cached(st, c->parent, old, &before) : -1;

	memset(d, 0, sizeof(*d));
	if (!*c->parent)
		memset(&before, 0, sizeof(before));
	if (*c->path) {
		/* This version is the one the newer commit started from: often in hand. */
		struct buf now = BUF_INIT;
		bool hit = st->has_cached && repo_read_at(st->ws->repo, c->id, c->path, &now) == 0 &&
			   now.len == st->cached.text.len &&
			   !memcmp(buf_str(&now), buf_str(&st->cached.text), now.len);
		buf_release(&now);
		if (!hit) {
			release_cached(st);
			st->cached_ok = planvc_load(st->ws, st->v, c->id, c->path, &st->cached,
						    st->cached_f) == 0;
			st->has_cached = true;
		}
	} else {
		release_cached(st);	/* deleted in this commit: nothing after */
	}
	plandiff_compute(d, b == 0 ? &before.plan : NULL,
			 st->cached_ok ? &st->cached.plan : NULL);
	/* Keep the older version for the next (older) commit. */
	release_cached(st);
	st->cached = before;
	st->cached_ok = b == 0;
	st->has_cached = *c->parent != '\0';
}

static bool is_plan_file(const char *path)
{
	size_t n = strlen(path);
	for (const char *const *e = plan_exts; *e; e++) {
		size_t k = strlen(*e);
		if (n > k && !strcasecmp(path + n - k, *e))
			return true;
	}
	return false;
}

/* What commit `c` did to one of its files, from the index or computed once. */
static void change_of(struct log_state *st, const struct repo_commit *c,
		      const struct repo_change *ch, struct buf *summary, struct buf *json)
{
	const char *key = *ch->path ? ch->path : ch->old_path ? ch->old_path : "";
	if (cache_get_change(st->cache, c->id, key, summary, json))
		return;
	/* A commit never changes: what it did to a plan is computed once. */
	struct repo_commit one = *c;
	struct plandiff d;
	one.path = ch->path;
	one.old_path = ch->old_path;
	compute_change(st, &one, &d);
	plandiff_summary(summary, &d, 100);
	plandiff_json(json, &d);
	cache_put_change(st->cache, c->id, key, buf_str(summary), buf_str(json));
	plandiff_release(&d);
}

static int log_one(const struct repo_commit *c, void *data)
{
	struct log_state *st = data;
	struct buf changes = BUF_INIT, json = BUF_INIT, all = BUF_INIT;
	struct repo_change first = { c->path, c->old_path };
	const struct repo_change *chs = c->nchanges ? c->changes : &first;
	size_t nr = c->nchanges ? c->nchanges : 1, files = 0;
	struct tm tm;
	time_t t = (time_t)(c->time + c->offset * 60);
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	if (st->json) {
		buf_addf(&st->out, "%s\n {\"commit\": \"%s\", \"date\": %lld, \"author\": ",
			 st->shown ? "," : "", c->id, (long long)c->time);
		json_str(&st->out, c->author);
		buf_adds(&st->out, ", \"email\": ");
		json_str(&st->out, c->email);
		buf_adds(&st->out, ", \"message\": ");
		json_str(&st->out, c->message);
	} else {
		buf_addf(&st->out, "%.7s %s %s  %s\n", c->id, when, c->author, c->summary);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct repo_change *ch = &chs[i];
		const char *key = *ch->path ? ch->path : ch->old_path ? ch->old_path : "";
		/* Other files of the commit (a README, a .gitkeep) are not plans. */
		if (nr > 1 && !is_plan_file(key))
			continue;
		buf_reset(&changes);
		buf_reset(&json);
		change_of(st, c, ch, &changes, &json);
		if (st->json) {
			/* The first plan also at the top, for scripts that follow one plan. */
			struct buf one = BUF_INIT;
			buf_adds(&one, "\"path\": ");
			json_str(&one, *ch->path ? ch->path : NULL);
			buf_adds(&one, ", \"old_path\": ");
			json_str(&one, ch->old_path);
			buf_addf(&one, ", \"changes\": %s", json.len ? json.ptr : "[]");
			if (!files)
				buf_addf(&st->out, ", %s", one.ptr);
			buf_addf(&all, "%s{%s}", files ? ", " : "", one.ptr);
			buf_release(&one);
		} else {
			if (ch->old_path && *ch->path)
				buf_addf(&st->out, "        renamed from %s\n", ch->old_path);
			buf_addf(&st->out, "        %s%s: %s\n", key, *ch->path ? "" : " (removed)",
				 changes.len ? changes.ptr : "no change to the plan's content");
		}
		files++;
	}
	if (st->json)
		buf_addf(&st->out, ", \"files\": [%s]}", buf_str(&all));
	buf_release(&all);
	buf_release(&changes);
	buf_release(&json);
	st->shown++;
	return st->max && st->shown >= st->max;
}

static int plan_log(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_LOG);
	struct log_state st = { .ws = ws, .out = BUF_INIT };
	int c, ret;
	char *end;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			st.json = !strcmp(optarg, "json");
		else if (c == 'f')
			return usage_error("plan", sub, "unknown format '%s' (expected text or json)", optarg);
		else if (c == 'n' && (st.max = strtol(optarg, &end, 10)) > 0 && !*end)
			;
		else if (c == 'n')
			return usage_error("plan", sub, "--max-count takes a positive number, not '%s'", optarg);
		else
			return EXIT_USAGE;
	}
	if (argc - optind > 1)
		return usage_error("plan", sub, "name at most one plan");

	struct strlist path = STRLIST_INIT;
	if (optind < argc && plan_args(ws, argv + optind, 1, &path) < 0)
		return EXIT_USAGE;

	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, NULL, true, NULL, date_today(), &o))) {
		strlist_release(&path);
		return ret;
	}
	v.skip_rules = true;
	st.cache = cache_open(ws->root);
	st.v = &v;
	st.shown = 0;
	st.cached_f = diag_file_new("plan", NULL);
	if (st.json)
		buf_adds(&st.out, "[");
	ret = repo_log(ws->repo, path.nr ? path.items[0] : NULL, WORKSPACE_PLANS, log_one, &st);
	if (st.json)
		buf_adds(&st.out, st.shown ? "\n]\n" : "]\n");
	struct buf file = BUF_INIT;
	if (path.nr)
		buf_addf(&file, "%s%s", ws->root, path.items[0]);
	if (ret < 0) {
		ret = repo_exit(ret);
	} else if (!st.shown && path.nr && access(file.ptr, F_OK) != 0) {
		error("'%s' has no history: it is not a plan of this workspace", path.items[0]);
		ret = EXIT_USAGE;
	} else {
		fputs(buf_str(&st.out), stdout);
		ret = EXIT_CLEAN;
	}
	buf_release(&file);
	cache_close(st.cache);
	release_cached(&st);
	diag_file_free(st.cached_f);
	buf_release(&st.out);
	strlist_release(&path);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static int plan_diff(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_DIFF);
	const char *revs[2] = { NULL, NULL };
	int nr_revs = 0, c, ret;
	bool json = false;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			json = !strcmp(optarg, "json");
		else if (c == 'f')
			return usage_error("plan", sub, "unknown format '%s' (expected text or json)", optarg);
		else
			return EXIT_USAGE;
	}
	/* Revisions first, then at most one plan: a file that exists is a plan. */
	struct strlist plans = STRLIST_INIT;
	for (int i = optind; i < argc; i++) {
		char id[REPO_ID_HEX];
		bool is_file = access(argv[i], F_OK) == 0;
		if (!is_file && !plans.nr && nr_revs < 2 && repo_resolve(ws->repo, argv[i], id) == 0) {
			revs[nr_revs++] = argv[i];
			continue;
		}
		if (plans.nr) {
			strlist_release(&plans);
			return usage_error("plan", sub, "name at most one plan, after the revisions");
		}
		if (!is_file && !strstr(argv[i], ".y") && !strstr(argv[i], ".xml")) {
			strlist_release(&plans);
			error("'%s' is neither a revision nor a plan file", argv[i]);
			return EXIT_USAGE;
		}
		if (plan_args(ws, argv + i, 1, &plans) < 0) {
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	/* One revision: against the working tree; none: the last commit against it. */
	const char *before = nr_revs ? revs[0] : repo_head_unborn(ws->repo) ? NULL : "HEAD";
	const char *after = nr_revs == 2 ? revs[1] : NULL;
	if (!plans.nr && list_plans(ws, &plans) < 0) {
		error("%s", crisis_error_last());
		strlist_release(&plans);
		return EXIT_FATAL;
	}

	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, NULL, true, NULL, date_today(), &o))) {
		strlist_release(&plans);
		return ret;
	}
	struct buf out = BUF_INIT;
	size_t shown = 0;
	ret = EXIT_CLEAN;
	if (json)
		buf_adds(&out, "[");
	for (size_t i = 0; i < plans.nr; i++) {
		struct plandiff d = { NULL, 0, 0 };
		if (diff_plan(ws, &v, before, after, plans.items[i], &d, NULL) < 0) {
			error("%s: a version does not validate, so it cannot be compared (see 'crisis plan validate')",
			      plans.items[i]);
			ret = EXIT_FINDINGS;
			continue;
		}
		if (!d.nr) {
			plandiff_release(&d);
			continue;
		}
		if (json) {
			buf_addf(&out, "%s\n {\"path\": ", shown ? "," : "");
			json_str(&out, plans.items[i]);
			buf_adds(&out, ", \"changes\": ");
			plandiff_json(&out, &d);
			buf_adds(&out, "}");
		} else {
			buf_addf(&out, "%s%s:\n", shown ? "\n" : "", plans.items[i]);
			plandiff_text(&out, &d);
		}
		shown++;
		plandiff_release(&d);
	}
	if (json)
		buf_adds(&out, shown ? "\n]\n" : "]\n");
	fputs(buf_str(&out), stdout);
	buf_release(&out);
	strlist_release(&plans);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static int plan_approve(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_APPROVE);
	const char *by = NULL;
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c == OPT_BY)
			by = optarg;
		else if (c == OPT_TODAY) {
			if ((ret = parse_today(sub, optarg, &today)))
				return ret;
		} else
			return EXIT_USAGE;
	}
	if (!by)
		return usage_error("plan", sub, "say who approves the plan: --by <contact>");
	if (argc - optind != 1)
		return usage_error("plan", sub, "name one plan");
	if (repo_head_detached(ws->repo)) {
		error("HEAD is detached: check out a branch before approving a plan");
		return EXIT_FATAL;
	}

	struct strlist path = STRLIST_INIT;
	if (plan_args(ws, argv + optind, 1, &path) < 0)
		return EXIT_USAGE;
	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, NULL, true, NULL, today, &o))) {
		strlist_release(&path);
		return ret;
	}
	struct diag_file *f = diag_file_new(path.items[0], &cfg);
	struct buf tag = BUF_INIT;
	ret = planvc_approve(ws, &v, path.items[0], by, today, &tag, f);
	if (f->errors || f->fatal)
		print_findings(f);
	if (ret < 0) {
		ret = f->errors ? (error("%s", crisis_error_last()), EXIT_FINDINGS) : repo_exit(ret);
	} else if (ret == 1) {
		printf("%s is already approved by %s as %s\n", path.items[0], by, tag.ptr);
		ret = EXIT_CLEAN;
	} else {
		printf("approved %s by %s: tagged %s\n", path.items[0], by, tag.ptr);
		ret = EXIT_CLEAN;
	}
	buf_release(&tag);
	diag_file_free(f);
	strlist_release(&path);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

/* The state of each plan, one line each; 1 when one needs attention. */
int plan_status_report(struct workspace *ws, int64_t today)
{
	int ret;
	struct config cfg;
	struct validator v;
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, NULL, true, NULL, today, &o)))
		return ret;
	struct plan_state *states;
	size_t nr, attention = 0;
	if (planvc_states(ws, &v, &states, &nr) < 0) {
		error("%s", crisis_error_last());
		validator_release(&v);
		config_release(&cfg);
		return EXIT_FATAL;
	}
	for (size_t i = 0; i < nr; i++) {
		const struct plan_state *s = &states[i];
		struct buf what = BUF_INIT;
		if (s->invalid)
			buf_addf(&what, ", invalid (%u error%s)", s->findings->errors,
				 s->findings->errors == 1 ? "" : "s");
		if (!s->approval && !s->invalid)
			buf_adds(&what, ", never approved");
		else if (s->changed)
			buf_addf(&what, ", changed since %s", s->approval);
		if (s->review_overdue)
			buf_adds(&what, ", review overdue");
		if (s->exercise_overdue)
			buf_adds(&what, ", exercise overdue");
		attention += plan_state_attention(s);
		printf("%-40s %s\n", s->path, what.len ? what.ptr + 2 : s->approval ? s->approval : "ok");
		buf_release(&what);
	}
	if (!nr)
		printf("no plans yet: create one with 'crisis plan new <id>'\n");
	else
		printf("%zu plan%s, %zu need%s attention\n", nr, nr == 1 ? "" : "s", attention,
		       attention == 1 ? "s" : "");
	plan_states_free(states, nr);
	validator_release(&v);
	config_release(&cfg);
	return attention ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int plan_status(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_STATUS);
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(argc, argv, "plan", sub)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if ((ret = parse_today(sub, optarg, &today)))
			return ret;
	}
	if (optind < argc)
		return usage_error("plan", sub, "unexpected argument '%s'", argv[optind]);
	return plan_status_report(ws, today);
}
