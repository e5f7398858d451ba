/*
 * crisis debrief new, add and finish: a debrief being written, entry by
 * entry, in .crisis/journal.db until it is finished into debriefs/ and
 * committed; and the guided session that walks a team through it on a
 * terminal. The table is in cmd/debrief.c; documented in crisis-debrief(1).
 */
#include "debrief.h"
#include "debrief/debrief.h"
#include "debrief/draft.h"
#include "drill/env.h"
#include "drill/run.h"
#include "git/repo.h"
#include "git/workspace.h"
#include "plan/plan.h"
#include "store/drafts.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn debrief_new, debrief_add, debrief_finish;

enum {
	OPT_DRILL_RUN = 256, OPT_CRISIS, OPT_PLAN, OPT_ID, OPT_TITLE, OPT_DATE, OPT_GUIDED,
	OPT_NO_GUIDED, OPT_DEBRIEF, OPT_AT, OPT_BY, OPT_WHY, OPT_OWNER, OPT_DUE, OPT_ELEMENT,
	OPT_LESSON, OPT_TAG, OPT_TODAY, OPT_NO_COMMIT,
};

static const struct opt new_opts[] = {
	{ "drill-run", OPT_DRILL_RUN, "RUN", "the drill run debriefed: its id, or its record", NULL },
	{ "crisis", OPT_CRISIS, "TITLE", "the real crisis debriefed, by its title", NULL },
	{ "plan", OPT_PLAN, "PLAN", "the plan concerned (default: the run's, or the only plan)", NULL },
	{ "id", OPT_ID, "ID", "the debrief's id (default: the drill's, or made of the title)", NULL },
	{ "title", OPT_TITLE, "TITLE", "the debrief's title", NULL },
	{ "date", OPT_DATE, "DATE", "the date of the debrief meeting, YYYY-MM-DD (default: today)", NULL },
	{ "guided", OPT_GUIDED, NULL, "walk through the sections, reading entries on standard input", NULL },
	{ "no-guided", OPT_NO_GUIDED, NULL, "only start the draft, even on a terminal", NULL },
	OPT_END,
};

static const struct opt add_opts[] = {
	{ "debrief", OPT_DEBRIEF, "ID", "the debrief being written (default: the only one)", NULL },
	{ "id", OPT_ID, "ID", "a lesson's or action's id (default: lesson-N, action-N)", NULL },
	{ "at", OPT_AT, "WHEN", "timeline, decision: PT12M from the start, or a date and time", NULL },
	{ "by", OPT_BY, "PARTY", "decision: the cell role or contact who took it", NULL },
	{ "why", OPT_WHY, "TEXT", "decision: the reason", NULL },
	{ "owner", OPT_OWNER, "PARTY", "action: the cell role or contact who does it", NULL },
	{ "due", OPT_DUE, "DATE", "action: its due date, YYYY-MM-DD", NULL },
	{ "element", OPT_ELEMENT, "ELEMENT", "action: planning, organisation, equipment, training or exercise",
	  "planning|organisation|equipment|training|exercise" },
	{ "plan", OPT_PLAN, "PLAN", "action: the plan it changes (default: the debrief's)", NULL },
	{ "lesson", OPT_LESSON, "ID", "action: the lesson it answers", NULL },
	{ "tag", OPT_TAG, "TAG", "lesson: a tag (repeatable)", NULL },
	{ "today", OPT_TODAY, "DATE", "check the due date as of DATE (YYYY-MM-DD)", NULL },
	OPT_END,
};

static const struct opt finish_opts[] = {
	{ "no-commit", OPT_NO_COMMIT, NULL, "write the file, do not commit it", NULL },
	OPT_END,
};

const struct cmd debrief_new_cmd = {
	.name = "new", .parent = "debrief", .fn = debrief_new,
	.usage = "(--drill-run <run> | --crisis <title>) [<options>]",
	.summary = "start a debrief of a drill run (its material imported) or of a crisis",
	.opts = new_opts, .flags = NEEDS_WORKSPACE,
};

const struct cmd debrief_add_cmd = {
	.name = "add", .parent = "debrief", .fn = debrief_add,
	.usage = "[<options>] <section> <text>",
	.summary = "add an entry: participant, timeline, went-well, went-wrong, decision, lesson, action",
	.opts = add_opts, .flags = NEEDS_WORKSPACE,
	.complete = "sections,none",
};

