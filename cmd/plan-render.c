/* crisis plan render: the crisis binder of a plan, for paper and phones. */
#include "plan-render.h"
#include "git/workspace.h"
#include "plan/render.h"
#include "plan/versions.h"
#include "util/date.h"

#include <string.h>

enum { OPT_REDACT = 256, OPT_LANG, OPT_TODAY };

static cmd_fn plan_render;

static const struct opt render_opts[] = {
	{ "format", 'f', "FORMAT", "html (one A4 page per section, for print and phones), md or text "
	  "(default: text, or what -o's name ends in)", "html|md|text" },
	{ "output", 'o', "FILE", "write to FILE (atomically) instead of standard output", NULL },
	{ "redact", OPT_REDACT, NULL, "leave out the phones and e-mails of internal contacts (a copy for a wall)", NULL },
	{ "lang", OPT_LANG, "LANG", "fr or en (default: the plan's language)", "fr|en" },
	{ "today", OPT_TODAY, "DATE", "the date printed on the cover (YYYY-MM-DD)", NULL },
	OPT_END,
};

const struct cmd plan_render_cmd = {
	.name = "render", .parent = "plan", .fn = plan_render,
	.usage = "[<options>] <plan>[@<revision>]",
	.summary = "the crisis binder of a plan: text, Markdown, or HTML to print on A4",
	.opts = render_opts, .flags = WANTS_WORKSPACE,
	.complete = "plans",
};

/* The format a file's name asks for: .html, .htm, .md; else text. */
static const char *format_of_file(const char *file)
{
	const char *dot = file ? strrchr(file, '.') : NULL;
	if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm")))
		return "html";
	return dot && !strcmp(dot, ".md") ? "md" : "text";
}

/*
 * What the cover says of the version: the revision named (@REV) and its
 * commit, and the approval whose text this is, else the last approval it
 * differs from. False outside a workspace or for a file outside it.
 */
static bool describe_version(struct workspace *ws, const struct plan_load *pl, struct buf *rev,
			     struct buf *tag, struct buf *last)
{
	const char *name = pl->name.ptr;
	struct buf path = BUF_INIT, rel = BUF_INIT;
	char id[REPO_ID_HEX];
	bool versioned = false;

	if (!ws || !ws->repo)
		return false;
	buf_add(&path, name, pl->at ? (size_t)(pl->at - name) : strlen(name));
	if (pl->at) {
		struct buf spec = BUF_INIT;
		const char *r = pl->at + 1;
		versions_rev_spec(pl->plan->id, r, &spec);
		buf_adds(rev, r);
		if (repo_resolve(ws->repo, spec.ptr, id) == 0)
			buf_addf(rev, ", commit %.7s", id);
		buf_release(&spec);
	}
	if (repo_relpath(ws->repo, path.ptr, &rel) == 0 && pl->plan->id)
		versioned = versions_approval_of(ws, pl->plan->id, rel.ptr, &pl->lp.text, tag, last) == 0;
	buf_release(&path);
	buf_release(&rel);
	return versioned;
}

static int plan_render(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *format = NULL, *file = NULL, *lang = NULL;
	struct render_opts ro = { .format = MARKUP_TEXT };
	int64_t today = date_today();
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && !check_format(self, optarg, "html|md|text"))
			format = optarg;
		else if (c == 'o')
			file = optarg;
		else if (c == OPT_REDACT)
			ro.redact = true;
		else if (c == OPT_LANG && !check_format(self, optarg, "fr|en"))
			lang = optarg;
		else if (c != OPT_TODAY || (ret = parse_today(self, optarg, &today)))
			return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return usage_error(self, "name one plan: its file or its id, with @<revision> if you want");
	if (!format)
		format = format_of_file(file);
	ro.format = !strcmp(format, "html") ? MARKUP_HTML : !strcmp(format, "md") ? MARKUP_MD :
		    MARKUP_TEXT;

	struct plan_load pl;
	if ((ret = plan_load_open(&pl, argv[optind], today)))
		return plan_load_close(&pl, ret);
	if (pl.f->errors) {
		/* A binder from a plan with errors would be trusted on the day: none is written. */
		error("'%s' has errors: fix them, then render it", pl.name.ptr);
		return plan_load_close(&pl, EXIT_FINDINGS);
	}
	struct buf out = BUF_INIT, rev = BUF_INIT, tag = BUF_INIT, last = BUF_INIT;
	char printed[11];
	date_format(today, printed);
	ro.versioned = describe_version(ws, &pl, &rev, &tag, &last);
	ro.fr = !strcmp(lang ? lang : plan_language(pl.plan), "fr");
	ro.printed = printed;
	ro.revision = rev.len ? rev.ptr : NULL;
	ro.approval = tag.len ? tag.ptr : NULL;
	ro.changed_since = last.len ? last.ptr : NULL;
	render_plan(&out, pl.plan, &ro);
	ret = emit_output(&out, file);
	buf_release(&out);
	buf_release(&rev);
	buf_release(&tag);
	buf_release(&last);
	return plan_load_close(&pl, ret);
}
