/* crisis contacts: the directory, the call tree, checks, exports and imports. */
#include "plan.h"
#include "../lib/calltree.h"
#include "../lib/contactio.h"
#include "../lib/directory.h"
#include "../lib/error.h"
#include "../lib/isotime.h"
#include "../lib/rules.h"
#include "../lib/utf8.h"
#include "../lib/version.h"
#include "../lib/workspace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn contacts_list, contacts_show, contacts_find, contacts_tree, contacts_check,
	contacts_export, contacts_import;

enum {
	OPT_ORG = 256, OPT_AVAILABLE, OPT_PLAN, OPT_SCENARIO, OPT_REDACT, OPT_DRY_RUN,
	OPT_SKIP_INVALID, OPT_COUNTRY, OPT_C_STRICT, OPT_C_COLOR, OPT_C_TODAY,
};

#define PLAN_OPT { "plan", OPT_PLAN, "PLAN", "only this plan (an id of the workspace, or a file); repeatable", NULL }

static const struct opt list_opts[] = {
	{ "org", OPT_ORG, "ORG", "only internal or external contacts", "internal|external" },
	{ "available", OPT_AVAILABLE, "WHEN", "only contacts available 24/7 or office hours", "24/7|office-hours" },
	PLAN_OPT,
	{ "format", 'f', "FORMAT", "output format: text (default), json, csv", "text|json|csv" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt show_opts[] = {
	PLAN_OPT,
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt tree_opts[] = {
	{ "scenario", OPT_SCENARIO, "ID", "add the steps of this scenario's procedures and who does them", NULL },
	{ "format", 'f', "FORMAT", "output format: text (default, one A4 page), dot (Graphviz), json", "text|dot|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt check_opts[] = {
	PLAN_OPT,
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", REPORT_FORMATS },
	{ "strict", OPT_C_STRICT, NULL, "warnings fail the check too (exit code 1)", NULL },
	{ "quiet", 'q', NULL, "print the findings only, no summary line", NULL },
	{ "color", OPT_C_COLOR, "WHEN", "colour the text output: auto (default), always, never", "auto|always|never" },
	{ "today", OPT_C_TODAY, "DATE", "check verified dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt export_opts[] = {
	{ "format", 'f', "FORMAT", "vcard (default), csv or json", "vcard|csv|json" },
	{ "output", 'o', "FILE", "write to FILE (created 0600) instead of standard output", NULL },
	{ "redact", OPT_REDACT, NULL, "mask phone numbers and e-mail addresses", NULL },
	PLAN_OPT,
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt import_opts[] = {
	{ "format", 'f', "FORMAT", "vcard or csv (default: from the file name)", "vcard|csv" },
	{ "dry-run", 'n', NULL, "show what would change, write nothing", NULL },
	{ "skip-invalid", OPT_SKIP_INVALID, NULL, "import the valid records even when some are not", NULL },
	{ "country", OPT_COUNTRY, "CODE", "read national numbers (06 12 34 56 78) with this country code (33)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct subcmd contacts_subcommands[] = {
	{ "list", contacts_list, "[<options>]",
	  "the contacts of every plan and of contacts.yaml, in a table", list_opts, WANTS_WORKSPACE },
	{ "show", contacts_show, "[<options>] <id>",
	  "one contact: details, where it is defined, what names it", show_opts, WANTS_WORKSPACE },
	{ "find", contacts_find, "[<options>] <text>",
	  "contacts by any part of name, title, organisation, phone or e-mail", list_opts,
	  WANTS_WORKSPACE },
	{ "tree", contacts_tree, "[<options>] [<plan>]",
	  "the call tree: escalation levels in order, fallbacks, suppliers", tree_opts,
	  WANTS_WORKSPACE },
	{ "check", contacts_check, "[<options>]",
	  "unreachable, unused, stale, unknown and overloaded contacts", check_opts, WANTS_WORKSPACE },
	{ "export", contacts_export, "[<options>]",
	  "every contact as vCard 4.0, CSV or JSON", export_opts, WANTS_WORKSPACE },
	{ "import", contacts_import, "[<options>] <file>",
	  "add or update contacts.yaml from a vCard or CSV export", import_opts, NEEDS_WORKSPACE },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

enum { CS_LIST, CS_SHOW, CS_FIND, CS_TREE, CS_CHECK, CS_EXPORT, CS_IMPORT };
#define CSUB(name) (&contacts_subcommands[name])

int cmd_contacts(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return run_subcommand("contacts", contacts_subcommands, argc, argv);
}

/* What every subcommand reads: the configuration, the shared contacts, the plans. */
struct session {
	struct config cfg;
	struct validator v;
	struct directory d;
	struct diag_file *shared_f;	/* contacts.yaml's findings, or NULL */
};

static int open_session(struct session *s, struct workspace *ws, const struct subcmd *sub,
			char **plans, size_t nr_plans, int64_t today, bool quiet)
{
	struct report_opts o = { .format = FORMAT_TEXT, .quiet = true };

	memset(s, 0, sizeof(*s));
	if (!ws && !nr_plans)
		return usage_error("contacts", sub, "not in a crisis workspace: name plan files with --plan, or run 'crisis init'");
	/* --plan names a file, or the id of a plan of the workspace (plans/ID.yaml). */
	for (size_t i = 0; i < nr_plans; i++) {
		if (access(plans[i], F_OK) == 0)
			continue;
		struct buf path = BUF_INIT;
		if (ws) {
			buf_adds(&path, ws->root);
			workspace_plan_path(&path, plans[i]);
		}
		if (!ws || access(path.ptr, F_OK) != 0) {
			buf_release(&path);
			return usage_error("contacts", sub, "no plan '%s': name a plan file, or the id of a plan of the workspace",
					   plans[i]);
		}
		/* Shown relative to the current folder when it is inside. */
		char cwd[4096];
		size_t n = getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0;
		bool inside = n && !strncmp(path.ptr, cwd, n) && path.ptr[n] == '/';
		free(plans[i]);
		plans[i] = xstrdup(inside ? path.ptr + n + 1 : path.ptr);
		buf_release(&path);
	}
	int ret = open_validator(&s->v, &s->cfg, NULL, NULL, true, NULL, today, &o);
	if (ret)
		return ret;
	if (ws && directory_share(&s->v, ws->root, &s->cfg, &s->shared_f) < 0 && !quiet) {
		print_findings(s->shared_f);
		error("%s is unusable: its contacts are left out", DIRECTORY_FILE);
	}
	if (directory_load(&s->d, &s->v, ws ? ws->root : NULL, &s->cfg, plans, nr_plans) < 0) {
		error("%s", crisis_error_last());
		return EXIT_FATAL;
	}
	for (size_t i = 0; !quiet && i < s->d.nr_plans; i++)
		if (!s->d.plans[i].lp.has_plan)
			error("'%s' cannot be read (see crisis plan validate): its contacts are left out",
			      s->d.plans[i].path);
	return 0;
}

static void close_session(struct session *s)
{
	directory_release(&s->d);
	diag_file_free(s->shared_f);
	validator_release(&s->v);
	config_release(&s->cfg);
}

/* Write `out` to standard output; the dispatcher checks that it arrived. */
static void emit(const struct buf *out)
{
	fwrite(buf_str(out), 1, out->len, stdout);
}

/* ---- list, find ---- */

struct filter {
	const char *org, *available, *text;
	char **plans;
	size_t nr_plans;
};

static bool keep(const struct dir_contact *dc, const struct filter *f)
{
	const struct plan_contact *c = dc->c;
	if (f->org && !(c->org ? !strcmp(c->org, f->org) : !strcmp(f->org, "internal")))
		return false;
	if (f->available && !(c->available_text && !strcmp(c->available_text, f->available)))
		return false;
	if (f->text && !directory_match(c, f->text))
		return false;
	/* With --plan, the directory holds those plans: their contacts, and the shared ones they name. */
	return !f->nr_plans || dc->plan || dc->nr_uses;
}

static size_t width(const char *s)
{
	return s ? utf8_chars(s, strlen(s)) : 0;
}

static void cell(struct buf *out, const char *s, size_t w, bool last)
{
	buf_adds(out, s ? s : "");
	for (size_t n = width(s); !last && n < w + 2; n++)
		buf_addc(out, ' ');
}

enum { COL_ID, COL_NAME, COL_ORG, COL_AVAIL, COL_PHONE, COL_WHERE, NR_COLS };

/* A long supplier's name is cut (show gives it whole): the table stays readable. */
#define NAME_WIDTH 40

/* One row of the table; the name, cut when long, is written into `name`. */
static void row_of(const struct dir_contact *dc, struct buf *name, const char *v[NR_COLS])
{
	const struct plan_contact *c = dc->c;
	buf_reset(name);
	if (width(c->name) > NAME_WIDTH) {
		buf_add(name, c->name, utf8_offset(c->name, NAME_WIDTH - 1));
		buf_adds(name, "\xE2\x80\xA6");	/* … */
	} else {
		buf_adds(name, c->name);
	}
	v[COL_ID] = c->id;
	v[COL_NAME] = name->ptr;
	v[COL_ORG] = c->org ? c->org : "internal";
	v[COL_AVAIL] = c->available_text ? c->available_text : "-";
	v[COL_PHONE] = c->phones.nr ? c->phones.ids[0] : "-";
	v[COL_WHERE] = dc->file;
}

static void table(struct buf *out, const struct dir_contact *const *rows, size_t nr)
{
	static const char *const heads[] = { "ID", "NAME", "ORG", "AVAILABLE", "PHONE", "DEFINED IN" };
	struct buf name = BUF_INIT;
	const char *v[NR_COLS];
	size_t w[NR_COLS];

	for (size_t k = 0; k < NR_COLS; k++)
		w[k] = width(heads[k]);
	for (size_t i = 0; i < nr; i++) {
		row_of(rows[i], &name, v);
		for (size_t k = 0; k < NR_COLS; k++)
			if (width(v[k]) > w[k])
				w[k] = width(v[k]);
	}
	for (size_t k = 0; k < NR_COLS; k++)
		cell(out, heads[k], w[k], k + 1 == NR_COLS);
	buf_addc(out, '\n');
	for (size_t i = 0; i < nr; i++) {
		row_of(rows[i], &name, v);
		for (size_t k = 0; k < NR_COLS; k++)
			cell(out, v[k], w[k], k + 1 == NR_COLS);
		buf_addc(out, '\n');
	}
	buf_release(&name);
}

static int parse_format(const struct subcmd *sub, const char *arg, const char *allowed)
{
	size_t n = strlen(arg);
	for (const char *p = allowed; *p; p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|'))
		if (strcspn(p, "|") == n && !strncmp(p, arg, n))
			return 0;
	return usage_error("contacts", sub, "unknown format '%s' (expected %s)", arg, allowed);
}

static int list_or_find(int argc, char **argv, struct workspace *ws, const struct subcmd *sub,
			bool find)
{
	struct filter f = { NULL, NULL, NULL, NULL, 0 };
	struct strlist plans = STRLIST_INIT;
	const char *format = "text";
	struct session s;
	int c, ret = EXIT_USAGE;

	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		switch (c) {
		case OPT_ORG:
			if (strcmp(optarg, "internal") && strcmp(optarg, "external"))
				goto usage_org;
			f.org = optarg;
			break;
		case OPT_AVAILABLE:
			if (strcmp(optarg, "24/7") && strcmp(optarg, "office-hours")) {
				usage_error("contacts", sub, "--available takes 24/7 or office-hours, not '%s'", optarg);
				goto done;
			}
			f.available = optarg;
			break;
		case OPT_PLAN: strlist_add(&plans, optarg); break;
		case 'f':
			if (parse_format(sub, optarg, "text|json|csv"))
				goto done;
			format = optarg;
			break;
		default:
			goto done;
		}
	}
	if (find && argc - optind != 1) {
		usage_error("contacts", sub, "name the text to find");
		goto done;
	}
	if (!find && argc != optind) {
		usage_error("contacts", sub, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	f.text = find ? argv[optind] : NULL;
	f.plans = plans.items;
	f.nr_plans = plans.nr;
	if ((ret = open_session(&s, ws, sub, plans.items, plans.nr, date_today(), false)))
		goto done;

	const struct dir_contact **rows = xcalloc(s.d.nr + 1, sizeof(*rows));
	const struct plan_contact **cs = xcalloc(s.d.nr + 1, sizeof(*cs));
	size_t nr = 0;
	for (size_t i = 0; i < s.d.nr; i++)
		if (keep(&s.d.contacts[i], &f)) {
			rows[nr] = &s.d.contacts[i];
			cs[nr++] = s.d.contacts[i].c;
		}
	struct buf out = BUF_INIT;
	if (!strcmp(format, "json"))
		contacts_json(&out, &s.d, cs, nr, false);
	else if (!strcmp(format, "csv"))
		contacts_csv(&out, cs, nr, false);
	else if (nr)
		table(&out, rows, nr);
	else if (!find)
		buf_adds(&out, "no contacts\n");
	emit(&out);
	buf_release(&out);
	ret = find && !nr ? EXIT_FINDINGS : EXIT_CLEAN;
	free(rows);
	free(cs);
	close_session(&s);
done:
	strlist_release(&plans);
	return ret;
usage_org:
	usage_error("contacts", sub, "--org takes internal or external, not '%s'", optarg);
	goto done;
}

static int contacts_list(int argc, char **argv, struct workspace *ws)
{
	return list_or_find(argc, argv, ws, CSUB(CS_LIST), false);
}

static int contacts_find(int argc, char **argv, struct workspace *ws)
{
	return list_or_find(argc, argv, ws, CSUB(CS_FIND), true);
}

/* ---- show ---- */

static void show_field(struct buf *out, const char *name, const char *value)
{
	if (value)
		buf_addf(out, "%-12s %s\n", name, value);
}

static void show_contact(struct buf *out, const struct dir_contact *dc)
{
	const struct plan_contact *c = dc->c;
	buf_addf(out, "%s (%s)\n", c->name, c->id);
	show_field(out, "title:", c->title);
	show_field(out, "org:", c->org ? c->org : "internal");
	for (size_t i = 0; i < c->phones.nr; i++)
		show_field(out, i ? "" : "phones:", c->phones.ids[i]);
	if (!c->phones.nr)
		show_field(out, "phones:", "none: this contact cannot be called");
	show_field(out, "email:", c->email);
	show_field(out, "available:", c->available_text);
	if (c->activation_day_text || c->activation_night_text) {
		struct buf a = BUF_INIT;
		buf_addf(&a, "%s by day, %s at night",
			 c->activation_day_text ? c->activation_day_text : "?",
			 c->activation_night_text ? c->activation_night_text : "?");
		show_field(out, "activation:", a.ptr);
		buf_release(&a);
	}
	show_field(out, "verified:", c->verified ? c->verified : "never");
	show_field(out, "notes:", c->notes);
	show_field(out, "defined in:", dc->file);
	if (dc->also_defined)
		buf_addf(out, "%-12s %u other plan%s\n", "also in:", dc->also_defined,
			 dc->also_defined > 1 ? "s" : "");
	if (!dc->nr_uses)
		show_field(out, "named by:", "nothing");
	for (size_t i = 0; i < dc->nr_uses; i++)
		buf_addf(out, "%-12s %s: %s\n", i ? "" : "named by:", dc->uses[i].plan,
			 dc->uses[i].what);
}

static int contacts_show(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = CSUB(CS_SHOW);
	struct strlist plans = STRLIST_INIT;
	bool json = false;
	struct session s;
	int c, ret = EXIT_USAGE;

	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		if (c == OPT_PLAN) {
			strlist_add(&plans, optarg);
		} else if (c == 'f' && !parse_format(sub, optarg, "text|json")) {
			json = !strcmp(optarg, "json");
		} else {
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		strlist_release(&plans);
		return usage_error("contacts", sub, "name one contact id");
	}
	if ((ret = open_session(&s, ws, sub, plans.items, plans.nr, date_today(), false))) {
		strlist_release(&plans);
		return ret;
	}
	const char *id = argv[optind];
	const struct dir_contact *dc = directory_get(&s.d, id);
	if (!dc) {
		const char *best = directory_suggest(&s.d, id);
		if (best)
			error("no contact '%s'; did you mean '%s'?", id, best);
		else
			error("no contact '%s' (crisis contacts find TEXT searches names and phones)", id);
		ret = EXIT_FINDINGS;
	} else {
		struct buf out = BUF_INIT;
		if (json)
			contacts_json(&out, &s.d, &dc->c, 1, false);
		else
			show_contact(&out, dc);
		emit(&out);
		buf_release(&out);
	}
	close_session(&s);
	strlist_release(&plans);
	return ret;
}

/* ---- tree ---- */

static int contacts_tree(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = CSUB(CS_TREE);
	const char *scenario = NULL, *format = "text";
	struct session s;
	int c, ret;

	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		if (c == OPT_SCENARIO)
			scenario = optarg;
		else if (c == 'f' && !parse_format(sub, optarg, "text|dot|json"))
			format = optarg;
		else
			return EXIT_USAGE;
	}
	if (argc - optind > 1)
		return usage_error("contacts", sub, "name at most one plan");
	char **named = argc > optind ? argv + optind : NULL;
	if (!ws && !named)
		return usage_error("contacts", sub, "not in a crisis workspace: name a plan file");
	/* A plan named by its file is read alone; by its id, from the workspace. */
	bool file = named && access(named[0], F_OK) == 0;
	if ((ret = open_session(&s, ws, sub, file ? named : NULL, file, date_today(), false)))
		return ret;

	const struct dir_plan *only = named ? directory_plan(&s.d, named[0]) : NULL;
	if (named && !only) {
		error("no plan '%s' in the workspace (name its id or its file)", named[0]);
		close_session(&s);
		return EXIT_USAGE;
	}
	if (!only && scenario && s.d.nr_plans != 1) {
		close_session(&s);
		return usage_error("contacts", sub, "--scenario needs the plan it belongs to");
	}
	struct buf out = BUF_INIT;
	size_t shown = 0;
	ret = EXIT_CLEAN;
	for (size_t i = 0; i < s.d.nr_plans; i++) {
		const struct dir_plan *dp = &s.d.plans[i];
		if ((only && dp != only) || !dp->lp.has_plan)
			continue;
		struct calltree t;
		if (calltree_build(&t, &dp->lp.plan, scenario) < 0) {
			error("%s", crisis_error_last());
			ret = EXIT_USAGE;
			break;
		}
		/* One page per plan: a form feed between them. */
		if (shown++)
			buf_adds(&out, !strcmp(format, "text") ? "\f\n" : "");
		if (!strcmp(format, "dot"))
			calltree_dot(&out, &t);
		else if (!strcmp(format, "json"))
			calltree_json(&out, &t);
		else
			calltree_text(&out, &t);
		calltree_release(&t);
	}
	if (ret == EXIT_CLEAN && !shown) {
		error("no readable plan to draw a call tree from");
		ret = EXIT_FINDINGS;
	}
	if (ret == EXIT_CLEAN)
		emit(&out);
	buf_release(&out);
	close_session(&s);
	return ret;
}

/* ---- check ---- */

/* Keep the findings that are about contacts. */
static void keep_contact_findings(struct diag_file *f)
{
	size_t kept = 0;
	f->errors = f->warnings = f->infos = 0;
	for (size_t i = 0; i < f->nr; i++) {
		struct diag *d = &f->items[i];
		const struct rule *r = rule_find(d->rule);
		if (r && !rule_is_about_contacts(r)) {
			free(d->path);
			free(d->message);
			free(d->source);
			continue;
		}
		f->errors += d->severity == SEV_ERROR;
		f->warnings += d->severity == SEV_WARNING;
		f->infos += d->severity == SEV_INFO;
		f->items[kept++] = *d;
	}
	f->nr = kept;
}

static int contacts_check(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = CSUB(CS_CHECK);
	struct report_opts o = { .format = FORMAT_TEXT, .version = CRISIS_VERSION };
	struct strlist plans = STRLIST_INIT;
	const char *color = "auto", *github = getenv("GITHUB_ACTIONS");
	int64_t today = date_today();
	struct session s;
	int c, ret;

	if (github && !strcmp(github, "true"))
		o.format = FORMAT_GITHUB;
	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		switch (c) {
		case OPT_PLAN: strlist_add(&plans, optarg); break;
		case 'f':
			if ((ret = report_format_parse(optarg)) < 0) {
				strlist_release(&plans);
				return usage_error("contacts", sub, "unknown format '%s' (expected %s)",
						   optarg, REPORT_FORMATS);
			}
			o.format = (enum report_format)ret;
			break;
		case OPT_C_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case OPT_C_COLOR: color = optarg; break;
		case OPT_C_TODAY:
			if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10) {
				strlist_release(&plans);
				return usage_error("contacts", sub, "--today takes a date such as 2026-11-22, not '%s'", optarg);
			}
			break;
		default:
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc != optind) {
		strlist_release(&plans);
		return usage_error("contacts", sub, "unexpected argument '%s'", argv[optind]);
	}
	o.color = o.format == FORMAT_TEXT && want_color(color);
	if ((ret = open_session(&s, ws, sub, plans.items, plans.nr, today, true))) {
		strlist_release(&plans);
		return ret;
	}
	/* Whether a shared contact is used is known from every plan only. */
	directory_check(&s.d, plans.nr ? NULL : s.shared_f);

	struct diag_set set = { NULL, 0, 0 };
	if (s.shared_f)
		diag_set_add(&set, s.shared_f);
	for (size_t i = 0; i < s.d.nr_plans; i++)
		diag_set_add(&set, s.d.plans[i].f);
	for (size_t i = 0; i < set.nr; i++)
		keep_contact_findings(set.files[i]);
	struct buf out = BUF_INIT;
	report_write(&out, &set, &o);
	emit(&out);
	buf_release(&out);
	ret = report_fatal(&set) ? EXIT_FATAL :
	      report_failed(&set, o.strict) ? EXIT_FINDINGS : EXIT_CLEAN;
	free(set.files);	/* the files are the session's */
	close_session(&s);
	strlist_release(&plans);
	return ret;
}

/* The line `crisis status` prints about contacts; 1 when they need attention. */
int contacts_status_report(struct workspace *ws, int64_t today)
{
	static const struct { const char *rule, *what; } kinds[] = {
		{ RULE_CONTACT_STALE, "to verify again" },
		{ RULE_CONTACT_UNREACHABLE, "unreachable" },
		{ RULE_CONTACT_UNUSED, "named nowhere" },
		{ RULE_DUPLICATE_ID, "defined twice" },
		{ RULE_UNKNOWN_REFERENCE, "unknown references" },
	};
	size_t counts[sizeof(kinds) / sizeof(*kinds)] = { 0 }, total = 0;
	struct session s;

	if (open_session(&s, ws, CSUB(CS_CHECK), NULL, 0, today, true))
		return EXIT_FATAL;
	directory_check(&s.d, s.shared_f);
	for (size_t i = 0; i <= s.d.nr_plans; i++) {
		const struct diag_file *f = i < s.d.nr_plans ? s.d.plans[i].f : s.shared_f;
		for (size_t j = 0; f && j < f->nr; j++)
			for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
				if (!strcmp(f->items[j].rule, kinds[k].rule) &&
				    f->items[j].severity >= SEV_WARNING)
					counts[k]++, total++;
	}
	struct buf line = BUF_INIT;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		if (counts[k])
			buf_addf(&line, ", %zu %s", counts[k], kinds[k].what);
	printf("%zu contact%s%s%s\n", s.d.nr, s.d.nr == 1 ? "" : "s",
	       total ? ": " : ", all reachable and verified", total ? line.ptr + 2 : "");
	if (total)
		printf("  see 'crisis contacts check'\n");
	buf_release(&line);
	close_session(&s);
	return total ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* ---- export ---- */

static int contacts_export(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = CSUB(CS_EXPORT);
	struct strlist plans = STRLIST_INIT;
	const char *format = "vcard", *output = NULL;
	bool redact = false;
	struct session s;
	int c, ret;

	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		if (c == 'f' && !parse_format(sub, optarg, "vcard|csv|json")) {
			format = optarg;
		} else if (c == 'o') {
			output = optarg;
		} else if (c == OPT_REDACT) {
			redact = true;
		} else if (c == OPT_PLAN) {
			strlist_add(&plans, optarg);
		} else {
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc != optind) {
		strlist_release(&plans);
		return usage_error("contacts", sub, "unexpected argument '%s'", argv[optind]);
	}
	if ((ret = open_session(&s, ws, sub, plans.items, plans.nr, date_today(), false))) {
		strlist_release(&plans);
		return ret;
	}
	const struct plan_contact **cs = xcalloc(s.d.nr + 1, sizeof(*cs));
	struct filter f = { NULL, NULL, NULL, plans.items, plans.nr };
	size_t nr = 0;
	for (size_t i = 0; i < s.d.nr; i++)
		if (keep(&s.d.contacts[i], &f))
			cs[nr++] = s.d.contacts[i].c;
	struct buf out = BUF_INIT;
	if (!strcmp(format, "csv"))
		contacts_csv(&out, cs, nr, redact);
	else if (!strcmp(format, "json"))
		contacts_json(&out, redact ? NULL : &s.d, cs, nr, redact);
	else
		contacts_vcard(&out, cs, nr, redact);
	if (!output) {
		emit(&out);
	} else if (write_file_atomic(output, buf_str(&out), out.len, 0600) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
	} else {
		fprintf(stderr, "%zu contact%s written to %s%s\n", nr, nr == 1 ? "" : "s",
			output, redact ? " (phones and e-mails masked)" : "");
	}
	buf_release(&out);
	free(cs);
	close_session(&s);
	strlist_release(&plans);
	return ret;
}

/* ---- import ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

static void print_problems(const char *file, const struct import *im)
{
	for (size_t i = 0; i < im->nr_problems; i++)
		fprintf(stderr, "%s:%lu: error: %s\n", file, im->problems[i].line,
			im->problems[i].message);
}

static int contacts_import(int argc, char **argv, struct workspace *ws)
{
	const struct subcmd *sub = CSUB(CS_IMPORT);
	const char *format = NULL, *country = NULL;
	bool dry_run = false, skip_invalid = false;
	int c, ret = EXIT_CLEAN;

	optind = 1;
	while ((c = next_opt(argc, argv, "contacts", sub)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format(sub, optarg, "vcard|csv"))
				return EXIT_USAGE;
			format = optarg;
			break;
		case 'n': dry_run = true; break;
		case OPT_SKIP_INVALID: skip_invalid = true; break;
		case OPT_COUNTRY:
			if (strspn(optarg, "0123456789") != strlen(optarg) || !*optarg ||
			    *optarg == '0' || strlen(optarg) > 3)
				return usage_error("contacts", sub, "--country takes a calling code such as 33, not '%s'", optarg);
			country = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error("contacts", sub, "name one file to import");
	const char *file = argv[optind];
	if (!format)
		format = ends_with(file, ".vcf") || ends_with(file, ".vcard") ? "vcard" :
			 ends_with(file, ".csv") || ends_with(file, ".txt") ? "csv" : NULL;
	if (!format)
		return usage_error("contacts", sub, "say --format vcard or csv: '%s' names neither", file);

	struct buf data = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	struct import im = { 0 };
	struct merge_result *results = NULL;
	struct session s;
	bool have_session = false;
	if (read_file(file, &data) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
		goto done;
	}
	int read = !strcmp(format, "csv") ? import_csv(&im, data.ptr ? data.ptr : "", data.len, country) :
		   import_vcard(&im, data.ptr ? data.ptr : "", data.len, country);
	if (read < 0) {
		/* "line L, column C: why" reads as file:L:C: error: why. */
		const char *why = crisis_error_last();
		unsigned long line = 0, col = 0;
		int skip = 0;
		if (sscanf(why, "line %lu, column %lu: %n", &line, &col, &skip) == 2 && skip)
			fprintf(stderr, "%s:%lu:%lu: error: %s\n", file, line, col, why + skip);
		else if (sscanf(why, "line %lu: %n", &line, &skip) == 1 && skip)
			fprintf(stderr, "%s:%lu: error: %s\n", file, line, why + skip);
		else
			fprintf(stderr, "%s: error: %s\n", file, why);
		ret = EXIT_FINDINGS;
		goto done;
	}
	print_problems(file, &im);
	if (im.nr_problems && !skip_invalid) {
		error("%zu record%s cannot be imported: nothing written (--skip-invalid imports the others)",
		      im.nr_problems, im.nr_problems == 1 ? "" : "s");
		ret = EXIT_FINDINGS;
		goto done;
	}

	/* The workspace's contacts.yaml as it is: it must be valid to be updated. */
	if ((ret = open_session(&s, ws, sub, NULL, 0, date_today(), true)))
		goto done;
	have_session = true;
	buf_addf(&path, "%s%s", ws->root, DIRECTORY_FILE);
	if (s.shared_f && s.shared_f->errors) {
		print_findings(s.shared_f);
		error("%s is invalid: fix it before importing into it", DIRECTORY_FILE);
		ret = EXIT_FINDINGS;
		goto done;
	}
	/* A contact a plan defines stays in that plan: contacts.yaml would define it twice. */
	for (size_t i = 0; i < im.nr;) {
		const struct dir_contact *in_plan = NULL;
		for (size_t k = 0; k < s.d.nr && !in_plan; k++)
			if (s.d.contacts[k].plan && import_matches(&im.recs[i], s.d.contacts[k].c))
				in_plan = &s.d.contacts[k];
		if (!in_plan) {
			i++;
			continue;
		}
		fprintf(stderr, "%s:%lu: note: '%s' is defined in %s: not imported (move it to %s to share it)\n",
			file, im.recs[i].line, in_plan->c->id, in_plan->file, DIRECTORY_FILE);
		import_drop(&im, i);
	}
	/* Contacts and cell roles share one namespace: a new id is neither. */
	struct strmap taken = STRMAP_INIT;
	for (size_t i = 0; i < s.d.nr; i++)
		if (s.d.contacts[i].plan)
			strmap_put(&taken, s.d.contacts[i].c->id, (void *)s.d.contacts[i].file);
	for (size_t i = 0; i < s.d.nr_plans; i++) {
		const struct dir_plan *dp = &s.d.plans[i];
		const struct plan *p = dp->lp.has_plan ? &dp->lp.plan : dp->has_partial ? &dp->partial : NULL;
		for (size_t j = 0; p && j < p->nr_roles; j++)
			if (p->roles[j].id)
				strmap_put(&taken, p->roles[j].id, dp->path);
	}
	size_t refused = 0;
	for (size_t i = 0; i < im.nr; i++) {
		const char *where = im.recs[i].id ? strmap_get(&taken, im.recs[i].id) : NULL;
		if (where) {
			fprintf(stderr, "%s:%lu: error: id '%s' is already a cell role of %s\n",
				file, im.recs[i].line, im.recs[i].id, where);
			refused++;
		}
	}
	if (refused && !skip_invalid) {
		strmap_release(&taken);
		error("%zu record%s cannot be imported: nothing written (--skip-invalid imports the others)",
		      refused, refused == 1 ? "" : "s");
		ret = EXIT_FINDINGS;
		goto done;
	}
	for (size_t i = 0; i < im.nr;)
		if (im.recs[i].id && strmap_get(&taken, im.recs[i].id))
			import_drop(&im, i);
		else
			i++;
	const struct loaded_plan *lp = validator_shared(&s.v);
	int merged = import_merge(&im, lp, &taken, &text, &results);
	strmap_release(&taken);
	if (merged < 0) {
		/* A list written inline cannot be edited entry by entry: nothing is written. */
		error("%s: %s; write its contacts one '- id:' entry per line to import into it",
		      DIRECTORY_FILE, crisis_error_last());
		ret = EXIT_FINDINGS;
		goto done;
	}
	/* What would be written is checked like any contacts.yaml. */
	struct diag_file *f = diag_file_new(DIRECTORY_FILE, &s.cfg);
	struct loaded_plan check;
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	if (validate_load_text(&s.v, f, &copy, &check) < 0 || f->errors) {
		print_findings(f);
		error("the imported contacts do not make a valid %s: nothing written", DIRECTORY_FILE);
		ret = EXIT_FINDINGS;
	}
	loaded_plan_release(&check);
	diag_file_free(f);
	if (ret)
		goto done;

	size_t counts[3] = { 0, 0, 0 };
	for (size_t i = 0; i < im.nr; i++) {
		static const char *const verbs[] = { "add", "update", "same" };
		counts[results[i].change]++;
		if (results[i].change != MERGE_UNCHANGED || dry_run)
			printf("%-6s %s (%s:%lu)\n", verbs[results[i].change], results[i].id, file,
			       results[i].line);
	}
	bool changes = counts[MERGE_ADDED] || counts[MERGE_UPDATED];
	if (!dry_run && changes && write_file_atomic(path.ptr, text.ptr, text.len, 0600) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
		goto done;
	}
	fprintf(stderr, "%s%zu added, %zu updated, %zu unchanged, %zu invalid skipped%s\n",
		dry_run ? "would be: " : "", counts[MERGE_ADDED], counts[MERGE_UPDATED],
		counts[MERGE_UNCHANGED], im.nr_problems, dry_run ? " (dry run: nothing written)" : "");
done:
	free(results);
	import_release(&im);
	buf_release(&data);
	buf_release(&path);
	buf_release(&text);
	if (have_session)
		close_session(&s);
	return ret;
}
