/*
 * crisis debrief list, show, report, actions and close: the debriefs of the
 * workspace and their improvement plan, followed until a plan commit closes
 * each action. The table is in cmd/debrief.c; documented in crisis-debrief(1).
 */
#include "debrief.h"
#include "check/yamledit.h"
#include "debrief/debrief.h"
#include "debrief/draft.h"
#include "debrief/report.h"
#include "drill/env.h"
#include "git/repo.h"
#include "git/workspace.h"
#include "store/drafts.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn debrief_list, debrief_show, debrief_report_fn, debrief_actions, debrief_close;

enum {
	OPT_TODAY = 256, OPT_OPEN, OPT_OVERDUE, OPT_OWNER, OPT_PLAN, OPT_COMMIT, OPT_DROP,
	OPT_DEBRIEF, OPT_NO_COMMIT,
};

static const struct opt list_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ "today", OPT_TODAY, "DATE", "count overdue actions as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static const struct opt show_opts[] = {
	{ "today", OPT_TODAY, "DATE", "mark overdue actions as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static const struct opt report_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default), md, html or json", "text|md|html|json" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output", NULL },
	{ "today", OPT_TODAY, "DATE", "mark overdue actions as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static const struct opt actions_opts[] = {
	{ "open", OPT_OPEN, NULL, "only the open actions", NULL },
	{ "overdue", OPT_OVERDUE, NULL, "only the open actions past their due date", NULL },
	{ "owner", OPT_OWNER, "ID", "only the actions of this cell role or contact", NULL },
	{ "plan", OPT_PLAN, "PLAN", "only the actions that change this plan", NULL },
	{ "format", 'f', "FORMAT", "output format: text (default), json or csv", "text|json|csv" },
	{ "today", OPT_TODAY, "DATE", "overdue as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static const struct opt close_opts[] = {
	{ "commit", OPT_COMMIT, "REV", "the plan commit that does the action (it must change the plan)", NULL },
	{ "drop", OPT_DROP, NULL, "drop the action instead: it will not be done", NULL },
	{ "debrief", OPT_DEBRIEF, "ID", "the debrief of the action, when several have its id", NULL },
	{ "no-commit", OPT_NO_COMMIT, NULL, "change the debrief file, do not commit it", NULL },
	OPT_END,
};

const struct cmd debrief_list_cmd = {
	.name = "list", .parent = "debrief", .fn = debrief_list, .usage = "[<options>]",
	.summary = "the debriefs of the workspace, with their open actions, and those being written",
	.opts = list_opts, .flags = NEEDS_WORKSPACE,
};

const struct cmd debrief_show_cmd = {
	.name = "show", .parent = "debrief", .fn = debrief_show, .usage = "[<options>] <id>",
	.summary = "a debrief, finished or being written, on the terminal",
	.opts = show_opts, .flags = NEEDS_WORKSPACE,
	.complete = "debriefs",
};

const struct cmd debrief_report_cmd = {
	.name = "report", .parent = "debrief", .fn = debrief_report_fn, .usage = "[<options>] <id>",
	.summary = "the after-action report and improvement plan of a debrief",
	.opts = report_opts, .flags = NEEDS_WORKSPACE,
	.complete = "debriefs",
};

const struct cmd debrief_actions_cmd = {
	.name = "actions", .parent = "debrief", .fn = debrief_actions, .usage = "[<options>]",
	.summary = "the corrective actions of every debrief: who does what by when, and where it stands",
	.opts = actions_opts, .flags = NEEDS_WORKSPACE,
};

const struct cmd debrief_close_cmd = {
	.name = "close", .parent = "debrief", .fn = debrief_close,
	.usage = "(--commit <rev> | --drop) [<options>] [<debrief>/]<action>",
	.summary = "close an action with the plan commit that does it, and commit the debrief",
	.opts = close_opts, .flags = NEEDS_WORKSPACE,
	.complete = "actions",
};

/* ---- reading the debriefs ---------------------------------------------------------------- */

static long line_of(const xmlNode *node)
{
	unsigned long line = 0, col;
	if (node)
		doc_locate(node, &line, &col);
	return (long)line;
}

/* The debrief of the workspace named by its id or its file; NULL after saying why. */
static const struct loaded *find_debrief(const struct records *r, struct workspace *ws, const char *arg,
					 size_t *index)
{
	struct buf rel = BUF_INIT;
	if (access(arg, F_OK) == 0)
		workspace_path_from_cwd(&rel, ws->root, arg);
	for (size_t i = 0; i < r->paths.nr; i++) {
		const struct debrief *d = debrief_of(&r->files[i]);
		if (!strcmp(d->id, arg) || (rel.len && !strcmp(r->paths.items[i], rel.ptr))) {
			buf_release(&rel);
			*index = i;
			return &r->files[i];
		}
	}
	buf_release(&rel);
	return NULL;
}

/*
 * A debrief to show: a file of debriefs/, else a draft being written (as it
 * would be finished now), loaded into `draft_l`. 0, or an exit code.
 */
static int load_debrief(struct checker *c, struct workspace *ws, const struct records *r,
			const char *arg, const struct debrief **out, struct loaded *draft_l)
{
	size_t i;
	memset(draft_l, 0, sizeof(*draft_l));
	const struct loaded *l = find_debrief(r, ws, arg, &i);
	if (l) {
		*out = debrief_of(l);
		return 0;
	}
	struct drafts *ds = NULL;
	struct draft d = { 0 };
	struct buf text = BUF_INIT, path = BUF_INIT;
	int ret = drafts_open(&ds, ws->root);
	if (ret == 0 && (ret = drafts_get(ds, arg, &d)) == 0)
		ret = draft_yaml(ds, &d, &text);
	if (ret == CRISIS_ENOTFOUND)
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no debrief '%s' in %s, nor being written",
					     arg, DEBRIEFS_DIR));
	else if (ret < 0)
		ret = fail(ret);
	if (ret == 0) {
		draft_path(&path, &d);
		struct diag_file *f = diag_file_new(path.ptr, config_severities(&c->cfg));
		validate_load_text(&c->v, f, &text, draft_l);
		if (!debrief_of(draft_l)) {
			print_findings(f);
			ret = fail(crisis_error("debrief '%s' being written cannot be read", arg));
		}
		diag_file_free(f);
		*out = debrief_of(draft_l);
	}
	buf_release(&text);
	buf_release(&path);
	draft_release(&d);
	drafts_close(ds);
	return ret;
}

