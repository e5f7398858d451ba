/* crisis contacts: the subcommand table, list, find, show, tree and check. */
#include "cmd.h"
#include "contacts-exchange.h"
#include "kinds.h"
#include "plan/plan.h"
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

enum { OPT_ORG = 256, OPT_AVAILABLE, OPT_SCENARIO, OPT_STRICT, OPT_COLOR, OPT_TODAY, OPT_LANG };


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
	{ "lang", OPT_LANG, "LANG", "fr or en (default: the plan's language)", "fr|en" },
	{ "format", 'f', "FORMAT", "output format: text (default, one A4 page), dot (Graphviz), json", "text|dot|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt check_opts[] = {
	PLAN_OPT,
	{ "format", 'f', "FORMAT", "output format: text (default), json, junit, sarif, github", FINDINGS_FORMATS },
	{ "strict", OPT_STRICT, NULL, "warnings fail the check too (exit code 1)", NULL },
	{ "quiet", 'q', NULL, "print the findings only, no summary line", NULL },
	{ "color", OPT_COLOR, "WHEN", "colour the text output: auto (default), always, never", "auto|always|never" },
	{ "today", OPT_TODAY, "DATE", "check verified dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cmd contacts_list_cmd = {
	.name = "list", .parent = "contacts", .fn = contacts_list,
	.usage = "[<options>]",
	.summary = "the contacts of every plan and of contacts.yaml, in a table",
	.opts = list_opts, .flags = WANTS_WORKSPACE,
};

static const struct cmd contacts_show_cmd = {
	.name = "show", .parent = "contacts", .fn = contacts_show,
	.usage = "[<options>] <id>",
	.summary = "one contact: details, where it is defined, what names it",
	.opts = show_opts, .flags = WANTS_WORKSPACE,
	.complete = "contacts",
};

static const struct cmd contacts_find_cmd = {
	.name = "find", .parent = "contacts", .fn = contacts_find,
	.usage = "[<options>] <text>",
	.summary = "contacts by any part of name, title, organisation, phone or e-mail",
	.opts = list_opts, .flags = WANTS_WORKSPACE,
};

static const struct cmd contacts_tree_cmd = {
	.name = "tree", .parent = "contacts", .fn = contacts_tree,
	.usage = "[<options>] [<plan>]",
	.summary = "the call tree: escalation levels in order, fallbacks, suppliers",
	.opts = tree_opts, .flags = WANTS_WORKSPACE,
	.complete = "plans",
};

static const struct cmd contacts_check_cmd = {
	.name = "check", .parent = "contacts", .fn = contacts_check,
	.usage = "[<options>]",
	.summary = "unreachable, unused, stale, unknown and overloaded contacts",
	.opts = check_opts, .flags = WANTS_WORKSPACE,
};

static const struct cmd *const contacts_subcommands[] = {
	&contacts_list_cmd, &contacts_show_cmd, &contacts_find_cmd, &contacts_tree_cmd,
	&contacts_check_cmd, &contacts_export_cmd, &contacts_import_cmd, NULL,
};

const struct cmd contacts_cmd = {
	.name = "contacts", .usage = "<subcommand> [<args>]",
	.summary = "the people and suppliers plans rely on, and the call tree",
	.subs = contacts_subcommands,
};

/* ---- list, find ---- */

static size_t width(const char *s)
{
	return s ? utf8_width(s, strlen(s)) : 0;
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
	struct buf nfc = BUF_INIT;
	buf_reset(name);
	/* As one character each: "Jose" and a combining accent is "José". */
	utf8_nfc(&nfc, c->name ? c->name : "");
	if (width(nfc.ptr) > NAME_WIDTH) {
		buf_add(name, nfc.ptr, utf8_offset(nfc.ptr, NAME_WIDTH - 1));
		buf_adds(name, "\xE2\x80\xA6");	/* … */
	} else {
		buf_adds(name, nfc.ptr);
	}
	buf_release(&nfc);
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

static int list_or_find(int argc, char **argv, struct workspace *ws, const struct cmd *self,
			bool find)
{
	struct directory_filter f = { NULL, NULL, NULL, 0 };
	struct strlist plans = STRLIST_INIT;
	const char *format = "text";
	struct session s;
	int c, ret = EXIT_USAGE;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_ORG:
			if (strcmp(optarg, "internal") && strcmp(optarg, "external")) {
				usage_error(self, "--org takes internal or external, not '%s'", optarg);
				goto done;
			}
			f.org = optarg;
			break;
		case OPT_AVAILABLE:
			if (strcmp(optarg, "24/7") && strcmp(optarg, "office-hours")) {
				usage_error(self, "--available takes 24/7 or office-hours, not '%s'", optarg);
				goto done;
			}
			f.available = optarg;
			break;
		case OPT_PLAN: strlist_add(&plans, optarg); break;
		case 'f':
			if (check_format(self, optarg, "text|json|csv"))
				goto done;
			format = optarg;
			break;
		default:
			goto done;
		}
	}
	if (find && argc - optind != 1) {
		usage_error(self, "name the text to find");
		goto done;
	}
	if (!find && argc != optind) {
		usage_error(self, "unexpected argument '%s'", argv[optind]);
		goto done;
	}
	f.text = find ? argv[optind] : NULL;
	f.nr_plans = plans.nr;
	if ((ret = session_open(&s, ws, self, plans.items, plans.nr, date_today(), false)))
		goto done;

	const struct dir_contact **rows = xcalloc(s.d.nr + 1, sizeof(*rows));
	const struct plan_contact **cs = xcalloc(s.d.nr + 1, sizeof(*cs));
	size_t nr = 0;
	for (size_t i = 0; i < s.d.nr; i++)
		if (directory_keep(&s.d.contacts[i], &f)) {
			rows[nr] = &s.d.contacts[i];
			cs[nr++] = s.d.contacts[i].c;
		}
	struct buf out = BUF_INIT;
	if (!strcmp(format, "json"))
		export_json(&out, &s.d, cs, nr, false);
	else if (!strcmp(format, "csv"))
		export_csv(&out, cs, nr, false, false);
	else if (nr)
		table(&out, rows, nr);
	else if (!find)
		buf_adds(&out, "no contacts\n");
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_release(&out);
	ret = find && !nr ? EXIT_FINDINGS : EXIT_CLEAN;
	free(rows);
	free(cs);
	session_close(&s);
done:
	strlist_release(&plans);
	return ret;
}

