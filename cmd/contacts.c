/* crisis contacts: the subcommand table, list, find, show, tree and check. */
#include "contacts.h"
#include "plan/rules.h"
#include "contacts/calltree.h"
#include "contacts/export.h"
#include "contacts/import.h"
#include "contacts/directory.h"
#include "util/error.h"
#include "util/date.h"
#include "check/rule.h"
#include "util/utf8.h"
#include "util/version.h"
#include "git/workspace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn contacts_list, contacts_show, contacts_find, contacts_tree, contacts_check;

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
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", FINDINGS_FORMATS },
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

int cmd_contacts(int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return run_subcommand("contacts", contacts_subcommands, argc, argv);
}

int session_open(struct session *s, struct workspace *ws, const struct subcmd *sub,
		 char **plans, size_t nr_plans, int64_t today, bool quiet)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };

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

void contacts_emit(const struct buf *out)
{
	fwrite(buf_str(out), 1, out->len, stdout);
}

/* ---- list, find ---- */

bool contacts_keep(const struct dir_contact *dc, const struct filter *f)
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

int contacts_format(const struct subcmd *sub, const char *arg, const char *allowed)
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
			if (strcmp(optarg, "internal") && strcmp(optarg, "external")) {
				usage_error("contacts", sub, "--org takes internal or external, not '%s'", optarg);
				goto done;
			}
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
			if (contacts_format(sub, optarg, "text|json|csv"))
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
	if ((ret = session_open(&s, ws, sub, plans.items, plans.nr, date_today(), false)))
		goto done;

	const struct dir_contact **rows = xcalloc(s.d.nr + 1, sizeof(*rows));
	const struct plan_contact **cs = xcalloc(s.d.nr + 1, sizeof(*cs));
	size_t nr = 0;
	for (size_t i = 0; i < s.d.nr; i++)
		if (contacts_keep(&s.d.contacts[i], &f)) {
			rows[nr] = &s.d.contacts[i];
			cs[nr++] = s.d.contacts[i].c;
		}
	struct buf out = BUF_INIT;
	if (!strcmp(format, "json"))
		export_json(&out, &s.d, cs, nr, false);
	else if (!strcmp(format, "csv"))
		export_csv(&out, cs, nr, false);
	else if (nr)
		table(&out, rows, nr);
	else if (!find)
		buf_adds(&out, "no contacts\n");
	contacts_emit(&out);
	buf_release(&out);
	ret = find && !nr ? EXIT_FINDINGS : EXIT_CLEAN;
	free(rows);
	free(cs);
	session_close(&s);
done:
	strlist_release(&plans);
	return ret;
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
		} else if (c == 'f' && !contacts_format(sub, optarg, "text|json")) {
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
	if ((ret = session_open(&s, ws, sub, plans.items, plans.nr, date_today(), false))) {
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
			export_json(&out, &s.d, &dc->c, 1, false);
		else
			show_contact(&out, dc);
		contacts_emit(&out);
		buf_release(&out);
	}
	session_close(&s);
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
		else if (c == 'f' && !contacts_format(sub, optarg, "text|dot|json"))
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
	if ((ret = session_open(&s, ws, sub, file ? named : NULL, file, date_today(), false)))
		return ret;

	const struct dir_plan *only = named ? directory_plan(&s.d, named[0]) : NULL;
	if (named && !only) {
		error("no plan '%s' in the workspace (name its id or its file)", named[0]);
		session_close(&s);
		return EXIT_USAGE;
	}
	if (!only && scenario && s.d.nr_plans != 1) {
		session_close(&s);
		return usage_error("contacts", sub, "--scenario needs the plan it belongs to");
	}
	struct buf out = BUF_INIT;
	size_t shown = 0;
	ret = EXIT_CLEAN;
	for (size_t i = 0; i < s.d.nr_plans; i++) {
		const struct dir_plan *dp = &s.d.plans[i];
		if ((only && dp != only) || !plan_of(&dp->lp))
			continue;
		struct calltree t;
		if (calltree_build(&t, plan_of(&dp->lp), scenario) < 0) {
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
		contacts_emit(&out);
	buf_release(&out);
	session_close(&s);
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
		const struct rule *r = ruleset_find(&crisis_kinds()->rules, d->rule);
		if (r && r->stage != STAGE_LOAD && r->stage != STAGE_SCHEMA &&
		    !kind_has_rule(&plan_kind_contacts, r->id)) {
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
	struct findings_opts o = { .format = FORMAT_TEXT, .version = CRISIS_VERSION,
				     .rules = &crisis_kinds()->rules };
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
			if ((ret = findings_format_parse(optarg)) < 0) {
				strlist_release(&plans);
				return usage_error("contacts", sub, "unknown format '%s' (expected %s)",
						   optarg, FINDINGS_FORMATS);
			}
			o.format = (enum findings_format)ret;
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
	if ((ret = session_open(&s, ws, sub, plans.items, plans.nr, today, true))) {
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
	findings_write(&out, &set, &o);
	contacts_emit(&out);
	buf_release(&out);
	ret = findings_fatal(&set) ? EXIT_FATAL :
	      findings_failed(&set, o.strict) ? EXIT_FINDINGS : EXIT_CLEAN;
	free(set.files);	/* the files are the session's */
	session_close(&s);
	strlist_release(&plans);
	return ret;
}

/* The line `crisis status` prints about contacts; 1 when they need attention. */
int contacts_status_line(struct session *s)
{
	static const struct { const char *rule, *what; } kinds[] = {
		{ RULE_CONTACT_STALE, "to verify again" },
		{ RULE_CONTACT_UNREACHABLE, "unreachable" },
		{ RULE_CONTACT_UNUSED, "named nowhere" },
		{ RULE_DUPLICATE_ID, "defined twice" },
		{ RULE_UNKNOWN_REFERENCE, "unknown references" },
	};
	size_t counts[sizeof(kinds) / sizeof(*kinds)] = { 0 }, total = 0;

	directory_check(&s->d, s->shared_f);
	for (size_t i = 0; i <= s->d.nr_plans; i++) {
		const struct diag_file *f = i < s->d.nr_plans ? s->d.plans[i].f : s->shared_f;
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
	printf("%zu contact%s%s%s\n", s->d.nr, s->d.nr == 1 ? "" : "s",
	       total ? ": " : ", all reachable and verified", total ? line.ptr + 2 : "");
	if (total)
		printf("  see 'crisis contacts check'\n");
	buf_release(&line);
	return total ? EXIT_FINDINGS : EXIT_CLEAN;
}

