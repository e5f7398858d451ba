/*
 * crisis plan: the subcommands that work with the workspace's git history.
 * Half of the plan command (cmd/plan.c has its table), documented in
 * crisis-plan(1).
 */
#include "plan.h"
#include "plan/history.h"
#include "contacts/directory.h"
#include "util/error.h"
#include "util/date.h"
#include "util/json.h"
#include "plan/plandiff.h"
#include "plan/versions.h"
#include "plan/template.h"
#include "check/rule.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

/*
 * PLAN@REV: the plan as it was at a revision of the workspace; "v3" names
 * the plan's third approval (the tag plan/<id>/v3, id from the file name).
 */
int load_at_revision(struct validator *v, struct diag_file *f, const char *arg,
			    const char *at, struct loaded *lp)
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
		/* The plan's id, as it is now; else its file name. */
		struct diag_file *now = diag_file_new(rel.items[0], NULL);
		struct loaded current;
		char *id = versions_load(&ws, v, NULL, rel.items[0], &current, now) == 0 ?
			   xstrdup(plan_of(&current)->id) : xstrndup(base, strcspn(base, "."));
		loaded_release(&current);
		diag_file_free(now);
		if (at[1] == 'v' && strtoul(at + 2, &end, 10) > 0 && !*end)
			buf_addf(&rev, "plan/%s/%s", id, at + 1);
		else
			buf_adds(&rev, at + 1);
		/* Where the plan was then, if it has been renamed since. */
		struct buf then = BUF_INIT;
		versions_path_at(&ws, rev.ptr, rel.items[0], id, &then);
		ret = versions_load(&ws, v, rev.ptr, then.ptr, lp, f);
		buf_release(&then);
		free(id);
	}
	workspace_close(&ws);
done:
	strlist_release(&rel);
	buf_release(&file);
	buf_release(&rev);
	return ret;
}

/* Parse --today into *today; 0, or an exit code after a usage error. */
int parse_today(const struct subcmd *sub, const char *arg, int64_t *today)
{
	if (date_parse(arg, today) < 0 || strlen(arg) != 10)
		return usage_error("plan", sub, "--today takes a date such as 2026-11-22, not '%s'", arg);
	return 0;
}

static int repo_exit(int ret)
{
	error("%s", crisis_error_last());
	return ret == CRISIS_ENOTFOUND ? EXIT_USAGE : EXIT_FATAL;
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

int plan_new(int argc, char **argv, struct workspace *ws)
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

/* Plan paths named on the command line, relative to the workspace. */
int plan_args(struct workspace *ws, char **args, int nr, struct strlist *out)
{
	struct buf rel = BUF_INIT;
	for (int i = 0; i < nr; i++) {
		struct strlist found = STRLIST_INIT;
		bool dir = fs_is_directory(args[i]);
		if (dir && fs_walk(args[i], workspace_plan_exts, &found) < 0) {
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
		     const char *rev_after, const char *rel, struct plandiff *d, bool *existed)
{
	struct diag_file *fb = diag_file_new(rel, NULL), *fa = diag_file_new(rel, NULL);
	struct loaded before, after;
	int a = versions_load(ws, v, rev_after, rel, &after, fa);
	/* Before, the plan may have had another name. */
	struct buf was = BUF_INIT;
	if (rev_before)
		versions_path_at(ws, rev_before, rel, a == 0 ? plan_of(&after)->id : NULL, &was);
	int b = rev_before ? versions_load(ws, v, rev_before, was.ptr, &before, fb) : -1;
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

int plan_commit(int argc, char **argv, struct workspace *ws)
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
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, true, NULL, today, &o))) {
		strlist_release(&paths);
		return ret;
	}
	/* Every plan is checked; one invalid plan stops the commit. */
	bool invalid = false;
	struct buf path = BUF_INIT, body = BUF_INIT, subject = BUF_INIT;
	for (size_t i = 0; i < paths.nr; i++) {
		struct diag_file *f = diag_file_new(paths.items[i], &cfg.severities);
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
	struct history *history;
	bool json;
	long max, shown;
	struct buf out;
};

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
	if (st->json)
		buf_addf(&st->out, ", \"files\": [%s]}", buf_str(&all));
	buf_release(&all);
	buf_release(&changes);
	buf_release(&json);
	st->shown++;
	return st->max && st->shown >= st->max;
}

int plan_log(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = SUB(SUB_LOG);
	struct log_state st = { .out = BUF_INIT };
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
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, true, NULL, date_today(), &o))) {
		strlist_release(&path);
		return ret;
	}
	v.skip_rules = true;
	st.history = history_new(ws, &v);
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
		ret = repo_exit(ret);
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
	validator_release(&v);
	config_release(&cfg);
	return ret;
}

int plan_diff(int argc, char **argv, struct workspace *ws)
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
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, true, NULL, date_today(), &o))) {
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

int plan_approve(int argc, char **argv, struct workspace *ws)
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
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, true, NULL, today, &o))) {
		strlist_release(&path);
		return ret;
	}
	struct diag_file *f = diag_file_new(path.items[0], &cfg.severities);
	struct buf tag = BUF_INIT;
	ret = versions_approve(ws, &v, path.items[0], by, today, &tag, f);
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
int plan_status_print(const struct plan_state *states, size_t nr)
{
	size_t attention = 0;
	for (size_t i = 0; i < nr; i++) {
		const struct plan_state *s = &states[i];
		struct buf what = BUF_INIT;
		if (s->invalid)
			buf_addf(&what, ", invalid (%u error%s)", s->errors, s->errors == 1 ? "" : "s");
		if (!s->approval && !s->invalid)
			buf_adds(&what, ", never approved");
		else if (s->changed)
			buf_addf(&what, ", changed since %s", s->approval);
		if (s->review_overdue)
			buf_adds(&what, ", review overdue");
		if (s->exercise_overdue)
			buf_adds(&what, ", exercise overdue");
		attention += versions_attention(s);
		printf("%-40s %s\n", s->path, what.len ? what.ptr + 2 : s->approval ? s->approval : "ok");
		buf_release(&what);
	}
	if (!nr)
		printf("no plans yet: create one with 'crisis plan new <id>'\n");
	else
		printf("%zu plan%s, %zu need%s attention\n", nr, nr == 1 ? "" : "s", attention,
		       attention == 1 ? "s" : "");
	return attention ? EXIT_FINDINGS : EXIT_CLEAN;
}

int plan_status(int argc, char **argv, struct workspace *ws)
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

	struct config cfg;
	struct validator v;
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	if ((ret = open_validator(&v, &cfg, ws->root, NULL, true, NULL, today, &o)))
		return ret;
	struct plan_state *states;
	size_t nr;
	if (versions_states(ws, &v, &states, &nr) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
	} else {
		ret = plan_status_print(states, nr);
		versions_states_free(states, nr);
	}
	validator_release(&v);
	config_release(&cfg);
	return ret;
}