const struct cmd debrief_finish_cmd = {
	.name = "finish", .parent = "debrief", .fn = debrief_finish, .usage = "[<options>] [<id>]",
	.summary = "write debriefs/<date>-<id>.yaml, check it, and commit it",
	.opts = finish_opts, .flags = NEEDS_WORKSPACE,
};

/* The plan `id` of the workspace, validated; NULL after saying why. */
static const struct plan *find_plan(struct checker *c, const char *id)
{
	const struct loaded *lp = c->env->env.find_plan(&c->env->env, id);
	if (lp && plan_of(lp))
		return plan_of(lp);
	crisis_error_code(CRISIS_ENOTFOUND, "%s '%s' %s", "plan", id,
			  lp ? "does not validate (see crisis plan validate)" :
			  "is not a plan of this workspace");
	return NULL;
}

/* The record of drill run `arg` (its id or its file), loaded into `out`; 0 or an exit code. */
static int load_run(struct checker *c, struct workspace *ws, const char *arg, struct loaded *out)
{
	struct buf path = BUF_INIT;
	int ret = 0;
	memset(out, 0, sizeof(*out));
	if (access(arg, F_OK) == 0)
		buf_adds(&path, arg);
	else
		buf_addf(&path, "%s%s%s.yaml", ws->root, DRILL_RUNS_DIR, arg);
	if (access(path.ptr, F_OK) != 0) {
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no drill run '%s' under %s: a run in "
					     "progress is debriefed once it has ended", arg, DRILL_RUNS_DIR));
	} else {
		struct diag_file *f = diag_file_new(path.ptr, config_severities(&c->cfg));
		validate_load(&c->v, f, path.ptr, out);
		if (f->errors || !drill_run_of(out)) {
			print_findings(f);
			ret = fail(crisis_error("'%s' is not a valid drill run record", path.ptr));
		}
		diag_file_free(f);
	}
	buf_release(&path);
	return ret;
}

/* Is there a debrief `id` in the workspace already (a file of debriefs/)? */
static bool debrief_exists(struct checker *c, struct workspace *ws, const char *id)
{
	struct records r;
	bool found = false;
	records_read(&r, &c->v, &c->cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	for (size_t i = 0; i < r.paths.nr && !found; i++)
		found = !strcmp(debrief_of(&r.files[i])->id, id);
	records_release(&r);
	return found;
}


/* Is `id` the id of a debrief, finished or being written, of another run than `run`? */
static bool taken_by_another_run(struct checker *c, struct drafts *ds, struct workspace *ws,
				 const char *id, const char *run)
{
	struct draft d;
	struct records r;
	bool other = false;
	if (drafts_get(ds, id, &d) == 0) {
		other = !d.run || strcmp(d.run, run);
		draft_release(&d);
		return other;
	}
	records_read(&r, &c->v, &c->cfg, ws, DEBRIEFS_DIR, &debrief_kind);
	for (size_t i = 0; i < r.paths.nr; i++) {
		const struct debrief *x = debrief_of(&r.files[i]);
		if (!strcmp(x->id, id))
			other = !x->run || strcmp(x->run, run);
	}
	records_release(&r);
	return other;
}

/* ---- the guided session ------------------------------------------------------ */

/* One line of standard input after `prompt`, without its newline; NULL at the end. */
static char *ask(const char *prompt, bool echo)
{
	static char *line;
	static size_t cap;
	fputs(prompt, stdout);
	fflush(stdout);
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		line = NULL;
		cap = 0;
		if (echo)
			putchar('\n');
		return NULL;
	}
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (echo)
		printf("%s\n", line);
	return line;
}

struct session_ctx {
	struct drafts *ds;
	const struct draft *d;
	struct checker *c;
	const struct plan *plan;
	int64_t today;
	bool echo;		/* standard input is no terminal: show what was read */
	size_t added;
};