/* ---- list ------------------------------------------------------------------------------------ */

static void count_actions(const struct debrief *d, int64_t today, size_t *open, size_t *overdue)
{
	*open = *overdue = 0;
	for (size_t i = 0; i < d->nr_actions; i++) {
		*open += d->actions[i].status == ACTION_OPEN;
		*overdue += debrief_action_overdue(&d->actions[i], today);
	}
}

struct draft_count {
	size_t n;
};

static int count_entry(const struct draft_entry *e, void *data)
{
	(void)e;
	((struct draft_count *)data)->n++;
	return 0;
}

static int debrief_list(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	bool json = false;
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && !check_format(self, optarg, "text|json"))
			json = !strcmp(optarg, "json");
		else if (c != OPT_TODAY || (ret = parse_today(self, optarg, &today)))
			return EXIT_USAGE;
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);

	struct checker ch;
	struct records r;
	struct drafts *ds = NULL;
	struct draft *drafts = NULL;
	size_t nr_drafts = 0;
	struct buf out = BUF_INIT;
	if ((ret = checker_open(&ch, ws, NULL, 0)))
		return ret;
	records_read(&r, &ch.v, &ch.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	records_warn(&r, "crisis debrief validate");
	if ((ret = drafts_open(&ds, ws->root)) < 0 || (ret = drafts_list(ds, &drafts, &nr_drafts)) < 0) {
		ret = fail(ret);
		goto done;
	}
	buf_adds(&out, json ? "{\"version\": 1, \"debriefs\": [" : "DEBRIEFS\n");
	for (size_t i = 0; i < r.paths.nr; i++) {
		const struct debrief *d = debrief_of(&r.files[i]);
		size_t open, overdue;
		count_actions(d, today, &open, &overdue);
		if (json) {
			buf_adds(&out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
			json_str(&out, r.paths.items[i]);
			buf_adds(&out, ", \"id\": ");
			json_str(&out, d->id);
			buf_adds(&out, ", \"date\": ");
			json_str(&out, d->date_text);
			buf_adds(&out, ", \"drill_run\": ");
			json_str(&out, d->run);
			buf_adds(&out, ", \"crisis\": ");
			json_str(&out, d->crisis);
			buf_adds(&out, ", \"plan\": ");
			json_str(&out, d->plan);
			buf_addf(&out, ", \"lessons\": %zu, \"actions\": %zu, \"open\": %zu, \"overdue\": %zu}",
				 d->nr_lessons, d->nr_actions, open, overdue);
		} else {
			buf_addf(&out, "  %-48s %s  %zu lesson%s, %zu action%s: %zu open", r.paths.items[i],
				 d->run ? "drill " : "crisis", d->nr_lessons, d->nr_lessons == 1 ? "" : "s",
				 d->nr_actions, d->nr_actions == 1 ? "" : "s", open);
			if (overdue)
				buf_addf(&out, " (%zu overdue)", overdue);
			buf_addc(&out, '\n');
		}
	}
	if (!json && !r.paths.nr)
		buf_adds(&out, "  none: start one with 'crisis debrief new'\n");
	buf_adds(&out, json ? "],\n \"in_progress\": [" : "");
	if (!json && nr_drafts)
		buf_adds(&out, "\nBEING WRITTEN (crisis debrief add, crisis debrief finish)\n");
	for (size_t i = 0; i < nr_drafts; i++) {
		struct draft_count n = { 0 };
		drafts_entries(ds, drafts[i].id, count_entry, &n);
		if (json) {
			buf_adds(&out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
			json_str(&out, drafts[i].id);
			buf_adds(&out, ", \"date\": ");
			json_str(&out, drafts[i].date);
			buf_adds(&out, ", \"drill_run\": ");
			json_str(&out, drafts[i].run);
			buf_adds(&out, ", \"crisis\": ");
			json_str(&out, drafts[i].crisis);
			buf_addf(&out, ", \"entries\": %zu}", n.n);
		} else {
			buf_addf(&out, "  %-40s %s %s, %zu entr%s\n", drafts[i].id,
				 drafts[i].run ? "of drill run" : "of the crisis",
				 drafts[i].run ? drafts[i].run : drafts[i].crisis, n.n, n.n == 1 ? "y" : "ies");
		}
	}
	buf_adds(&out, json ? "]}\n" : "");
	fputs(buf_str(&out), stdout);
	ret = EXIT_CLEAN;
done:
	buf_release(&out);
	drafts_free(drafts, nr_drafts);
	drafts_close(ds);
	records_release(&r);
	checker_close(&ch);
	return ret;
}

/* ---- show and report ----------------------------------------------------------------------- */

static int show_or_report(const struct cmd *self, struct workspace *ws, const char *arg,
			  enum report_format format, const char *file, int64_t today)
{
	struct checker ch;
	struct records r;
	struct loaded draft_l;
	const struct debrief *d = NULL;
	int ret;
	(void)self;
	if ((ret = checker_open(&ch, ws, NULL, 0)))
		return ret;
	records_read(&r, &ch.v, &ch.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	if (!(ret = load_debrief(&ch, ws, &r, arg, &d, &draft_l))) {
		struct buf out = BUF_INIT;
		debrief_report(&out, d, format, today);
		ret = emit_output(&out, file);
		buf_release(&out);
	}
	loaded_release(&draft_l);
	records_release(&r);
	checker_close(&ch);
	return ret;
}

static int debrief_show(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	int64_t today = date_today();
	int c, ret;
	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1)
		if (c != OPT_TODAY || (ret = parse_today(self, optarg, &today)))
			return EXIT_USAGE;
	if (argc - optind != 1)
		return usage_error(self, "name one debrief");
	return show_or_report(self, ws, argv[optind], REPORT_TEXT, NULL, today);
}

static int debrief_report_fn(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	enum report_format format = REPORT_TEXT;
	const char *file = NULL;
	int64_t today = date_today();
	int c, f, ret;
	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'o')
			file = optarg;
		else if (c == 'f' && (f = report_format_parse(optarg)) >= 0)
			format = (enum report_format)f;
		else if (c == 'f')
			return usage_error(self, "unknown format '%s' (expected text, md, html or json)", optarg);
		else if (c != OPT_TODAY || (ret = parse_today(self, optarg, &today)))
			return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return usage_error(self, "name one debrief");
	return show_or_report(self, ws, argv[optind], format, file, today);
}

/* ---- actions --------------------------------------------------------------------------------- */

static int debrief_actions(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	enum actions_format format = ACTIONS_TEXT;
	bool open = false, overdue = false;
	const char *owner = NULL, *plan = NULL;
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_OPEN: open = true; break;
		case OPT_OVERDUE: overdue = true; break;
		case OPT_OWNER: owner = optarg; break;
		case OPT_PLAN: plan = optarg; break;
		case 'f':
			if (check_format(self, optarg, "text|json|csv"))
				return EXIT_USAGE;
			format = !strcmp(optarg, "json") ? ACTIONS_JSON : !strcmp(optarg, "csv") ?
				 ACTIONS_CSV : ACTIONS_TEXT;
			break;
		case OPT_TODAY:
			if ((ret = parse_today(self, optarg, &today)))
				return ret;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);

	struct checker ch;
	struct records r;
	struct action_row *rows = NULL;
	size_t nr = 0, alloc = 0;
	if ((ret = checker_open(&ch, ws, NULL, 0)))
		return ret;
	records_read(&r, &ch.v, &ch.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	records_warn(&r, "crisis debrief validate");
	for (size_t i = 0; i < r.paths.nr; i++) {
		const struct debrief *d = debrief_of(&r.files[i]);
		for (size_t k = 0; k < d->nr_actions; k++) {
			const struct debrief_action *a = &d->actions[k];
			const char *p = debrief_action_plan(d, a);
			if ((open && a->status != ACTION_OPEN) || (overdue && !debrief_action_overdue(a, today)) ||
			    (owner && (!a->owner || strcmp(a->owner, owner))) || (plan && (!p || strcmp(p, plan))))
				continue;
			ALLOC_GROW(rows, nr + 1, alloc);
			rows[nr++] = (struct action_row){ d, a, r.paths.items[i], line_of(a->node) };
		}
	}
	struct buf out = BUF_INIT;
	actions_table(&out, rows, nr, format, today);
	fputs(buf_str(&out), stdout);
	buf_release(&out);
	free(rows);
	records_release(&r);
	checker_close(&ch);
	return EXIT_CLEAN;
}

/* ---- close ------------------------------------------------------------------------------------- */

/*
 * Did commit `id` change the file `path` (relative to the repository)? Its
 * content there differs from its first parent's (or it is new in a root
 * commit). 1, 0, or a negative code.
 */
static int commit_changes(struct repo *repo, const char *id, const char *path)
{
	struct buf at = BUF_INIT, before = BUF_INIT, parent = BUF_INIT;
	buf_addf(&parent, "%s^", id);
	int now = repo_read_at(repo, id, path, &at);
	int was = repo_read_at(repo, parent.ptr, path, &before);
	int ret = now < 0 && now != CRISIS_ENOTFOUND ? now :
		  was < 0 && was != CRISIS_ENOTFOUND ? was :
		  now == CRISIS_ENOTFOUND && was == CRISIS_ENOTFOUND ? 0 :
		  now != was || at.len != before.len || memcmp(at.ptr, before.ptr, at.len) ? 1 : 0;
	buf_release(&at);
	buf_release(&before);
	buf_release(&parent);
	return ret;
}

/* The action `id` among the debriefs (of debrief `which` when given): 0, or an exit code after saying why. */
static int find_action(const struct records *r, const char *which, const char *id, size_t *file,
		       const struct debrief_action **out)
{
	struct buf where = BUF_INIT;
	size_t found = 0;
	for (size_t i = 0; i < r->paths.nr; i++) {
		const struct debrief *d = debrief_of(&r->files[i]);
		const struct debrief_action *a = debrief_action(d, id);
		if (!a || (which && strcmp(d->id, which)))
			continue;
		buf_addf(&where, "%s%s", found ? ", " : "", d->id);
		if (!found++) {
			*file = i;
			*out = a;
		}
	}
	int ret = 0;
	if (!found)
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no action '%s' in %s%s (see crisis debrief actions)",
					     id, which ? "debrief " : "the debriefs of ", which ? which : DEBRIEFS_DIR));
	else if (found > 1)
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "debriefs %s each have an action '%s': "
					     "name one, such as %s/%s", where.ptr, id, debrief_of(&r->files[*file])->id,
					     id));
	buf_release(&where);
	return ret;
}

