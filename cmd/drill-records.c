/*
 * crisis drill new, list, report, history and cards: the drill command's
 * files and records (its table is in cmd/drill.c); documented in
 * crisis-drill(1).
 */
#include "drill-records.h"
#include "drill/cards.h"
#include "drill/drill.h"
#include "drill/env.h"
#include "drill/generate.h"
#include "drill/live.h"
#include "drill/report.h"
#include "drill/run.h"
#include "util/clock.h"
#include "git/workspace.h"
#include "store/journal.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn drill_new, drill_list, drill_report, drill_history, drill_cards;

enum { OPT_PLAN = 256, OPT_SCENARIO, OPT_LANG };

static const struct opt new_opts[] = {
	{ "plan", OPT_PLAN, "PLAN", "the plan to exercise: its id, or its file (required)", NULL },
	{ "scenario", OPT_SCENARIO, "ID", "the plan's scenario to play (default: its first)", NULL },
	{ "lang", OPT_LANG, "LANG", "fr or en (default: the plan's language)", "fr|en" },
	OPT_END,
};

static const struct opt list_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	OPT_END,
};

static const struct opt report_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default), md, html or json", "text|md|html|json" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output", NULL },
	OPT_END,
};

static const struct opt cards_opts[] = {
	{ "format", 'f', "FORMAT", "html (default, one card a printed page) or md", "html|md" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output", NULL },
	OPT_END,
};

const struct cmd drill_new_cmd = {
	.name = "new", .parent = "drill", .fn = drill_new, .usage = "--plan <plan> [<options>] <id>",
	.summary = "make drills/<id>.yaml from a plan: its escalation and procedures to exercise",
	.opts = new_opts, .flags = NEEDS_WORKSPACE,
};

const struct cmd drill_report_cmd = {
	.name = "report", .parent = "drill", .fn = drill_report, .usage = "[<options>] <run>",
	.summary = "the after-action report of a run: actions, ratings, decisions, the log",
	.opts = report_opts, .flags = NEEDS_WORKSPACE,
	.complete = "runs",
};

const struct cmd drill_history_cmd = {
	.name = "history", .parent = "drill", .fn = drill_history, .usage = "[<options>] <drill>",
	.summary = "how the same drill went across its runs, from one exercise to the next",
	.opts = report_opts, .flags = NEEDS_WORKSPACE,
	.complete = "drills",
};

const struct cmd drill_cards_cmd = {
	.name = "cards", .parent = "drill", .fn = drill_cards, .usage = "[<options>] <drill>",
	.summary = "printable cards for the players, one per inject, and the facilitator's sheet",
	.opts = cards_opts, .flags = NEEDS_WORKSPACE,
	.complete = "drills",
};

const struct cmd drill_list_cmd = {
	.name = "list", .parent = "drill", .fn = drill_list, .usage = "[<options>]",
	.summary = "the drills of the workspace, the runs in progress and the recorded ones",
	.opts = list_opts, .flags = NEEDS_WORKSPACE,
};


static int drill_new(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *plan = NULL, *scenario = NULL, *lang = NULL;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_PLAN: plan = optarg; break;
		case OPT_SCENARIO: scenario = optarg; break;
		case OPT_LANG:
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return usage_error(self, "--lang takes fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(self, "name the new drill's id");
	if (!plan)
		return usage_error(self, "name the plan to exercise with --plan");
	const char *id = argv[optind];
	if (!doc_is_id(id))
		return usage_error(self, "'%s' is not an id: lowercase letters, digits and '-'", id);

	struct checker d;
	struct buf path = BUF_INIT, text = BUF_INIT;
	char *plans[] = { (char *)plan };
	bool file = access(plan, F_OK) == 0;
	if ((ret = checker_open(&d, ws, plans, file)))
		return ret;
	buf_addf(&path, "%sdrills/%s.yaml", ws->root, id);
	const struct loaded *lp = NULL;
	if (access(path.ptr, F_OK) == 0) {
		ret = fail(crisis_error("drills/%s.yaml exists already: nothing written", id));
		goto done;
	}
	/* A plan file named: the id it declares (it comes first); else a plan id of the workspace. */
	if (file && d.env->nr)
		lp = d.env->env.find_plan(&d.env->env, d.env->ids[0]);
	else if (!file)
		lp = d.env->env.find_plan(&d.env->env, plan);
	if (!lp || !plan_of(lp)) {
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "%s '%s' %s", file ? "plan file" : "plan", plan,
					     lp ? "does not validate (see crisis plan validate)" :
					     "is not a plan of this workspace"));
		goto done;
	}
	if ((ret = generate_drill(&text, plan_of(lp), id, scenario, lang)) < 0) {
		ret = fail(ret);
		goto done;
	}
	/* As generated, it validates: checked before it is written. */
	struct diag_file *f = diag_file_new(path.ptr, config_severities(&d.cfg));
	struct loaded check;
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	validate_load_text(&d.v, f, &copy, &check);
	bool errors = f->errors || !check.model;
	if (errors)
		print_findings(f);
	loaded_release(&check);
	diag_file_free(f);
	if (errors) {
		ret = fail(crisis_error("the drill made from plan '%s' does not validate: nothing written",
					plan_of(lp)->id));
		goto done;
	}
	if (fs_make_parents(path.ptr) < 0 || fs_write_atomic(path.ptr, text.ptr, text.len, 0644) < 0) {
		ret = fail(CRISIS_ERROR);
		goto done;
	}
	printf("created drills/%s.yaml from plan '%s': edit it, check it with "
	       "'crisis drill validate drills/%s.yaml',\nthen play it with 'crisis drill run %s'\n",
	       id, plan_of(lp)->id, id, id);
	ret = EXIT_CLEAN;
done:
	buf_release(&path);
	buf_release(&text);
	checker_close(&d);
	return ret;
}

