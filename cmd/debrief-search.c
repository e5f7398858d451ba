/*
 * crisis debrief search: the lessons, notes, decisions and actions of every
 * debrief and drill run, found by their words; and crisis reindex, which
 * makes the search index again from the files. The index is refreshed
 * before each search. Documented in crisis-debrief(1).
 */
#include "debrief.h"
#include "debrief/index.h"
#include "git/workspace.h"
#include "store/index.h"
#include "store/search.h"
#include "util/error.h"
#include "util/json.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static cmd_fn debrief_search, reindex;

enum { OPT_PLAN = 256, OPT_YEAR, OPT_TAG, OPT_LIMIT, OPT_COLOR };

static const struct opt search_opts[] = {
	{ "plan", OPT_PLAN, "PLAN", "only what concerns this plan", NULL },
	{ "year", OPT_YEAR, "YEAR", "only the debriefs and runs of this year", NULL },
	{ "tag", OPT_TAG, "TAG", "only the lessons with this tag", NULL },
	{ "limit", OPT_LIMIT, "N", "at most N hits, the best ones (default 50; 0: all)", NULL },
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ "color", OPT_COLOR, "WHEN", "highlight the words found: auto (default), always, never",
	  "auto|always|never" },
	OPT_END,
};

static const struct opt reindex_opts[] = {
	OPT_END,
};

const struct cmd debrief_search_cmd = {
	.name = "search", .parent = "debrief", .fn = debrief_search, .usage = "[<options>] <words>...",
	.summary = "find lessons, notes, decisions and actions by their words, accents and case aside",
	.opts = search_opts, .flags = NEEDS_ROOT,
};

const struct cmd reindex_cmd = {
	.name = "reindex", .fn = reindex, .usage = "",
	.summary = "make .crisis/index.db again from the files of the workspace",
	.opts = reindex_opts, .flags = NEEDS_ROOT,
};

/* The checker of the workspace, opened when the index first needs to read a file. */
struct lazy {
	struct checker ch;
	struct workspace *ws;
	bool open, failed;
};

static struct validator *lazy_validator(void *data)
{
	struct lazy *l = data;
	if (!l->open && !l->failed) {
		l->failed = checker_open(&l->ch, l->ws, NULL, 0) != 0;
		l->open = !l->failed;
	}
	return l->open ? &l->ch.v : NULL;
}

static void lazy_close(struct lazy *l)
{
	if (l->open)
		checker_close(&l->ch);
}

/* Bring the index of the workspace up to date (all of it for reindex); 0 or a negative code. */
static int refresh(struct search *s, struct workspace *ws, struct lazy *l, bool all,
		   struct index_refresh *st)
{
	struct index_reader rd = { lazy_validator, l };
	return index_refresh(s, &rd, ws->root, all, st);
}

struct printer {
	bool json, color;
	size_t shown;
	struct buf out;
};

/* The text with its matches between \x01 and \x02: highlighted, or plain, made safe for a terminal. */
static void text_out(struct buf *out, const char *text, bool color)
{
	struct buf clean = BUF_INIT;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\x01\x02");
		char *part = xstrndup(p, n);
		buf_reset(&clean);
		utf8_sanitize(&clean, part, false);
		buf_add(out, clean.ptr, clean.len);
		free(part);
		p += n;
		if (*p == '\x01' && color)
			buf_adds(out, "\033[1;31m");
		else if (*p == '\x02' && color)
			buf_adds(out, "\033[m");
		if (*p)
			p++;
	}
	buf_release(&clean);
}

/* The plain text, and the byte spans of the matches in it. */
static void json_text(struct buf *out, const char *text)
{
	struct buf plain = BUF_INIT, spans = BUF_INIT;
	size_t start = 0, n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\x01') {
			start = plain.len;
		} else if (*p == '\x02') {
			buf_addf(&spans, "%s[%zu, %zu]", n++ ? ", " : "", start, plain.len);
		} else {
			buf_addc(&plain, *p);
		}
	}
	buf_adds(out, ", \"text\": ");
	json_str(out, plain.ptr ? plain.ptr : "");
	buf_addf(out, ", \"matches\": [%s]", buf_str(&spans));
	buf_release(&plain);
	buf_release(&spans);
}