static int debrief_close(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *rev = NULL, *which = NULL;
	bool drop = false, commit = true;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_COMMIT: rev = optarg; break;
		case OPT_DROP: drop = true; break;
		case OPT_DEBRIEF: which = optarg; break;
		case OPT_NO_COMMIT: commit = false; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(self, "name one action");
	/* DEBRIEF/ACTION names both */
	char *slash = strchr(argv[optind], '/');
	if (slash && !which) {
		*slash = '\0';
		which = argv[optind];
		argv[optind] = slash + 1;
	}
	if (!rev == !drop)
		return usage_error(self, "say how the action ends: --commit REV (done by that plan commit) "
				   "or --drop");

	struct checker ch;
	struct records r;
	struct buf text = BUF_INIT, full = BUF_INIT, rel = BUF_INIT, msg = BUF_INIT;
	char id[REPO_ID_HEX] = "", made[REPO_ID_HEX] = "";
	const struct debrief_action *a = NULL;
	size_t file = 0;
	/* Held from the read of the debrief to its commit: two closes at once both keep theirs. */
	int lock;
	if ((ret = store_lock(ws->root, "debriefs", &lock)) < 0)
		return fail(ret);
	if ((ret = checker_open(&ch, ws, NULL, 0))) {
		store_unlock(lock);
		return ret;
	}
	records_read(&r, &ch.v, &ch.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	if ((ret = find_action(&r, which, argv[optind], &file, &a)))
		goto done;
	const struct debrief *d = debrief_of(&r.files[file]);
	const char *plan = debrief_action_plan(d, a);
	if (a->status != ACTION_OPEN) {
		/* As a name that does not exist: the user's to correct. */
		error("action '%s' of debrief '%s' is %s already%s%s", a->id, d->id,
		      action_status_name(a->status), a->closed_by ? ", by commit " : "",
		      a->closed_by ? a->closed_by : "");
		ret = EXIT_USAGE;
		goto done;
	}

	if (rev) {
		/* The commit must be the plan's: it changed the plan's file. */
		const char *plan_file = plan ? drill_env_plan_path(ch.env, plan) : NULL;
		if (!plan) {
			error("action '%s' names no plan (nor does its debrief): it cannot be closed by a "
			      "plan commit; --drop it, or give it a plan", a->id);
			ret = EXIT_USAGE;
			goto done;
		}
		if (!plan_file || repo_relpath(ws->repo, plan_file, &rel) < 0) {
			ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "plan '%s' of action '%s' is not a plan "
						     "of this workspace", plan, a->id));
			goto done;
		}
		if ((ret = repo_resolve(ws->repo, rev, id)) < 0) {
			ret = fail(ret);
			goto done;
		}
		int changed = commit_changes(ws->repo, id, rel.ptr);
		if (changed < 0) {
			ret = fail(changed);
			goto done;
		}
		if (!changed) {
			error("commit %.7s does not change plan '%s' (%s): an action is closed by the plan "
			      "change that does it", id, plan, rel.ptr);
			ret = EXIT_FINDINGS;
			goto done;
		}
	}

	/* The file as it is, edited in place: the action's status and closing commit. */
	buf_addf(&full, "%s%s", ws->root, r.paths.items[file]);
	struct loaded edit;
	struct diag_file *f;
	if (fs_read_file(full.ptr, &text) < 0) {
		ret = fail(CRISIS_ERROR);
		goto done;
	}
	for (int step = 0; step < (rev ? 2 : 1); step++) {
		/* Each edit is made on the document loaded from the text as it is then. */
		struct buf copy = BUF_INIT;
		buf_add(&copy, text.ptr, text.len);
		f = diag_file_new(r.paths.items[file], NULL);
		validate_load_text(&ch.v, f, &copy, &edit);
		diag_file_free(f);
		const struct debrief *e = debrief_of(&edit);
		const struct debrief_action *ea = e ? debrief_action(e, a->id) : NULL;
		ret = !ea ? crisis_error("%s changed while it was read", r.paths.items[file]) :
		      step == 0 ? yamledit_set_key(&text, ea->node, "status", drop ? "dropped" : "done") :
				  yamledit_set_key(&text, ea->node, "closed_by", id);
		loaded_release(&edit);
		if (ret < 0) {
			ret = fail(ret);
			goto done;
		}
	}
	/* What is written still validates. */
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	f = diag_file_new(r.paths.items[file], config_severities(&ch.cfg));
	validate_load_text(&ch.v, f, &copy, &edit);
	bool valid = !f->errors && debrief_of(&edit);
	if (!valid)
		print_findings(f);
	diag_file_free(f);
	loaded_release(&edit);
	if (!valid) {
		ret = fail(crisis_error("closing action '%s' would leave %s invalid: nothing written", a->id,
					r.paths.items[file]));
		goto done;
	}
	if (fs_write_atomic(full.ptr, text.ptr, text.len, 0644) < 0) {
		ret = fail(CRISIS_ERROR);
		goto done;
	}
	if (commit) {
		const char *paths[] = { r.paths.items[file] };
		if (rev)
			buf_addf(&msg, "Close action %s of debrief %s\n\nDone by %.12s, which changed plan %s:\n%s\n",
				 a->id, d->id, id, plan, a->what);
		else
			buf_addf(&msg, "Drop action %s of debrief %s\n\nIt will not be done:\n%s\n", a->id, d->id,
				 a->what);
		if ((ret = repo_commit_paths(ws->repo, paths, 1, msg.ptr, made)) < 0) {
			char *why = xstrdup(crisis_error_last());
			error("%s", why);
			error("%s is changed, not committed", r.paths.items[file]);
			free(why);
			ret = exit_code_of(ret);
			goto done;
		}
	}
	if (rev)
		printf("closed action '%s' of debrief '%s': done by %.7s (plan %s)", a->id, d->id, id, plan);
	else
		printf("dropped action '%s' of debrief '%s'", a->id, d->id);
	if (*made)
		printf("; commit %.7s\n", made);
	else
		printf("; %s changed, not committed\n", r.paths.items[file]);
	ret = EXIT_CLEAN;
done:
	buf_release(&text);
	buf_release(&full);
	buf_release(&rel);
	buf_release(&msg);
	records_release(&r);
	checker_close(&ch);
	store_unlock(lock);
	return ret;
}