/* Expectations on time and counted (not skipped) in a run. */
static void on_time(const struct drill_run *run, size_t *ok, size_t *counted)
{
	*ok = *counted = 0;
	for (size_t i = 0; i < run->nr_outcomes; i++) {
		*ok += run->outcomes[i].status == OUT_ON_TIME;
		*counted += run->outcomes[i].status != OUT_SKIPPED;
	}
}

static void list_text(struct buf *out, const struct records *drills, const struct records *runs,
		      const struct journal_run *live, size_t nr_live)
{
	buf_adds(out, "DRILLS\n");
	for (size_t i = 0; i < drills->paths.nr; i++) {
		const struct drill *d = drill_of(&drills->files[i]);
		size_t n = 0;
		for (size_t k = 0; k < runs->paths.nr; k++)
			n += !strcmp(drill_run_of(&runs->files[k])->drill, d->id);
		buf_addf(out, "  %-32s plan %-28s %zu inject%s, %s, %zu run%s\n", drills->paths.items[i],
			 d->plan, d->nr_injects, d->nr_injects == 1 ? "" : "s", d->duration_text, n,
			 n == 1 ? "" : "s");
	}
	if (!drills->paths.nr)
		buf_adds(out, "  none: make one with 'crisis drill new <id> --plan <plan>'\n");
	if (nr_live) {
		buf_adds(out, "\nIN PROGRESS (crisis drill resume)\n");
		for (size_t i = 0; i < nr_live; i++)
			buf_addf(out, "  %-40s %s, started %s%s\n", live[i].id, live[i].drill_path,
				 live[i].started, live[i].ended ? ", ended: its record is to write" : "");
	}
	buf_adds(out, "\nRECORDED RUNS (crisis drill report)\n");
	for (size_t i = 0; i < runs->paths.nr; i++) {
		const struct drill_run *r = drill_run_of(&runs->files[i]);
		size_t ok, counted;
		on_time(r, &ok, &counted);
		buf_addf(out, "  %-40s %.10s  %zu/%zu on time\n", r->id, r->started, ok, counted);
	}
	if (!runs->paths.nr)
		buf_adds(out, "  none yet\n");
}

