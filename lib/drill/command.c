#include "command.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const command_help[] = {
	"done EXPECT P|S|M|U [TEXT]   an expected action was performed, and how (HSEEP)",
	"note TEXT                    an entry of the log (main courante)",
	"decision WHAT [by PARTY] [why WHY]   a decision, who took it and why",
	"publish INJECT               publish an inject now (early, or a contingency)",
	"skip INJECT|EXPECT [WHY]     an inject that will not come, an action not asked",
	"role ROLE PARTY              who plays a cell role (a deputy or a stand-in)",
	"pause, resume                stop and restart the drill's clock",
	"end                          end the run: its record is written and committed",
	"quit                         leave; 'crisis drill resume' continues the run",
	NULL,
};

static const struct {
	const char *name, *alias;
	enum command_kind kind;
	enum run_event_type type;
} names[] = {
	{ "done", "d", CMD_EVENT, EV_DONE },
	{ "note", "n", CMD_EVENT, EV_NOTE },
	{ "decision", NULL, CMD_EVENT, EV_DECISION },
	{ "publish", "p", CMD_EVENT, EV_INJECT },
	{ "skip", "s", CMD_EVENT, EV_SKIP },
	{ "role", "r", CMD_EVENT, EV_ROLE },
	{ "pause", NULL, CMD_EVENT, EV_PAUSE },
	{ "resume", NULL, CMD_EVENT, EV_RESUME },
	{ "end", NULL, CMD_EVENT, EV_END },
	{ "quit", "q", CMD_QUIT, EV_END },
	{ "help", "?", CMD_HELP, EV_END },
};

/* A word of the line: its text (owned), where it started. */
struct word {
	char *text;
	size_t column;
	size_t end;		/* the offset just past it in the line, quotes and escapes included */
	bool quoted;
};

struct words {
	struct word *items;
	size_t nr, alloc;
	const char *line;
};

static void words_release(struct words *w)
{
	for (size_t i = 0; i < w->nr; i++)
		free(w->items[i].text);
	free(w->items);
}

/* Split into words; -1 with *column at an unterminated quote. */
static int split(struct words *w, const char *line, size_t start, size_t *column)
{
	const char *p = line + start;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		struct buf b = BUF_INIT;
		size_t col = (size_t)(p - line) + 1;
		bool quoted = *p == '"';
		if (quoted) {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				buf_addc(&b, *p);
			}
			if (!*p) {
				buf_release(&b);
				*column = col;
				return -1;
			}
			p++;
		} else {
			while (*p && *p != ' ' && *p != '\t')
				buf_addc(&b, *p++);
		}
		ALLOC_GROW(w->items, w->nr + 1, w->alloc);
		w->items[w->nr++] = (struct word){ buf_detach(&b), col, (size_t)(p - line), quoted };
		if (!w->items[w->nr - 1].text)
			w->items[w->nr - 1].text = xstrdup("");
	}
	return 0;
}

/* The words from `from` to the end (or to the word `stop`), as one text: quoted as written, else joined by spaces. */
static char *text_of(const struct words *w, size_t from, size_t to)
{
	if (from >= to)
		return NULL;
	if (to - from == 1 && w->items[from].quoted)
		return xstrdup(w->items[from].text);
	/* Unquoted: the line as typed, from the first word to the end of the last. */
	size_t a = w->items[from].column - 1;
	return xstrndup(w->line + a, w->items[to - 1].end - a);
}

static int fail(struct command *c, const char *why, size_t column)
{
	c->error = why;
	c->column = column ? column : 1;
	return -1;
}

/* "+HH:MM:SS": the time in ms, or -1. */
static int64_t parse_time(const char *s, size_t *len)
{
	const char *p = s + 1;
	int64_t h = 0;
	if (*s != '+' || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) && h < 1000)
		h = h * 10 + (*p++ - '0');
	if (p[0] != ':' || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
	    p[3] != ':' || !isdigit((unsigned char)p[4]) || !isdigit((unsigned char)p[5]))
		return -1;
	int m = (p[1] - '0') * 10 + (p[2] - '0'), sec = (p[4] - '0') * 10 + (p[5] - '0');
	if (m > 59 || sec > 59 || (p[6] && p[6] != ' ' && p[6] != '\t'))
		return -1;
	*len = (size_t)(p + 6 - s);
	return ((h * 60 + m) * 60 + sec) * 1000;
}

static int lookup(const char *word)
{
	int found = -1;
	size_t len = strlen(word);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (!strcmp(names[i].name, word) || (names[i].alias && !strcmp(names[i].alias, word)))
			return (int)i;
		if (len && !strncmp(names[i].name, word, len)) {
			if (found >= 0)
				return -2;	/* ambiguous */
			found = (int)i;
		}
	}
	return found;
}

