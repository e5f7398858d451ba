/* crisis plan: the subcommand table; validate plans, show one, list the rules. */
#include "cmd.h"
#include "plan-history.h"
#include "check/config.h"
#include "check/findings.h"
#include "check/validate.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/versions.h"
#include "util/fs.h"
#include "contacts/directory.h"
#include "util/error.h"
#include "util/date.h"
#include "util/json.h"
#include "check/rule.h"
#include "util/version.h"
#include "git/workspace.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cmd_fn plan_validate, plan_show, plan_rules;

enum {
	OPT_COLOR = 256, OPT_STDIN_FILENAME, OPT_SCHEMA, OPT_CONFIG, OPT_NO_CONFIG,
	OPT_TODAY, OPT_STRICT,
};


static const struct opt validate_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", FINDINGS_FORMATS },
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

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cmd plan_validate_cmd = {
	.name = "validate", .parent = "plan", .fn = plan_validate,
	.usage = "[<options>] [<path>...|-]",
	.summary = "check plan files and folders against the schema and the rules",
	.opts = validate_opts,
};

static const struct cmd plan_show_cmd = {
	.name = "show", .parent = "plan", .fn = plan_show,
	.usage = "[<options>] <plan>[@<revision>]",
	.summary = "summarise a plan, as it is or as it was at a revision (plan@v3, plan@HEAD~2)",
	.opts = show_opts,
};

static const struct cmd plan_rules_cmd = {
	.name = "rules", .parent = "plan", .fn = plan_rules,
	.usage = "[<options>]",
	.summary = "list the rules, their ids, severities and help",
	.opts = rules_opts,
};

static const struct cmd *const plan_subcommands[] = {
	&plan_validate_cmd, &plan_show_cmd, &plan_new_cmd, &plan_commit_cmd, &plan_log_cmd,
	&plan_diff_cmd, &plan_approve_cmd, &plan_status_cmd, &plan_rules_cmd, NULL,
};

const struct cmd plan_cmd = {
	.name = "plan", .usage = "<subcommand> [<args>]",
	.summary = "write, validate, version and approve plans",
	.subs = plan_subcommands,
};

struct job {
	struct validator *v;
	struct diag_file **files;
	char **paths;
	size_t nr;
	atomic_size_t next;
	const struct findings_opts *text;	/* the text format: each file's findings written */
	struct buf *outs;		/* by its worker, here */
};

static void *worker(void *data)
{
	struct job *job = data;
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->nr)
			return NULL;
		validate_file(job->v, job->files[i], job->paths[i]);
		if (job->text)
			findings_text_file(&job->outs[i], job->files[i], job->text);
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
		if (strcmp(arg, "-") && fs_is_directory(arg)) {
			struct strlist found = STRLIST_INIT;
			if (fs_walk(arg, workspace_plan_exts, &found) < 0 || !found.nr) {
				struct diag_file *f = diag_file_new(arg, config_severities(cfg));
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
				diag_set_add(set, diag_file_new(shown, config_severities(cfg)));
				strlist_add(paths, shown);
			}
			strlist_release(&found);
			continue;
		}
		bool is_stdin = !strcmp(arg, "-");
		diag_set_add(set, diag_file_new(is_stdin && stdin_name ? stdin_name : arg, config_severities(cfg)));
		strlist_add(paths, arg);
	}
}

/* Is the workspace's contacts.yaml one of the files to check? */
static bool inputs_hold_contacts(const char *root, const struct strlist *paths)
{
	struct buf shared = BUF_INIT;
	struct stat a, b;
	bool found = false;

	if (!root)
		return false;
	buf_addf(&shared, "%s%s", root, WORKSPACE_CONTACTS);
	if (stat(shared.ptr, &a) == 0)
		for (size_t i = 0; !found && i < paths->nr; i++)
			found = !stat(paths->items[i], &b) && a.st_dev == b.st_dev &&
				a.st_ino == b.st_ino;
	buf_release(&shared);
	return found;
}