/* Check and record one entry; say what happened. 0, or -1 when the journal failed. */
static int record(struct session_ctx *s, struct draft_entry *e)
{
	struct buf warnings = BUF_INIT;
	const struct plan *p = s->plan;
	int ret;
	if (e->plan && !(p = find_plan(s->c, e->plan)))
		ret = CRISIS_ENOTFOUND;
	else
		ret = draft_check_entry(s->ds, s->d, e, p, s->today, &warnings);
	if (ret == CRISIS_OK && (ret = drafts_append(s->ds, s->d->id, e)) < 0) {
		buf_release(&warnings);
		return fail(ret), -1;
	}
	if (ret < 0) {
		error("%s", crisis_error_last());
	} else {
		for (char *w = strtok(warnings.ptr ? warnings.ptr : (char *)"", "\n"); w; w = strtok(NULL, "\n"))
			warning("%s", w);
		printf("  recorded (entry %lld)\n", (long long)e->seq);
		s->added++;
	}
	buf_release(&warnings);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/*
 * Read the entries of one section until an empty line. A timeline entry
 * starts with its time; a lesson may end in #tags; an action asks for its
 * owner, due date, element and lesson. 0, 1 at the end of the input, -1.
 */
static int section(struct session_ctx *s, enum draft_section sec, const char *title, const char *hint)
{
	char prompt[32];
	printf("\n%s\n  %s\n", title, hint);
	snprintf(prompt, sizeof(prompt), "%s> ", draft_section_name(sec));
	for (;;) {
		char *line = ask(prompt, s->echo);
		if (!line)
			return 1;
		if (!*line)
			return 0;
		struct draft_entry e = { .section = xstrdup(draft_section_name(sec)) };
		if (sec == SECTION_TIMELINE) {
			char *sp = strchr(line, ' ');
			if (sp)
				*sp = '\0';
			if (!sp || !draft_valid_when(line)) {
				error("start with the time: PT12M (from the start) or 2026-03-03T08:15, then what happened");
				draft_entry_release(&e);
				continue;
			}
			e.at = xstrdup(line);
			e.text = xstrdup(sp + 1 + strspn(sp + 1, " "));
		} else if (sec == SECTION_LESSON) {
			char *tags = NULL, *hash;
			size_t n = strlen(line);
			/* "text #tag #tag": the tags, from the last */
			for (;;) {
				while (n && line[n - 1] == ' ')
					line[--n] = '\0';
				hash = strrchr(line, '#');
				if (!hash || (hash > line && hash[-1] != ' ') || !doc_is_id(hash + 1))
					break;
				char *was = tags;
				tags = was ? xstrfmt("%s,%s", hash + 1, was) : xstrdup(hash + 1);
				free(was);
				*hash = '\0';
				n = hash - line;
			}
			e.text = xstrdup(line);
			e.tags = tags;
		} else {
			e.text = xstrdup(line);
		}
		if (sec == SECTION_ACTION) {
			static const char *const asks[] = {
				"  owner (cell role or contact)> ", "  due (YYYY-MM-DD)> ",
				"  element (planning, organisation, equipment, training, exercise)> ",
				"  lesson it answers (optional)> ",
			};
			char **fields[] = { &e.owner, &e.due, &e.element, &e.lesson };
			for (size_t i = 0; i < 4; i++) {
				char *v = ask(asks[i], s->echo);
				if (!v) {
					draft_entry_release(&e);
					return 1;
				}
				*fields[i] = dup_or_null(v);
			}
		}
		int ret = record(s, &e);
		draft_entry_release(&e);
		if (ret < 0)
			return -1;
	}
}

/* Walk through the sections; 0, or an exit code. */
static int guided(struct session_ctx *s)
{
	static const struct {
		enum draft_section sec;
		const char *title, *hint;
	} steps[] = {
		{ SECTION_TIMELINE, "Timeline: what happened, in order",
		  "one a line, its time first: PT12M Evacuation ordered (an empty line goes on)" },
		{ SECTION_WENT_WELL, "What went well", "one a line" },
		{ SECTION_WENT_WRONG, "What went wrong", "one a line" },
		{ SECTION_LESSON, "Lessons learned", "one a line, tags at the end: Call lists age fast #alert" },
		{ SECTION_ACTION, "Corrective actions: the improvement plan",
		  "what to do, then its owner, due date and element" },
	};
	printf("Debrief '%s': each entry is kept as soon as it is typed. An empty line goes to the\n"
	       "next section; end of input (Ctrl-D) stops, and the draft waits for you.\n", s->d->id);
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		int ret = section(s, steps[i].sec, steps[i].title, steps[i].hint);
		if (ret < 0)
			return EXIT_FATAL;
		if (ret > 0)
			break;
	}
	printf("\n%zu entr%s recorded. Add more with 'crisis debrief add', then 'crisis debrief finish %s'.\n",
	       s->added, s->added == 1 ? "y" : "ies", s->d->id);
	return EXIT_CLEAN;
}

/* ---- new ------------------------------------------------------------------------------ */