/* A decision: WHAT [by PARTY] [why WHY...]. */
static int parse_decision(struct command *c, const struct words *w)
{
	size_t by = 0, why = 0;
	for (size_t i = 1; i < w->nr; i++) {
		if (w->items[i].quoted)
			continue;
		if (!by && !why && !strcmp(w->items[i].text, "by"))
			by = i;
		else if (!why && !strcmp(w->items[i].text, "why"))
			why = i;
	}
	size_t end_what = by ? by : why ? why : w->nr;
	if (end_what <= 1)
		return fail(c, "decision: say what was decided", w->items[0].column);
	c->ev.text = text_of(w, 1, end_what);
	if (by) {
		size_t end_by = why ? why : w->nr;
		if (end_by != by + 2)
			return fail(c, "decision ... by: name one party (a cell role or a contact id)",
				    w->items[by].column);
		c->ev.by = xstrdup(w->items[by + 1].text);
	}
	if (why) {
		if (why + 1 >= w->nr)
			return fail(c, "decision ... why: say why", w->items[why].column);
		c->ev.why = text_of(w, why + 1, w->nr);
	}
	return 0;
}

int command_parse(struct command *c, const char *line, bool timed, bool untimed)
{
	struct words w = { .line = line };
	size_t start = 0, col = 0;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	c->at = -1;
	c->kind = CMD_NONE;
	while (line[start] == ' ' || line[start] == '\t')
		start++;
	if (!line[start] || line[start] == '#')
		return 0;
	size_t time_start = start;
	if (line[start] == '+') {
		size_t len = 0;
		if ((c->at = parse_time(line + start, &len)) < 0)
			return fail(c, "a time is +HH:MM:SS, such as +00:05:00 (minutes and seconds under 60)",
				    start + 1);
		start += len;
	}
	if (c->at < 0 && !untimed)
		return fail(c, "each line of a script starts with its time, such as +00:05:00", start + 1);
	if (c->at >= 0 && !timed)
		return fail(c, "no time here: the command happens now", time_start + 1);
	if (split(&w, line, start, &col) < 0) {
		ret = fail(c, "a quote is not closed", col);
		goto done;
	}
	if (!w.nr) {
		ret = fail(c, "a time, then a command (done, note, decision, publish, skip, role, pause, resume, end)",
			   start + 1);
		goto done;
	}
	int i = lookup(w.items[0].text);
	if (i < 0) {
		ret = fail(c, i == -2 ? "ambiguous command: type more of it" :
			   "unknown command (done, note, decision, publish, skip, role, pause, resume, end, quit, help)",
			   w.items[0].column);
		goto done;
	}
	c->kind = names[i].kind;
	c->ev.type = names[i].type;
	if (c->kind != CMD_EVENT) {
		ret = w.nr == 1 ? 0 : fail(c, "this command takes nothing after it", w.items[1].column);
		goto done;
	}
	switch (c->ev.type) {
	case EV_DONE:
		if (w.nr < 3) {
			ret = fail(c, "done EXPECT RATING [TEXT]: name the expectation and rate it P, S, M or U",
				   w.items[0].column);
			goto done;
		}
		if (strlen(w.items[2].text) != 1 || !strchr("PSMU", w.items[2].text[0])) {
			ret = fail(c, "the rating is P (performed), S (some challenges), M (major challenges) or U (unable)",
				   w.items[2].column);
			goto done;
		}
		c->ev.expect = xstrdup(w.items[1].text);
		c->ev.rating = xstrdup(w.items[2].text);
		c->ev.text = text_of(&w, 3, w.nr);
		break;
	case EV_NOTE:
		if (w.nr < 2) {
			ret = fail(c, "note TEXT: say what to note", w.items[0].column);
			goto done;
		}
		c->ev.text = text_of(&w, 1, w.nr);
		break;
	case EV_DECISION:
		if ((ret = parse_decision(c, &w)) < 0)
			goto done;
		break;
	case EV_INJECT:
		if (w.nr != 2) {
			ret = fail(c, "publish INJECT: name one inject", w.items[w.nr > 2 ? 2 : 0].column);
			goto done;
		}
		c->ev.inject = xstrdup(w.items[1].text);
		break;
	case EV_SKIP:
		if (w.nr < 2) {
			ret = fail(c, "skip INJECT|EXPECT [WHY]: name what is skipped", w.items[0].column);
			goto done;
		}
		/* Which of the two it is, the caller tells from the drill. */
		c->ev.inject = xstrdup(w.items[1].text);
		c->ev.why = text_of(&w, 2, w.nr);
		break;
	case EV_ROLE:
		if (w.nr != 3) {
			ret = fail(c, "role ROLE PARTY: the cell role, and who plays it",
				   w.items[w.nr > 3 ? 3 : 0].column);
			goto done;
		}
		c->ev.text = xstrdup(w.items[1].text);
		c->ev.by = xstrdup(w.items[2].text);
		break;
	case EV_PAUSE:
	case EV_RESUME:
	case EV_END:
		if (w.nr != 1) {
			ret = fail(c, "this command takes nothing after it", w.items[1].column);
			goto done;
		}
		break;
	}
	ret = 0;
done:
	words_release(&w);
	if (ret < 0)
		command_release(c);
	return ret;
}

void command_release(struct command *c)
{
	engine_event_release(&c->ev);
}