static int plan_validate(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;	/* only its contacts.yaml is read: the repository stays closed */
	struct findings_opts o = { .format = FORMAT_TEXT, .version = CRISIS_VERSION,
				     .rules = &crisis_kinds()->rules };
	const char *color = "auto", *stdin_name = NULL, *schema = NULL, *config_path = NULL;
	const char *github = getenv("GITHUB_ACTIONS");
	bool use_config = true;
	int64_t today = date_today();
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int c, ret;

	if (github && !strcmp(github, "true"))
		o.format = FORMAT_GITHUB;
	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		char *end;
		switch (c) {
		case 'f':
			if ((ret = findings_format_parse(optarg)) < 0)
				return usage_error(self, "unknown format '%s' (expected %s)",
						   optarg, FINDINGS_FORMATS);
			o.format = (enum findings_format)ret;
			break;
		case OPT_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return usage_error(self, "--color takes auto, always or never, not '%s'", optarg);
			color = optarg;
			break;
		case OPT_STDIN_FILENAME: stdin_name = optarg; break;
		case OPT_SCHEMA: schema = optarg; break;
		case OPT_CONFIG: config_path = optarg; break;
		case OPT_NO_CONFIG: use_config = false; break;
		case OPT_TODAY:
			if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
				return usage_error(self, "--today takes a date such as 2026-11-22, not '%s'", optarg);
			break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 64)
				return usage_error(self, "--jobs takes a number from 1 to 64, not '%s'", optarg);
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
		return usage_error(self, "standard input ('-') can be read only once");
	if (stdin_name && !nr_stdin)
		return usage_error(self, "--stdin-filename needs '-' among the paths");

	struct config cfg;
	struct validator v;
	if ((ret = open_validator(&v, &cfg, NULL, config_path, use_config, schema, today, &o)))
		return ret;

	struct diag_set set = { NULL, 0, 0 };
	struct strlist paths = STRLIST_INIT;
	collect_inputs(args, nr_args, stdin_name, &cfg, &set, &paths);
	/* A contacts.yaml among the files shows its own findings. */
	struct diag_set dropped = { NULL, 0, 0 };
	char *root = workspace_find_root();
	share_contacts(&v, root, &cfg, inputs_hold_contacts(root, &paths) ? &dropped : &set);
	diag_set_release(&dropped);
	free(root);

	/* Files that could not be listed keep their finding and are not read. */
	struct job job = { .v = &v, .paths = paths.items, .nr = paths.nr };
	job.files = xcalloc(paths.nr + 1, sizeof(*job.files));
	for (size_t i = 0, j = 0; i < set.nr; i++)
		if (!set.files[i]->fatal)
			job.files[j++] = set.files[i];
	/* Text is written by the workers too, file by file; the rest at the end. */
	if (o.format == FORMAT_TEXT) {
		job.text = &o;
		job.outs = xcalloc(paths.nr + 1, sizeof(*job.outs));
	}
	atomic_init(&job.next, 0);
	run_jobs(&job, jobs);

	struct buf out = BUF_INIT;
	if (job.text) {
		/* In the set's order; the files no worker read are written here. */
		for (size_t i = 0, j = 0; i < set.nr; i++) {
			if (j < job.nr && set.files[i] == job.files[j]) {
				buf_add(&out, buf_str(&job.outs[j]), job.outs[j].len);
				buf_release(&job.outs[j++]);
			} else {
				findings_text_file(&out, set.files[i], &o);
			}
		}
		findings_text_summary(&out, &set, &o);
		free(job.outs);
	} else {
		findings_write(&out, &set, &o);
	}
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);

	ret = findings_fatal(&set) ? EXIT_FATAL :
	      findings_failed(&set, o.strict) ? EXIT_FINDINGS : EXIT_CLEAN;
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

static int plan_show(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	int64_t today = date_today();
	int c;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
			return usage_error(self, "--today takes a date such as 2026-11-22, not '%s'", optarg);
	}
	if (argc - optind != 1)
		return usage_error(self, "name one plan file");

	struct config cfg;
	struct validator v;
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true, .color = want_color("auto") };
	char *root = workspace_find_root();
	int ret = open_validator(&v, &cfg, root, NULL, true, NULL, today, &o);
	free(root);
	if (ret)
		return ret;
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new(argv[optind], &cfg.severities);
	struct loaded lp;
	diag_set_add(&set, f);
	int loaded;
	const char *at = strrchr(argv[optind], '@');
	if (at && access(argv[optind], F_OK) != 0)
		loaded = versions_load_ref(&v, f, argv[optind], at, &lp);
	else
		loaded = validate_load(&v, f, argv[optind], &lp);
	if (loaded == 0)
		print_plan(plan_of(&lp), today);
	if (f->nr) {
		/* Findings go to standard error, after the summary they qualify. */
		struct buf out = BUF_INIT;
		o.color = want_color("auto") && isatty(STDERR_FILENO);
		findings_write(&out, &set, &o);
		fflush(stdout);
		fputs(buf_str(&out), stderr);
		buf_release(&out);
	}
	ret = f->fatal ? EXIT_FATAL : loaded < 0 || f->errors ? EXIT_FINDINGS : EXIT_CLEAN;
	loaded_release(&lp);
	diag_set_release(&set);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static int plan_rules(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	bool json = false;
	int c;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		if (strcmp(optarg, "text") && strcmp(optarg, "json"))
			return usage_error(self, "unknown format '%s' (expected text or json)", optarg);
		json = !strcmp(optarg, "json");
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);

	struct buf out = BUF_INIT;
	if (json)
		buf_adds(&out, "[");
	const struct ruleset *rules = &crisis_kinds()->rules;
	for (size_t i = 0; i < rules->nr; i++) {
		const struct rule *r = rules->items[i];
		if (json) {
			buf_addf(&out, "%s\n {\"id\": \"%s\", \"stage\": \"%s\", \"severity\": \"%s\", \"summary\": ",
				 i ? "," : "", r->id, rule_stage_name(r->stage), diag_severity_name(r->severity));
			json_str(&out, r->summary);
			buf_adds(&out, ", \"help\": ");
			json_str(&out, r->help);
			buf_adds(&out, "}");
		} else {
			buf_addf(&out, "%-24s %-7s %-6s %s\n", r->id, diag_severity_name(r->severity),
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