static int debrief_new(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *run_arg = NULL, *crisis = NULL, *plan_id = NULL, *id = NULL, *title = NULL;
	const char *date = NULL;
	int guide = -1, c, ret;
	int64_t day;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_DRILL_RUN: run_arg = optarg; break;
		case OPT_CRISIS: crisis = optarg; break;
		case OPT_PLAN: plan_id = optarg; break;
		case OPT_ID: id = optarg; break;
		case OPT_TITLE: title = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_GUIDED: guide = 1; break;
		case OPT_NO_GUIDED: guide = 0; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);
	if (!run_arg == !crisis)
		return usage_error(self, "name what is debriefed: --drill-run RUN or --crisis TITLE");
	if (crisis && !*crisis)
		return usage_error(self, "--crisis needs a title");
	if (id && !doc_is_id(id))
		return usage_error(self, "'%s' is not an id: lowercase letters, digits and '-'", id);
	if (date && date_parse(date, &day) < 0)
		return usage_error(self, "--date takes YYYY-MM-DD, not '%s'", date);

	struct checker ch;
	struct loaded run;
	struct drafts *ds = NULL;
	struct draft d = { 0 };
	struct draft_entry *material = NULL;
	size_t nr = 0;
	char today[11];
	memset(&run, 0, sizeof(run));
	if ((ret = checker_open(&ch, ws, NULL, 0)))
		return ret;
	if (run_arg && (ret = load_run(&ch, ws, run_arg, &run)))
		goto done;
	const struct drill_run *r = run_arg ? drill_run_of(&run) : NULL;
	if (!plan_id && r)
		plan_id = r->plan;
	if (!plan_id && ch.env->nr == 1)
		plan_id = ch.env->ids[0];
	const struct plan *p = NULL;
	if (plan_id && !(p = find_plan(&ch, plan_id))) {
		ret = fail(CRISIS_ENOTFOUND);
		goto done;
	}
	bool fr = p && !strcmp(plan_language(p), "fr");
	date_format(date_today(), today);
	d.id = id ? xstrdup(id) : r ? xstrdup(r->drill) : draft_slug(crisis);
	d.run = r ? xstrdup(r->id) : NULL;
	d.crisis = crisis ? xstrdup(crisis) : NULL;
	d.plan = p ? xstrdup(p->id) : NULL;
	d.date = xstrdup(date ? date : today);
	d.started_ms = clock_wall_ms();
	if (title)
		d.title = xstrdup(title);
	else if (r)
		d.title = xstrfmt(fr ? "Retour d'expérience : %s" : "Debrief: %s", r->title ? r->title : r->drill);
	else
		d.title = xstrfmt(fr ? "Retour d'expérience : %s" : "Debrief: %s", crisis);
	if ((ret = drafts_open(&ds, ws->root)) < 0) {
		ret = fail(ret);
		goto done;
	}
	/* A second run of the same drill: its debrief takes the run's id, unique. */
	if (!id && r && taken_by_another_run(&ch, ds, ws, d.id, r->id)) {
		free(d.id);
		d.id = xstrdup(r->id);
	}
	if (debrief_exists(&ch, ws, d.id)) {
		ret = fail(crisis_error("debriefs/ has a debrief '%s' already: choose another --id", d.id));
		goto done;
	}
	if (r)
		draft_run_material(r, p, fr, &material, &nr);
	if ((ret = drafts_add(ds, &d, material, nr)) < 0) {
		ret = fail(ret);
		goto done;
	}
	if (r)
		printf("started debrief '%s' of drill run %s (plan %s): %zu entries of the run imported to discuss\n",
		       d.id, r->id, d.plan ? d.plan : "none", nr);
	else
		printf("started debrief '%s' of the crisis \"%s\"%s%s%s\n", d.id, crisis,
		       d.plan ? " (plan " : "", d.plan ? d.plan : "", d.plan ? ")" : "");
	if (guide == 1 || (guide == -1 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		struct session_ctx s = {
			.ds = ds, .d = &d, .c = &ch, .plan = p, .today = date_today(),
			.echo = !isatty(STDIN_FILENO),
		};
		ret = guided(&s);
	} else {
		printf("add entries with 'crisis debrief add <section> <text>', then 'crisis debrief finish %s'\n",
		       d.id);
		ret = EXIT_CLEAN;
	}
done:
	for (size_t i = 0; i < nr; i++)
		draft_entry_release(&material[i]);
	free(material);
	drafts_close(ds);
	draft_release(&d);
	loaded_release(&run);
	checker_close(&ch);
	return ret;
}

/* ---- add ------------------------------------------------------------------------------- */

/*
 * The draft named, or the only one in progress: 0 with *out filled, or an
 * exit code after saying why.
 */