static int contacts_list(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	return list_or_find(argc, argv, ws, self, false);
}

static int contacts_find(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	return list_or_find(argc, argv, ws, self, true);
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

static int contacts_show(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct strlist plans = STRLIST_INIT;
	bool json = false;
	struct session s;
	int c, ret = EXIT_USAGE;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == OPT_PLAN) {
			strlist_add(&plans, optarg);
		} else if (c == 'f' && !check_format(self, optarg, "text|json")) {
			json = !strcmp(optarg, "json");
		} else {
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		strlist_release(&plans);
		return usage_error(self, "name one contact id");
	}
	if ((ret = session_open(&s, ws, self, plans.items, plans.nr, date_today(), false))) {
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
		fwrite(buf_str(&out), 1, out.len, stdout);
		buf_release(&out);
	}
	session_close(&s);
	strlist_release(&plans);
	return ret;
}

/* ---- tree ---- */

static int contacts_tree(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *scenario = NULL, *format = "text", *lang = NULL;
	struct session s;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == OPT_SCENARIO)
			scenario = optarg;
		else if (c == OPT_LANG && !check_format(self, optarg, "fr|en"))
			lang = optarg;
		else if (c == 'f' && !check_format(self, optarg, "text|dot|json"))
			format = optarg;
		else
			return EXIT_USAGE;
	}
	if (argc - optind > 1)
		return usage_error(self, "name at most one plan");
	char **named = argc > optind ? argv + optind : NULL;
	if (!ws && !named)
		return usage_error(self, "not in a crisis workspace: name a plan file");
	/* A plan named by its file is read alone; by its id, from the workspace. */
	bool file = named && access(named[0], F_OK) == 0;
	if ((ret = session_open(&s, ws, self, file ? named : NULL, file, date_today(), false)))
		return ret;

	const struct dir_plan *only = named ? directory_plan(&s.d, named[0]) : NULL;
	if (named && !only) {
		error("no plan '%s' in the workspace (name its id or its file)", named[0]);
		session_close(&s);
		return EXIT_USAGE;
	}
	if (!only && scenario && s.d.nr_plans != 1) {
		session_close(&s);
		return usage_error(self, "--scenario needs the plan it belongs to");
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
		else	/* in the plan's language, unless told */
			calltree_text(&out, &t, !strcmp(lang ? lang : plan_language(plan_of(&dp->lp)), "fr"));
		calltree_release(&t);
	}
	if (ret == EXIT_CLEAN && !shown) {
		error("no readable plan to draw a call tree from");
		ret = EXIT_FINDINGS;
	}
	if (ret == EXIT_CLEAN)
		fwrite(buf_str(&out), 1, out.len, stdout);
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

static int contacts_check(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
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
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_PLAN: strlist_add(&plans, optarg); break;
		case 'f':
			if ((ret = findings_format_parse(optarg)) < 0) {
				strlist_release(&plans);
				return usage_error(self, "unknown format '%s' (expected %s)",
						   optarg, FINDINGS_FORMATS);
			}
			o.format = (enum findings_format)ret;
			break;
		case OPT_STRICT: o.strict = true; break;
		case 'q': o.quiet = true; break;
		case OPT_COLOR: color = optarg; break;
		case OPT_TODAY:
			if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10) {
				strlist_release(&plans);
				return usage_error(self, "--today takes a date such as 2026-11-22, not '%s'", optarg);
			}
			break;
		default:
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc != optind) {
		strlist_release(&plans);
		return usage_error(self, "unexpected argument '%s'", argv[optind]);
	}
	o.color = o.format == FORMAT_TEXT && want_color(color);
	if ((ret = session_open(&s, ws, self, plans.items, plans.nr, today, true))) {
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
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_release(&out);
	ret = findings_fatal(&set) ? EXIT_FATAL :
	      findings_failed(&set, o.strict) ? EXIT_FINDINGS : EXIT_CLEAN;
	free(set.files);	/* the files are the session's */
	session_close(&s);
	strlist_release(&plans);
	return ret;
}