static void list_json(struct buf *out, const struct records *drills, const struct records *runs,
		      const struct journal_run *live, size_t nr_live)
{
	buf_adds(out, "{\"version\": 1, \"drills\": [");
	for (size_t i = 0; i < drills->paths.nr; i++) {
		const struct drill *d = drill_of(&drills->files[i]);
		buf_adds(out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(out, drills->paths.items[i]);
		buf_adds(out, ", \"id\": ");
		json_str(out, d->id);
		buf_adds(out, ", \"title\": ");
		json_str(out, d->title);
		buf_adds(out, ", \"plan\": ");
		json_str(out, d->plan);
		buf_addf(out, ", \"injects\": %zu, \"duration\": ", d->nr_injects);
		json_str(out, d->duration_text);
		buf_adds(out, "}");
	}
	buf_adds(out, "],\n \"in_progress\": [");
	for (size_t i = 0; i < nr_live; i++) {
		buf_adds(out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		json_str(out, live[i].id);
		buf_adds(out, ", \"drill\": ");
		json_str(out, live[i].drill_path);
		buf_adds(out, ", \"started\": ");
		json_str(out, live[i].started);
		buf_addf(out, ", \"ended\": %s}", live[i].ended ? "true" : "false");
	}
	buf_adds(out, "],\n \"runs\": [");
	for (size_t i = 0; i < runs->paths.nr; i++) {
		const struct drill_run *r = drill_run_of(&runs->files[i]);
		size_t ok, counted;
		on_time(r, &ok, &counted);
		buf_adds(out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(out, runs->paths.items[i]);
		buf_adds(out, ", \"id\": ");
		json_str(out, r->id);
		buf_adds(out, ", \"drill\": ");
		json_str(out, r->drill);
		buf_adds(out, ", \"started\": ");
		json_str(out, r->started);
		buf_addf(out, ", \"on_time\": %zu, \"expectations\": %zu}", ok, counted);
	}
	buf_adds(out, "]}\n");
}

static int drill_list(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	bool json = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != 'f' || check_format(self, optarg, "text|json"))
			return EXIT_USAGE;
		json = !strcmp(optarg, "json");
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);

	struct checker d;
	struct records drills, runs;
	struct journal *j = NULL;
	struct journal_run *live = NULL;
	size_t nr_live = 0;
	if ((ret = checker_open(&d, ws, NULL, 0)))
		return ret;
	records_read(&drills, &d.v, &d.cfg, ws, "drills", &drill_kind);
	records_read(&runs, &d.v, &d.cfg, ws, DRILL_RUNS_DIR, &drill_run_kind);
	records_warn(&drills, "crisis drill validate");
	records_warn(&runs, "crisis drill validate");
	if (journal_open(&j, ws->root) < 0 || journal_runs(j, &live, &nr_live) < 0) {
		ret = fail(CRISIS_ERROR);
		goto done;
	}
	struct buf out = BUF_INIT;
	if (json)
		list_json(&out, &drills, &runs, live, nr_live);
	else
		list_text(&out, &drills, &runs, live, nr_live);
	fputs(buf_str(&out), stdout);
	buf_release(&out);
	ret = EXIT_CLEAN;
done:
	journal_runs_free(live, nr_live);
	journal_close(j);
	records_release(&drills);
	records_release(&runs);
	checker_close(&d);
	return ret;
}

/* The options of report and history: the format and the file; 0, or an exit code. */
static int report_options(const struct cmd *self, int argc, char **argv, enum report_format *f,
			  const char **file)
{
	int c, format;
	*f = REPORT_TEXT;
	*file = NULL;
	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'o') {
			*file = optarg;
		} else if (c == 'f' && (format = report_format_parse(optarg)) >= 0) {
			*f = (enum report_format)format;
		} else {
			return c == 'f' ? usage_error(self, "unknown format '%s' (expected text, md, html or json)",
						       optarg) : EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(self, "name one %s", self == &drill_report_cmd ? "run" : "drill");
	return 0;
}

/*
 * A run's record: the file named, drills/runs/<id>.yaml, or a run still in
 * the journal (its record as it would be written now). 0, or an exit code.
 */
static int load_run(struct checker *d, struct workspace *ws, const char *arg, struct loaded *out)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct diag_file *f;
	int ret = EXIT_CLEAN;

	memset(out, 0, sizeof(*out));
	if (access(arg, F_OK) == 0)
		buf_adds(&path, arg);
	else
		buf_addf(&path, "%s%s%s.yaml", ws->root, DRILL_RUNS_DIR, arg);
	if (access(path.ptr, F_OK) == 0) {
		ret = fs_read_file(path.ptr, &text) < 0 ? fail(CRISIS_ERROR) : 0;
	} else {
		struct live l;
		int64_t mono = clock_mono_ms(), wall = clock_wall_ms();
		if (live_watch(&l, ws, &d->v, arg, wall, mono) < 0)
			ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no run '%s': name a record of %s, "
						     "or a run in progress", arg, DRILL_RUNS_DIR));
		else
			live_record_yaml(&text, &l, wall);
		live_close(&l);
	}
	if (ret)
		goto done;
	f = diag_file_new(path.ptr, config_severities(&d->cfg));
	if (validate_load_text(&d->v, f, &text, out) < 0 || !drill_run_of(out)) {
		print_findings(f);
		ret = fail(crisis_error("'%s' is not the record of a drill run", arg));
	}
	diag_file_free(f);