static int print_hit(const struct search_hit *h, void *data)
{
	struct printer *p = data;
	if (p->json) {
		buf_adds(&p->out, p->shown ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(&p->out, h->path);
		buf_addf(&p->out, ", \"line\": %ld, \"source\": ", h->line);
		json_str(&p->out, h->source);
		buf_adds(&p->out, ", \"id\": ");
		json_str(&p->out, h->id);
		buf_adds(&p->out, ", \"plan\": ");
		json_str(&p->out, h->plan);
		buf_addf(&p->out, ", \"year\": %d, \"kind\": ", h->year);
		json_str(&p->out, h->kind);
		buf_adds(&p->out, ", \"ref\": ");
		json_str(&p->out, h->ref);
		json_text(&p->out, h->text);
		buf_addf(&p->out, ", \"rank\": %.6g}", h->rank);
	} else {
		buf_addf(&p->out, "%s:%ld: %s%s%s: ", h->path, h->line, h->kind, h->ref ? " " : "",
			 h->ref ? h->ref : "");
		text_out(&p->out, h->text, p->color);
		buf_addc(&p->out, '\n');
	}
	p->shown++;
	return 0;
}

static int debrief_search(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct search_query q = { .limit = 50 };
	const char *color = "auto";
	bool json = false;
	char *end;
	long n;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_PLAN: q.plan = optarg; break;
		case OPT_TAG: q.tag = optarg; break;
		case OPT_YEAR:
			n = strtol(optarg, &end, 10);
			if (*end || n < 1900 || n > 9999)
				return usage_error(self, "--year takes a year such as 2026, not '%s'", optarg);
			q.year = (int)n;
			break;
		case OPT_LIMIT:
			n = strtol(optarg, &end, 10);
			if (*end || !*optarg || n < 0)
				return usage_error(self, "--limit takes a number, 0 or more, not '%s'", optarg);
			q.limit = (size_t)n;
			break;
		case 'f':
			if (check_format(self, optarg, "text|json"))
				return EXIT_USAGE;
			json = !strcmp(optarg, "json");
			break;
		case OPT_COLOR:
			if (check_format(self, optarg, "auto|always|never"))
				return EXIT_USAGE;
			color = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(self, "say what to look for");
	struct buf words = BUF_INIT;
	for (int i = optind; i < argc; i++)
		buf_addf(&words, "%s%s", i > optind ? " " : "", argv[i]);
	q.text = words.ptr;

	struct lazy l = { .ws = ws };
	struct search *s = NULL;
	struct index_refresh st;
	struct printer p = { .json = json, .color = !json && want_color(color), .out = BUF_INIT };
	if ((ret = search_open(&s, ws->root)) < 0 || (ret = refresh(s, ws, &l, false, &st)) < 0) {
		ret = l.failed ? EXIT_FATAL : fail(ret);
		goto done;
	}
	if (json)
		buf_adds(&p.out, "{\"version\": 1, \"hits\": [");
	if ((ret = search_run(s, &q, print_hit, &p)) < 0) {
		/* A query with no word is the user's to correct. */
		ret = ret == CRISIS_ERROR ? (error("%s", crisis_error_last()), EXIT_USAGE) : fail(ret);
		goto done;
	}
	if (json)
		buf_addf(&p.out, "]}\n");
	fputs(buf_str(&p.out), stdout);
	/* As grep: 1 when nothing was found. */
	ret = p.shown ? EXIT_CLEAN : EXIT_FINDINGS;
done:
	buf_release(&p.out);
	buf_release(&words);
	if (search_close(s) < 0 && !ret)
		ret = fail(CRISIS_ERROR);
	lazy_close(&l);
	return ret;
}

static int reindex(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct lazy l = { .ws = ws };
	struct search *s = NULL;
	struct index_refresh st;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1)
		return EXIT_USAGE;
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'", argv[optind]);
	/* The plan changes are computed again when plan log asks; the words, now. */
	struct index *ix = NULL;
	if ((ret = index_open(&ix, ws->root)) == 0) {
		ret = index_clear(ix);
		int closed = index_close(ix);
		ret = ret < 0 ? ret : closed;
	}
	if (ret < 0) {
		ret = fail(ret);
		goto done;
	}
	if ((ret = search_open(&s, ws->root)) < 0 || (ret = search_begin(s)) < 0 ||
	    (ret = search_clear(s)) < 0 || (ret = refresh(s, ws, &l, true, &st)) < 0) {
		ret = l.failed ? EXIT_FATAL : fail(ret);
		goto done;
	}
	printf("indexed %zu file%s: %zu lessons, notes, decisions and actions\n", st.files,
	       st.files == 1 ? "" : "s", st.docs);
	ret = EXIT_CLEAN;
done:
	if (search_close(s) < 0 && !ret)
		ret = fail(CRISIS_ERROR);
	lazy_close(&l);
	return ret;
}