static int pick_draft(struct drafts *ds, const char *id, struct draft *out)
{
	struct draft *all;
	size_t nr;
	int ret;
	if (id)
		return (ret = drafts_get(ds, id, out)) < 0 ? fail(ret) : 0;
	if ((ret = drafts_list(ds, &all, &nr)) < 0)
		return fail(ret);
	if (nr == 1) {
		*out = all[0];
		free(all);
		return 0;
	}
	if (!nr) {
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "no debrief is being written: start one "
					     "with 'crisis debrief new'"));
	} else {
		struct buf ids = BUF_INIT;
		for (size_t i = 0; i < nr; i++)
			buf_addf(&ids, "%s%s", i ? ", " : "", all[i].id);
		ret = fail(crisis_error_code(CRISIS_ENOTFOUND, "debriefs are being written (%s): name one",
					     ids.ptr));
		buf_release(&ids);
	}
	drafts_free(all, nr);
	return ret;
}

static void add_tag(char **tags, const char *tag)
{
	char *was = *tags;
	*tags = was ? xstrfmt("%s,%s", was, tag) : xstrdup(tag);
	free(was);
}

static int debrief_add(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct draft_entry e = { 0 };
	const char *which = NULL;
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_DEBRIEF: which = optarg; break;
		case OPT_ID: e.id = xstrdup(optarg); break;
		case OPT_AT: e.at = xstrdup(optarg); break;
		case OPT_BY: e.by = xstrdup(optarg); break;
		case OPT_WHY: e.why = xstrdup(optarg); break;
		case OPT_OWNER: e.owner = xstrdup(optarg); break;
		case OPT_DUE: e.due = xstrdup(optarg); break;
		case OPT_ELEMENT: e.element = xstrdup(optarg); break;
		case OPT_PLAN: e.plan = xstrdup(optarg); break;
		case OPT_LESSON: e.lesson = xstrdup(optarg); break;
		case OPT_TAG: add_tag(&e.tags, optarg); break;
		case OPT_TODAY:
			if ((ret = parse_today(self, optarg, &today)))
				goto out;
			break;
		default:
			ret = EXIT_USAGE;
			goto out;
		}
	}
	if (argc - optind != 2) {
		ret = usage_error(self, "name the section and give the text");
		goto out;
	}
	if (draft_section_parse(argv[optind]) < 0) {
		ret = usage_error(self, "no section '%s': participant, timeline, went-well, went-wrong, "
				  "decision, lesson or action", argv[optind]);
		goto out;
	}
	e.section = xstrdup(argv[optind]);
	e.text = xstrdup(argv[optind + 1]);

	struct checker ch;
	struct drafts *ds = NULL;
	struct draft d = { 0 };
	struct buf warnings = BUF_INIT;
	if ((ret = checker_open(&ch, ws, NULL, 0)))
		goto out;
	if ((ret = drafts_open(&ds, ws->root)) < 0) {
		ret = fail(ret);
		goto done;
	}
	if ((ret = pick_draft(ds, which, &d)))
		goto done;
	const char *plan_id = e.plan ? e.plan : d.plan;
	const struct plan *p = NULL;
	if (plan_id && !(p = find_plan(&ch, plan_id))) {
		ret = fail(CRISIS_ENOTFOUND);
		goto done;
	}
	/* An entry refused is the user's to correct, as a bad argument is. */
	if ((ret = draft_check_entry(ds, &d, &e, p, today, &warnings)) < 0) {
		ret = fail(CRISIS_ENOTFOUND);
		goto done;
	}
	if ((ret = drafts_append(ds, d.id, &e)) < 0) {
		ret = fail(ret);
		goto done;
	}
	for (char *w = strtok(warnings.ptr ? warnings.ptr : (char *)"", "\n"); w; w = strtok(NULL, "\n"))
		warning("%s", w);
	if (e.id)
		printf("added %s '%s' to debrief '%s' (entry %lld)\n", e.section, e.id, d.id, (long long)e.seq);
	else
		printf("added %s to debrief '%s' (entry %lld)\n", e.section, d.id, (long long)e.seq);
	ret = EXIT_CLEAN;
done:
	buf_release(&warnings);
	draft_release(&d);
	drafts_close(ds);
	checker_close(&ch);
out:
	draft_entry_release(&e);
	return ret;
}

/* ---- finish ---------------------------------------------------------------------------- */