done:
	buf_release(&path);
	buf_release(&text);
	return ret;
}

static int drill_report(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	enum report_format format;
	const char *file;
	struct checker d;
	struct loaded run;
	int ret;

	if ((ret = report_options(self, argc, argv, &format, &file)) || (ret = checker_open(&d, ws, NULL, 0)))
		return ret;
	if (!(ret = load_run(&d, ws, argv[optind], &run))) {
		struct buf out = BUF_INIT;
		report_run(&out, drill_run_of(&run), format);
		ret = emit_output(&out, file);
		buf_release(&out);
	}
	loaded_release(&run);
	checker_close(&d);
	return ret;
}

static int by_start(const void *a, const void *b)
{
	const struct drill_run *x = *(const struct drill_run *const *)a;
	const struct drill_run *y = *(const struct drill_run *const *)b;
	int c = strcmp(x->started ? x->started : "", y->started ? y->started : "");
	return c ? c : strcmp(x->id, y->id);
}

/* The id of a drill named by its id or its file. */
static const char *drill_id_of(struct checker *d, const char *arg, struct loaded *file)
{
	memset(file, 0, sizeof(*file));
	if (access(arg, F_OK) != 0)
		return arg;
	struct diag_file *f = diag_file_new(arg, NULL);
	validate_load(&d->v, f, arg, file);
	diag_file_free(f);
	return drill_of(file) ? drill_of(file)->id : arg;
}

static int drill_history(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	enum report_format format;
	const char *file;
	struct checker d;
	struct records runs;
	struct loaded drill;
	int ret;

	if ((ret = report_options(self, argc, argv, &format, &file)) || (ret = checker_open(&d, ws, NULL, 0)))
		return ret;
	const char *id = drill_id_of(&d, argv[optind], &drill);
	records_read(&runs, &d.v, &d.cfg, ws, DRILL_RUNS_DIR, &drill_run_kind);
	const struct drill_run **list = xcalloc(runs.paths.nr + 1, sizeof(*list));
	size_t nr = 0;
	for (size_t i = 0; i < runs.paths.nr; i++)
		if (!strcmp(drill_run_of(&runs.files[i])->drill, id))
			list[nr++] = drill_run_of(&runs.files[i]);
	qsort(list, nr, sizeof(*list), by_start);
	if (!nr) {
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no recorded run of drill '%s' under %s",
					     id, DRILL_RUNS_DIR));
	} else {
		struct buf out = BUF_INIT;
		report_history(&out, list, nr, format);
		ret = emit_output(&out, file);
		buf_release(&out);
	}
	free(list);
	records_release(&runs);
	loaded_release(&drill);
	checker_close(&d);
	return ret;
}

static int drill_cards(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *file = NULL;
	bool html = true;
	struct checker d;
	struct loaded drill;
	struct buf path = BUF_INIT;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'o')
			file = optarg;
		else if (c == 'f' && !check_format(self, optarg, "html|md"))
			html = !strcmp(optarg, "html");
		else
			return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return usage_error(self, "name one drill");
	if ((ret = checker_open(&d, ws, NULL, 0)))
		return ret;
	const char *arg = argv[optind];
	if (access(arg, F_OK) == 0)
		buf_adds(&path, arg);
	else
		buf_addf(&path, "%sdrills/%s.yaml", ws->root, arg);
	struct diag_file *f = diag_file_new(path.ptr, config_severities(&d.cfg));
	if (validate_load(&d.v, f, path.ptr, &drill) < 0 || !drill_of(&drill)) {
		print_findings(f);
		ret = fail(crisis_error_code(access(path.ptr, F_OK) ? CRISIS_ENOTFOUND : CRISIS_ERROR,
					     "'%s' is not a drill that can be printed", arg));
	} else {
		struct buf out = BUF_INIT;
		cards_write(&out, drill_of(&drill), html);
		ret = emit_output(&out, file);
		buf_release(&out);
	}
	diag_file_free(f);
	loaded_release(&drill);
	buf_release(&path);
	checker_close(&d);
	return ret;
}
