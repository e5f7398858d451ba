/* Checking files: what `crisis plan validate` and `crisis drill validate` share. */
#include "validate.h"
#include "drill/env.h"
#include "git/workspace.h"
#include "kinds.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/version.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
static void collect_inputs(const struct validate_how *how, char **args, int nr, const char *stdin_name,
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
						     "no %s files (*.yaml, *.yml, *.xml) under '%s'", how->noun, arg);
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

int validate_files(const struct cmd *self, int argc, char **argv, const struct validate_how *how)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .version = CRISIS_VERSION,
				     .rules = &crisis_kinds()->rules };
	const char *color = "auto", *stdin_name = NULL, *schema = NULL, *config_path = NULL;
	const char *github = getenv("GITHUB_ACTIONS");
	bool use_config = true;
	int64_t today = date_today();
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	struct strlist plans = STRLIST_INIT;
	int c, ret = EXIT_USAGE;

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
		case VOPT_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case VOPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return usage_error(self, "--color takes auto, always or never, not '%s'", optarg);
			color = optarg;
			break;
		case VOPT_STDIN_FILENAME: stdin_name = optarg; break;
		case VOPT_SCHEMA: schema = optarg; break;
		case VOPT_CONFIG: config_path = optarg; break;
		case VOPT_NO_CONFIG: use_config = false; break;
		case VOPT_TODAY:
			if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
				return usage_error(self, "--today takes a date such as 2026-11-22, not '%s'", optarg);
			break;
		case VOPT_PLAN: strlist_add(&plans, optarg); break;
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
	if (config_path && !use_config)
		return usage_error(self, "--config and --no-config say opposite things: give one");

	char *root = workspace_find_root();
	o.root = root;	/* github and sarif name files from the repository's top */
	/*
	 * With no path: the workspace's folder of these files (and the file
	 * beside them, such as contacts.yaml), not every YAML file of the
	 * repository; outside a workspace, the current folder.
	 */
	struct buf dir = BUF_INIT, also = BUF_INIT;
	if (how->dir && root)
		workspace_path_from_cwd(&dir, root, how->dir);
	else
		buf_adds(&dir, ".");
	if (how->also && root) {
		struct buf full = BUF_INIT;
		buf_addf(&full, "%s%s", root, how->also);
		if (access(full.ptr, F_OK) == 0)
			workspace_path_from_cwd(&also, root, how->also);
		buf_release(&full);
	}
	char *dot[] = { dir.ptr, also.len ? also.ptr : NULL, NULL };
	char **args = optind < argc ? argv + optind : dot;
	int nr_args = optind < argc ? argc - optind : also.len ? 2 : 1;
	int nr_stdin = 0;
	for (int i = 0; i < nr_args; i++)
		nr_stdin += !strcmp(args[i], "-");
	struct config cfg;
	struct validator v;
	struct drill_env env;
	if (nr_stdin > 1)
		usage_error(self, "standard input ('-') can be read only once");
	else if (stdin_name && !nr_stdin)
		usage_error(self, "--stdin-filename needs '-' among the paths");
	else
		ret = open_validator(&v, &cfg, NULL, NULL, 0, config_path, use_config, schema, today, &o);
	if (ret) {
		strlist_release(&plans);
		buf_release(&dir);
		buf_release(&also);
		free(root);
		return ret;
	}
	if (how->kind)
		v.fallback = kinds_find(crisis_kinds(), how->kind);
	/* Drills are checked against their plans; plans count the drill runs as exercises. */
	drill_env_init(&env, &v, root, plans.items, plans.nr);

	struct diag_set set = { NULL, 0, 0 };
	struct strlist paths = STRLIST_INIT;
	collect_inputs(how, args, nr_args, stdin_name, &cfg, &set, &paths);
	/* A contacts.yaml among the files shows its own findings. */
	struct diag_set dropped = { NULL, 0, 0 };
	share_contacts(&v, root, &cfg, inputs_hold_contacts(root, &paths) ? &dropped : &set);
	diag_set_release(&dropped);

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
	drill_env_release(&env);
	validator_release(&v);
	config_release(&cfg);
	strlist_release(&plans);
	buf_release(&dir);
	buf_release(&also);
	free(root);
	return ret;
}

int list_rules(const struct cmd *self, int argc, char **argv, enum rule_stage stage)
{
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
	size_t shown = 0;
	for (size_t i = 0; i < rules->nr; i++) {
		const struct rule *r = rules->items[i];
		if (r->stage != STAGE_LOAD && r->stage != STAGE_SCHEMA && r->stage != stage)
			continue;
		if (json) {
			buf_addf(&out, "%s\n {\"id\": \"%s\", \"stage\": \"%s\", \"severity\": \"%s\", \"summary\": ",
				 shown++ ? "," : "", r->id, rule_stage_name(r->stage), diag_severity_name(r->severity));
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