static int debrief_finish(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	bool commit = true;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != OPT_NO_COMMIT)
			return EXIT_USAGE;
		commit = false;
	}
	if (argc - optind > 1)
		return usage_error(self, "name one debrief");

	struct checker ch;
	struct drafts *ds = NULL;
	struct draft d = { 0 };
	struct buf text = BUF_INIT, path = BUF_INIT, full = BUF_INIT, msg = BUF_INIT, head = BUF_INIT;
	/* One finish (or close) at a time writes and commits debriefs. */
	int lock;
	if ((ret = store_lock(ws->root, "debriefs", &lock)) < 0)
		return fail(ret);
	if ((ret = checker_open(&ch, ws, NULL, 0))) {
		store_unlock(lock);
		return ret;
	}
	if ((ret = drafts_open(&ds, ws->root)) < 0) {
		ret = fail(ret);
		goto done;
	}
	if ((ret = pick_draft(ds, optind < argc ? argv[optind] : NULL, &d)))
		goto done;
	if ((ret = draft_yaml(ds, &d, &text)) < 0) {
		ret = fail(ret);
		goto done;
	}
	draft_path(&path, &d);
	buf_addf(&full, "%s%s", ws->root, path.ptr);

	/* What is written is what validates: checked before anything is written. */
	struct diag_file *f = diag_file_new(path.ptr, config_severities(&ch.cfg));
	struct loaded check;
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	validate_load_text(&ch.v, f, &copy, &check);
	bool valid = !f->errors && debrief_of(&check);
	size_t lessons = valid ? debrief_of(&check)->nr_lessons : 0;
	size_t actions = valid ? debrief_of(&check)->nr_actions : 0;
	if (f->errors || f->warnings)
		print_findings(f);
	loaded_release(&check);
	diag_file_free(f);
	if (!valid) {
		error("debrief '%s' does not validate: nothing written, it stays in .crisis/journal.db",
		      d.id);
		ret = EXIT_FINDINGS;
		goto done;
	}

	/* Finished before and stopped short of the end: the same file, kept. */
	struct buf on_disk = BUF_INIT;
	bool exists = access(full.ptr, F_OK) == 0;
	bool same = exists && fs_read_file(full.ptr, &on_disk) == 0 && on_disk.len == text.len &&
		    !memcmp(on_disk.ptr, text.ptr, text.len);
	buf_release(&on_disk);
	if (exists && !same) {
		ret = fail(crisis_error("%s exists already and differs: move it away, or finish with "
					"another id", path.ptr));
		goto done;
	}
	if (!same && ((ret = fs_make_parents(full.ptr)) < 0 ||
		      (ret = fs_write_atomic(full.ptr, text.ptr, text.len, 0644)) < 0)) {
		ret = fail(ret);
		goto done;
	}
	char id[REPO_ID_HEX] = "";
	bool committed = repo_read_at(ws->repo, "HEAD", path.ptr, &head) == 0 && head.len == text.len &&
			 !memcmp(head.ptr, text.ptr, text.len);
	if (commit && !committed) {
		const char *paths[] = { path.ptr };
		buf_addf(&msg, "Debrief %s\n\n%s\n%zu lesson%s, %zu action%s%s%s.\n", d.id, d.title, lessons,
			 lessons == 1 ? "" : "s", actions, actions == 1 ? "" : "s",
			 d.plan ? " for plan " : "", d.plan ? d.plan : "");
		if ((ret = repo_commit_paths(ws->repo, paths, 1, msg.ptr, id)) < 0) {
			char *why = xstrdup(crisis_error_last());
			error("%s", why);
			error("%s is written, not committed: the draft stays in .crisis/journal.db, and "
			      "'crisis debrief finish %s' commits it", path.ptr, d.id);
			free(why);
			ret = exit_code_of(ret);
			goto done;
		}
	}
	/* In the repository now (or in the working tree): the journal lets it go. */
	if ((ret = drafts_remove(ds, d.id)) < 0) {
		ret = fail(ret);
		goto done;
	}
	printf("recorded %s: %zu lesson%s, %zu action%s (", path.ptr, lessons, lessons == 1 ? "" : "s",
	       actions, actions == 1 ? "" : "s");
	if (*id)
		printf("commit %.7s)\n", id);
	else
		printf("%s)\n", committed ? "committed before" : "not committed");
	ret = EXIT_CLEAN;
done:
	buf_release(&text);
	buf_release(&path);
	buf_release(&full);
	buf_release(&msg);
	buf_release(&head);
	draft_release(&d);
	drafts_close(ds);
	checker_close(&ch);
	store_unlock(lock);
	return ret;
}
