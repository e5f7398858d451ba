/*
 * crisis plan: the subcommands that work with the workspace's git history.
 * Half of the plan command (cmd/plan.c has its table), documented in
 * crisis-plan(1).
 */
#include "cmd.h"
#include "plan-history.h"
#include "check/config.h"
#include "check/findings.h"
#include "check/validate.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/history.h"
#include "contacts/directory.h"
#include "util/error.h"
#include "util/date.h"
#include "util/json.h"
#include "debrief/debrief.h"
#include "debrief/draft.h"
#include "plan/plandiff.h"
#include "plan/versions.h"
#include "plan/template.h"
#include "check/rule.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

static cmd_fn plan_new, plan_commit, plan_log, plan_diff, plan_approve, plan_status;

enum { OPT_TODAY = 256, OPT_KIND, OPT_LANG, OPT_TITLE, OPT_BY, OPT_NO_EDIT, OPT_STRICT };

static const struct opt new_opts[] = {
	{ "kind", OPT_KIND, "KIND", "pca (continuity, the default) or pra (recovery)", "pca|pra" },
	{ "lang", OPT_LANG, "LANG", "the template's language: fr (the default) or en", "fr|en" },
	{ "title", OPT_TITLE, "TITLE", "the plan's title", NULL },
	{ "no-edit", OPT_NO_EDIT, NULL, "do not open the new plan in $VISUAL or $EDITOR", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt commit_opts[] = {
	{ "message", 'm', "MSG", "the commit message (default: one made from the changes)", NULL },
	{ "strict", OPT_STRICT, NULL, "warnings refuse the commit too", NULL },
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
	{ "strict", OPT_STRICT, NULL, "warnings refuse the approval too", NULL },
	{ "today", OPT_TODAY, "DATE", "the approval date (YYYY-MM-DD; default: today)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt status_opts[] = {
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cmd plan_new_cmd = {
	.name = "new", .parent = "plan", .fn = plan_new,
	.usage = "[<options>] <id>",
	.summary = "create plans/<id>.yaml from a template that validates",
	.opts = new_opts, .flags = NEEDS_WORKSPACE,
};

const struct cmd plan_commit_cmd = {
	.name = "commit", .parent = "plan", .fn = plan_commit,
	.usage = "[<options>] [<plan>...]",
	.summary = "validate and commit plans, and only them",
	.opts = commit_opts, .flags = NEEDS_WORKSPACE,
	.complete = "plans",
};

const struct cmd plan_log_cmd = {
	.name = "log", .parent = "plan", .fn = plan_log,
	.usage = "[<options>] [<plan>]",
	.summary = "the history of one plan or of all plans, with what changed",
	.opts = log_opts, .flags = NEEDS_WORKSPACE,
	.complete = "plans",
};

const struct cmd plan_diff_cmd = {
	.name = "diff", .parent = "plan", .fn = plan_diff,
	.usage = "[<options>] [<revision> [<revision>]] [<plan>]",
	.summary = "what changed between two versions, in the plan's terms",
	.opts = diff_opts, .flags = NEEDS_WORKSPACE,
	.complete = "plans",
};

const struct cmd plan_approve_cmd = {
	.name = "approve", .parent = "plan", .fn = plan_approve,
	.usage = "--by <contact> <plan>",
	.summary = "approve a plan: status, review date, commit and tag plan/<id>/v<N>",
	.opts = approve_opts, .flags = NEEDS_WORKSPACE,
	.complete = "plans",
};

const struct cmd plan_status_cmd = {
	.name = "status", .parent = "plan", .fn = plan_status,
	.usage = "[<options>]",
	.summary = "per plan: invalid, changed since its approval, review or exercise overdue",
	.opts = status_opts, .flags = NEEDS_WORKSPACE,
};



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

static int plan_new(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *kind = "pca", *lang = "fr", *title = NULL;
	bool edit = true;
	int c;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_KIND: kind = optarg; break;
		case OPT_LANG: lang = optarg; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_NO_EDIT: edit = false; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(self, "name the new plan's id");
	const char *id = argv[optind];
	if (!doc_is_id(id))
		return usage_error(self, "'%s' is not an id: lowercase letters, digits and '-'", id);
	if (strcmp(kind, "pca") && strcmp(kind, "pra"))
		return usage_error(self, "--kind takes pca or pra, not '%s'", kind);
	if (strcmp(lang, "fr") && strcmp(lang, "en"))
		return usage_error(self, "--lang takes fr or en, not '%s'", lang);

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
		   fs_write_atomic(path.ptr, text.ptr, text.len, 0644) < 0) {
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

/*
 * The plan files under plans/ (relative to the workspace), and the shared
 * contacts.yaml the plans are checked with, when there is one.
 */
static int list_plans(struct workspace *ws, struct strlist *out)
{
	struct strlist found = STRLIST_INIT;
	struct buf dir = BUF_INIT, text = BUF_INIT;
	int ret = 0;

	buf_addf(&dir, "%s%s", ws->root, WORKSPACE_CONTACTS);
	if (access(dir.ptr, F_OK) == 0 ||
	    (!repo_head_unborn(ws->repo) && repo_read_at(ws->repo, "HEAD", WORKSPACE_CONTACTS, &text) == 0))
		strlist_add(out, WORKSPACE_CONTACTS);
	buf_release(&text);
	buf_reset(&dir);

	ret = workspace_plan_files(ws->root, out);
	/* And those of the last commit that are gone from the working tree. */
	if (ret >= 0 && !repo_head_unborn(ws->repo) &&
	    repo_files_at(ws->repo, "HEAD", WORKSPACE_PLANS, &found) >= 0) {
		for (size_t i = 0; i < found.nr; i++) {
			buf_reset(&dir);
			buf_addf(&dir, "%s%s", ws->root, found.items[i]);
			if (workspace_is_plan_file(found.items[i]) && access(dir.ptr, F_OK) != 0)
				strlist_add(out, found.items[i]);
		}
		strlist_sort(out);
	}
	strlist_release(&found);
	buf_release(&dir);
	return ret;
}

/* Is the working copy of `rel` different from HEAD's? New files count. */
static bool changed_since_head(struct workspace *ws, const char *rel)
{
	struct buf then = BUF_INIT, now = BUF_INIT, path = BUF_INIT;
	buf_addf(&path, "%s%s", ws->root, rel);
	bool changed = repo_read_at(ws->repo, "HEAD", rel, &then) < 0 ||
		       fs_read_file(path.ptr, &now) < 0 || then.len != now.len ||
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
		     const char *rev_after, const char *rel, struct plandiff *d, bool *existed,
		     struct buf *old_path)
{
	struct diag_file *fb = diag_file_new(rel, NULL), *fa = diag_file_new(rel, NULL);
	struct loaded before, after;
	int a = versions_load(ws, v, rev_after, rel, &after, fa);
	/* Before, the plan may have had another name. */
	struct buf was = BUF_INIT;
	if (rev_before)
		versions_path_at(ws, rev_before, rel, a == 0 ? plan_of(&after)->id : NULL, &was);
	int b = rev_before ? versions_load(ws, v, rev_before, was.ptr, &before, fb) : -1;
	if (old_path && b == 0 && strcmp(was.ptr, rel))
		buf_adds(old_path, was.ptr);
	buf_release(&was);
	bool unreadable = (b < 0 && fb->errors && !fb->fatal) || (a < 0 && fa->errors && !fa->fatal);

	if (!rev_before)
		memset(&before, 0, sizeof(before));
	if (existed)
		*existed = b == 0;
	memset(d, 0, sizeof(*d));
	if (!unreadable)
		plandiff_compute(d, b == 0 ? plan_of(&before) : NULL, a == 0 ? plan_of(&after) : NULL);
	loaded_release(&before);
	loaded_release(&after);
	diag_file_free(fb);
	diag_file_free(fa);
	return unreadable ? -1 : 0;
}

static int plan_commit(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *message = NULL;
	int64_t today = date_today();
	bool strict = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'm')
			message = optarg;
		else if (c == OPT_STRICT)
			strict = true;
		else if (c == OPT_TODAY) {
			if ((ret = parse_today(self, optarg, &today)))
				return ret;
		} else
			return EXIT_USAGE;
	}
	if (message && !*message)
		return usage_error(self, "the message is empty");

	struct strlist named = STRLIST_INIT, paths = STRLIST_INIT;
	if (optind < argc) {
		if (workspace_args(ws, argv + optind, argc - optind, &named) < 0) {
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
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, 0, NULL, true, NULL, today, &o))) {
		strlist_release(&paths);
		return ret;
	}
	/* Every plan is checked; one invalid plan stops the commit, and its warnings are shown. */
	bool invalid = false;
	struct buf path = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	for (size_t i = 0; i < paths.nr; i++) {
		struct diag_file *f = diag_file_new(paths.items[i], &cfg.severities);
		buf_reset(&path);
		buf_addf(&path, "%s%s", ws->root, paths.items[i]);
		if (access(path.ptr, F_OK) == 0)
			validate_file(&v, f, path.ptr);
		if (f->errors || f->fatal || (strict && f->warnings))
			invalid = true;
		if (f->nr)
			print_findings(f);
		diag_file_free(f);
	}
	if (invalid) {
		error("not committed: fix the %s above first", strict ? "findings" : "errors");
		ret = EXIT_FINDINGS;
		goto done;
	}
	/*
	 * What each plan became: a file renamed (git mv) is one plan renamed,
	 * not one removed and one added, as plan log says it.
	 */
	struct strlist renamed_from = STRLIST_INIT;
	struct plandiff *diffs = xcalloc(paths.nr + 1, sizeof(*diffs));
	bool *existed = xcalloc(paths.nr + 1, sizeof(*existed));
	char **old_paths = xcalloc(paths.nr + 1, sizeof(*old_paths));
	size_t shown = 0;
	for (size_t i = 0; i < paths.nr; i++) {
		struct buf old = BUF_INIT;
		diff_plan(ws, &v, repo_head_unborn(ws->repo) ? NULL : "HEAD", NULL,
			  paths.items[i], &diffs[i], &existed[i], &old);
		if (old.len) {
			strlist_add(&renamed_from, old.ptr);
			old_paths[i] = buf_detach(&old);
		}
		buf_release(&old);
	}
	for (size_t i = 0; i < paths.nr; i++) {
		bool gone = false;
		for (size_t k = 0; k < renamed_from.nr; k++)
			gone |= !strcmp(renamed_from.items[k], paths.items[i]);
		if (gone)
			continue;	/* said as the rename of the plan it became */
		buf_addf(&body, "%s%s:\n", body.len ? "\n" : "", paths.items[i]);
		if (old_paths[i])
			buf_addf(&body, "renamed from %s\n", old_paths[i]);
		plandiff_commit_text(&body, &diffs[i]);
		buf_reset(&path);
		buf_addf(&path, "%s%s", ws->root, paths.items[i]);
		if (!subject.len && old_paths[i])
			buf_addf(&subject, "Rename %s to %s", old_paths[i], paths.items[i]);
		else if (!subject.len)
			buf_addf(&subject, "%s %s", access(path.ptr, F_OK) ? "Remove" :
				 existed[i] ? "Update" : "Add", paths.items[i]);
		shown++;
	}
	if (shown > 1) {
		/* contacts.yaml is no plan: named apart. */
		bool contacts = false;
		for (size_t i = 0; i < paths.nr; i++)
			contacts |= !strcmp(paths.items[i], WORKSPACE_CONTACTS);
		buf_reset(&subject);
		if (contacts && shown == 2)
			buf_addf(&subject, "Update a plan and %s", WORKSPACE_CONTACTS);
		else if (contacts)
			buf_addf(&subject, "Update %zu plans and %s", shown - 1, WORKSPACE_CONTACTS);
		else
			buf_addf(&subject, "Update %zu plans", shown);
	}
	for (size_t i = 0; i < paths.nr; i++) {
		plandiff_release(&diffs[i]);
		free(old_paths[i]);
	}
	free(diffs);
	free(existed);
	free(old_paths);
	strlist_release(&renamed_from);
	struct buf msg = BUF_INIT;
	if (message)
		buf_addf(&msg, "%s\n", message);
	else
		buf_addf(&msg, "%s\n\n%s", subject.ptr, body.ptr);
	char id[REPO_ID_HEX];
	ret = repo_commit_paths(ws->repo, (const char *const *)paths.items, paths.nr, msg.ptr, id);
	if (ret < 0) {
		ret = fail(ret);
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

/* An action a debrief of the workspace says a commit closed. */
struct closing {
	const char *commit;		/* 7 to 40 hex digits */
	const char *debrief, *action, *what;
};

struct log_state {
	struct history *history;
	bool json;
	long max, shown;
	struct buf out;
	struct closing *closings;
	size_t nr_closings;
};

/* The closings of the debriefs `r`, allocated into the state. */
static void read_closings(struct log_state *st, const struct records *r)
{
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < r->paths.nr; i++) {
		const struct debrief *d = debrief_of(&r->files[i]);
		for (size_t k = 0; k < d->nr_actions; k++) {
			const struct debrief_action *a = &d->actions[k];
			if (!a->closed_by || a->status != ACTION_DONE)
				continue;
			ALLOC_GROW(st->closings, n + 1, alloc);
			st->closings[n++] = (struct closing){ a->closed_by, d->id, a->id, a->what };
		}
	}
	st->nr_closings = n;
}

/* The actions commit `id` closed: text lines, or a JSON list. */
static void log_closings(struct log_state *st, const char *id)
{
	size_t shown = 0;
	for (size_t i = 0; i < st->nr_closings; i++) {
		const struct closing *cl = &st->closings[i];
		if (strncmp(id, cl->commit, strlen(cl->commit)))
			continue;
		if (st->json) {
			buf_adds(&st->out, shown ? ", {\"debrief\": " : ", \"closes\": [{\"debrief\": ");
			json_str(&st->out, cl->debrief);
			buf_adds(&st->out, ", \"action\": ");
			json_str(&st->out, cl->action);
			buf_adds(&st->out, ", \"do\": ");
			json_str(&st->out, cl->what);
			buf_adds(&st->out, "}");
		} else {
			buf_addf(&st->out, "        closes action %s of debrief %s: %s\n", cl->action,
				 cl->debrief, cl->what ? cl->what : "");
		}
		shown++;
	}
	if (st->json && shown)
		buf_adds(&st->out, "]");
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
		if (nr > 1 && !workspace_is_plan_file(key))
			continue;
		buf_reset(&changes);
		buf_reset(&json);
		history_change(st->history, c, ch, &changes, &json);
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
	log_closings(st, c->id);
	if (st->json)
		buf_addf(&st->out, ", \"files\": [%s]}", buf_str(&all));
	buf_release(&all);
	buf_release(&changes);
	buf_release(&json);
	st->shown++;
	return st->max && st->shown >= st->max;
}

static int plan_log(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct log_state st = { .out = BUF_INIT };
	int c, ret;
	char *end;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			st.json = !strcmp(optarg, "json");
		else if (c == 'f')
			return usage_error(self, "unknown format '%s' (expected text or json)", optarg);
		else if (c == 'n' && (st.max = strtol(optarg, &end, 10)) > 0 && !*end)
			;
		else if (c == 'n')
			return usage_error(self, "--max-count takes a positive number, not '%s'", optarg);
		else
			return EXIT_USAGE;
	}
	if (argc - optind > 1)
		return usage_error(self, "name at most one plan");

	struct strlist path = STRLIST_INIT;
	if (optind < argc && workspace_args(ws, argv + optind, 1, &path) < 0)
		return EXIT_USAGE;

	struct checker ch;
	struct records debriefs;
	if ((ret = checker_open(&ch, ws, NULL, 0))) {
		strlist_release(&path);
		return ret;
	}
	ch.v.skip_rules = true;
	records_read(&debriefs, &ch.v, &ch.cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	read_closings(&st, &debriefs);
	st.history = history_new(ws, &ch.v);
	st.shown = 0;
	if (st.json)
		buf_adds(&st.out, "[");
	ret = repo_log(ws->repo, path.nr ? path.items[0] : NULL, WORKSPACE_PLANS, log_one, &st);
	if (st.json)
		buf_adds(&st.out, st.shown ? "\n]\n" : "]\n");
	struct buf file = BUF_INIT;
	if (path.nr)
		buf_addf(&file, "%s%s", ws->root, path.items[0]);
	if (ret < 0) {
		ret = fail(ret);
	} else if (!st.shown && path.nr && access(file.ptr, F_OK) != 0) {
		error("'%s' has no history: it is not a plan of this workspace", path.items[0]);
		ret = EXIT_USAGE;
	} else {
		fputs(buf_str(&st.out), stdout);
		ret = EXIT_CLEAN;
	}
	buf_release(&file);
	history_flush(st.history);
	if (history_warning(st.history))
		fprintf(stderr, "crisis: warning: %s; the history was read without the index\n",
			history_warning(st.history));
	history_free(st.history);
	buf_release(&st.out);
	strlist_release(&path);
	free(st.closings);
	records_release(&debriefs);
	checker_close(&ch);
	return ret;
}

/*
 * The arguments of plan diff: revisions first, then at most one plan (a
 * file or a plan's id); PLAN@REV stands for REV PLAN, and a revision vN is
 * the plan's Nth approval (its tag plan/ID/vN) once the plan is known.
 * With no plan, every plan of the workspace. `tags` keeps the strings the
 * revisions point to. 0, or an exit code after saying why.
 */
static int diff_args(const struct cmd *self, struct workspace *ws, int argc, char **argv,
		     const char **revs, int *nr_revs, struct strlist *plans, struct strlist *tags)
{
	struct buf name = BUF_INIT;
	int ret = 0;
	char *end;

	for (int i = optind; i < argc && !ret; i++) {
		char id[REPO_ID_HEX];
		const char *arg = argv[i], *at = strrchr(arg, '@');
		bool is_file = access(arg, F_OK) == 0;
		buf_reset(&name);
		if (!is_file && at && at > arg && *nr_revs < 2 && !plans->nr) {
			char *file = xstrndup(arg, (size_t)(at - arg));
			bool found = plan_arg(ws->root, file, &name);
			free(file);
			if (found) {
				strlist_add(tags, at + 1);
				revs[(*nr_revs)++] = tags->items[tags->nr - 1];
				char *p = name.ptr;
				ret = workspace_args(ws, &p, 1, plans) < 0 ? EXIT_USAGE : 0;
				continue;
			}
			buf_reset(&name);
		}
		bool tag = arg[0] == 'v' && strtoul(arg + 1, &end, 10) > 0 && !*end;
		if (!is_file && !plans->nr && *nr_revs < 2 && (tag || repo_resolve(ws->repo, arg, id) == 0)) {
			revs[(*nr_revs)++] = arg;
			continue;
		}
		if (plans->nr) {
			ret = usage_error(self, "name at most one plan, after the revisions");
		} else if (!plan_arg(ws->root, arg, &name) && !strstr(arg, ".y") && !strstr(arg, ".xml")) {
			error("'%s' is neither a revision nor a plan (a file, or a plan's id)", arg);
			ret = EXIT_USAGE;
		} else {
			char *p = name.ptr;
			ret = workspace_args(ws, &p, 1, plans) < 0 ? EXIT_USAGE : 0;
		}
	}
	if (!ret && !plans->nr && list_plans(ws, plans) < 0)
		ret = (error("%s", crisis_error_last()), EXIT_FATAL);
	/* vN: the approval of the one plan compared (its id as its file names it). */
	for (int r = 0; !ret && r < *nr_revs; r++) {
		const char *rv = revs[r];
		if (!(rv[0] == 'v' && strtoul(rv + 1, &end, 10) > 0 && !*end))
			continue;
		if (plans->nr != 1) {
			error("'%s' is an approval of one plan: name the plan (crisis plan diff %s PLAN)", rv, rv);
			ret = EXIT_USAGE;
			break;
		}
		const char *base = strrchr(plans->items[0], '/');
		base = base ? base + 1 : plans->items[0];
		struct buf t = BUF_INIT;
		char id[REPO_ID_HEX];
		buf_addf(&t, "plan/%.*s/%s", (int)strcspn(base, "."), base, rv);
		if (repo_resolve(ws->repo, t.ptr, id) < 0) {
			error("%s was never approved as %s (no tag %s): see 'crisis plan status'",
			      plans->items[0], rv, t.ptr);
			ret = EXIT_USAGE;
		}
		strlist_add(tags, t.ptr);
		buf_release(&t);
		revs[r] = tags->items[tags->nr - 1];
	}
	buf_release(&name);
	return ret;
}

static int plan_diff(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *revs[2] = { NULL, NULL };
	int nr_revs = 0, c, ret;
	bool json = false;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
			json = !strcmp(optarg, "json");
		else if (c == 'f')
			return usage_error(self, "unknown format '%s' (expected text or json)", optarg);
		else
			return EXIT_USAGE;
	}
	struct strlist plans = STRLIST_INIT, tags = STRLIST_INIT;
	if ((ret = diff_args(self, ws, argc, argv, revs, &nr_revs, &plans, &tags))) {
		strlist_release(&plans);
		strlist_release(&tags);
		return ret;
	}
	/* One revision: against the working tree; none: the last commit against it. */
	const char *before = nr_revs ? revs[0] : repo_head_unborn(ws->repo) ? NULL : "HEAD";
	const char *after = nr_revs == 2 ? revs[1] : NULL;

	struct config cfg;
	struct validator v;
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, 0, NULL, true, NULL, date_today(), &o))) {
		strlist_release(&plans);
		strlist_release(&tags);
		return ret;
	}
	struct buf out = BUF_INIT;
	size_t shown = 0;
	ret = EXIT_CLEAN;
	if (json)
		buf_adds(&out, "[");
	for (size_t i = 0; i < plans.nr; i++) {
		struct plandiff d = { NULL, 0, 0 };
		if (diff_plan(ws, &v, before, after, plans.items[i], &d, NULL, NULL) < 0) {
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
	strlist_release(&tags);
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

static int plan_approve(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *by = NULL;
	int64_t today = date_today();
	bool strict = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == OPT_BY)
			by = optarg;
		else if (c == OPT_STRICT)
			strict = true;
		else if (c == OPT_TODAY) {
			if ((ret = parse_today(self, optarg, &today)))
				return ret;
		} else
			return EXIT_USAGE;
	}
	if (!by)
		return usage_error(self, "say who approves the plan: --by <contact>");
	if (argc - optind != 1)
		return usage_error(self, "name one plan");
	if (repo_head_detached(ws->repo)) {
		error("HEAD is detached: check out a branch before approving a plan");
		return EXIT_FATAL;
	}

	struct strlist path = STRLIST_INIT;
	if (workspace_args(ws, argv + optind, 1, &path) < 0)
		return EXIT_USAGE;
	struct config cfg;
	struct validator v;
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, 0, NULL, true, NULL, today, &o))) {
		strlist_release(&path);
		return ret;
	}
	struct diag_file *f = diag_file_new(path.items[0], &cfg.severities);
	struct buf tag = BUF_INIT;
	ret = versions_approve(ws, &v, path.items[0], by, today, &tag, f, strict);
	/* Warnings too: a plan approved is one read closely. */
	if (f->nr)
		print_findings(f);
	if (ret < 0) {
		ret = f->errors || (strict && f->warnings) ? (error("%s", crisis_error_last()), EXIT_FINDINGS) :
		      fail(ret);
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

static int plan_status(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if ((ret = parse_today(self, optarg, &today)))
			return ret;
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);

	struct config cfg;
	struct validator v;
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, 0, NULL, true, NULL, today, &o)))
		return ret;
	struct plan_state *states;
	size_t nr;
	if (versions_states(ws, &v, &states, &nr) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
	} else {
		struct buf out = BUF_INIT;
		ret = versions_status_text(&out, states, nr) ? EXIT_FINDINGS : EXIT_CLEAN;
		fputs(buf_str(&out), stdout);
		buf_release(&out);
		versions_states_free(states, nr);
	}
	validator_release(&v);
	config_release(&cfg);
	return ret;
}
