#include "diag.h"
#include "rule.h"
#include "util/buf.h"
#include "util/suggest.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void diag_severities_set(struct diag_severities *s, const char *rule, enum severity sev)
{
	size_t at = (size_t)(uintptr_t)strmap_get(&s->index, rule);
	if (at) {
		s->items[at - 1].severity = sev;
		return;
	}
	ALLOC_GROW(s->items, s->nr + 1, s->alloc);
	s->items[s->nr++] = (struct diag_severity){ rule, sev };
	strmap_put(&s->index, rule, (void *)(uintptr_t)s->nr);
}

const struct diag_severity *diag_severities_get(const struct diag_severities *s,
						const char *rule)
{
	size_t at = s ? (size_t)(uintptr_t)strmap_get(&s->index, rule) : 0;
	return at ? &s->items[at - 1] : NULL;
}

void diag_severities_release(struct diag_severities *s)
{
	free(s->items);
	strmap_release(&s->index);
	memset(s, 0, sizeof(*s));
}

struct diag_file *diag_file_new(const char *path, const struct diag_severities *severities)
{
	struct diag_file *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->severities = severities;
	return f;
}

void diag_file_free(struct diag_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nr; i++) {
		free(f->items[i].path);
		free(f->items[i].message);
		free(f->items[i].source);
	}
	free(f->items);
	free(f->line_starts);
	free(f->path);
	free(f);
}

void diag_file_set_text(struct diag_file *f, const char *text, size_t len)
{
	f->text = text;
	f->len = len;
	free(f->line_starts);
	f->line_starts = NULL;
	f->nr_lines = 0;
}

static void index_lines(struct diag_file *f)
{
	size_t alloc = 0;
	ALLOC_GROW(f->line_starts, 1, alloc);
	f->line_starts[f->nr_lines++] = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->text[i] == '\n' ||
		    (f->text[i] == '\r' && (i + 1 == f->len || f->text[i + 1] != '\n'))) {
			ALLOC_GROW(f->line_starts, f->nr_lines + 1, alloc);
			f->line_starts[f->nr_lines++] = i + 1;
		}
	}
}

/* The text of 1-based line `line`, or NULL. */
static char *source_line(struct diag_file *f, unsigned long line)
{
	if (!f->text || !line)
		return NULL;
	if (!f->line_starts)
		index_lines(f);
	if (line > f->nr_lines)
		return NULL;
	size_t start = f->line_starts[line - 1];
	size_t end = start;
	while (end < f->len && f->text[end] != '\n' && f->text[end] != '\r')
		end++;
	/* A UTF-8 byte order mark is not part of the line a user sees. */
	if (line == 1 && end - start >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3))
		start += 3;
	return xstrndup(f->text + start, end - start);
}

/*
 * A long line (a plan written in flow style, a minified one) is quoted
 * around the column only, between "...": thousands of findings on one line
 * must not each copy and print all of it. `*at` is the column in the quote.
 */
#define QUOTE_WIDTH 160		/* characters of a line quoted whole */
#define QUOTE_BEFORE 60		/* characters kept before the column */

static void quote_line(struct buf *out, const char *src, unsigned long column, unsigned long *at)
{
	size_t chars = utf8_chars(src, strlen(src));
	*at = column;
	if (chars <= QUOTE_WIDTH) {
		utf8_sanitize(out, src, false);
		return;
	}
	size_t col = column ? column - 1 : 0;
	size_t first = col > QUOTE_BEFORE ? col - QUOTE_BEFORE : 0;
	if (first > chars - QUOTE_WIDTH)
		first = chars - QUOTE_WIDTH;	/* a column at the end of the line, or past it */
	size_t last = first + QUOTE_WIDTH;
	size_t from = utf8_offset(src, first), to = utf8_offset(src, last);
	char *part = xstrndup(src + from, to - from);
	if (first) {
		buf_adds(out, "...");
		if (column)
			*at = column - first + 3;
	}
	utf8_sanitize(out, part, false);
	if (last < chars)
		buf_adds(out, "...");
	free(part);
}

static bool disabled_on_line(const char *src, const char *rule)
{
	static const char marker[] = "crisis: disable-line";
	const char *hash = src ? strchr(src, '#') : NULL;
	const char *p = hash ? strstr(hash, marker) : NULL;
	if (!p)
		return false;
	p += sizeof(marker) - 1;
	size_t len = strlen(rule);
	for (;;) {
		p += strspn(p, " \t,");
		if (!*p)
			return false;
		size_t n = strcspn(p, " \t,");
		if (n == len && !memcmp(p, rule, len))
			return true;
		p += n;
	}
}

/*
 * A rule of the loader: a file that breaks it cannot be read at all, so
 * silencing it would let an unreadable file pass as one with no problem.
 */
static bool unreadable(const char *rule)
{
	for (size_t i = 0; i < check_nr_rules; i++)
		if (!strcmp(check_rules[i].id, rule))
			return check_rules[i].stage == STAGE_LOAD;
	return false;
}

/* Count a finding of severity `sev` for the summary and the exit status. */
static void count(struct diag_file *f, enum severity sev)
{
	if (sev == SEV_ERROR)
		f->errors++;
	else if (sev == SEV_WARNING)
		f->warnings++;
	else
		f->infos++;
}

static void add(struct diag_file *f, enum severity sev, const char *rule,
		unsigned long line, unsigned long column, const char *path,
		const char *fmt, va_list ap)
{
	char *src = source_line(f, line);
	if (sev == SEV_OFF || (disabled_on_line(src, rule) && !unreadable(rule))) {
		free(src);
		return;
	}
	if (f->nr >= DIAG_MAX_FINDINGS) {
		/* Counted for the summary and the exit status, not kept. */
		free(src);
		f->omitted++;
		count(f, sev);
		return;
	}
	struct buf raw = BUF_INIT, msg = BUF_INIT, shown = BUF_INIT;
	buf_vaddf(&raw, fmt, ap);
	/* Nothing a file holds reaches a terminal as a control sequence. */
	utf8_sanitize(&msg, buf_str(&raw), true);
	buf_release(&raw);
	if (msg.len > DIAG_MAX_MESSAGE) {
		/* Cut on a character, and say how much is left out. */
		size_t cut = DIAG_MAX_MESSAGE, rest;
		while (cut && ((unsigned char)msg.ptr[cut] & 0xC0) == 0x80)
			cut--;
		rest = msg.len - cut;
		msg.len = cut;
		msg.ptr[cut] = '\0';
		buf_addf(&msg, "\xE2\x80\xA6 (%zu more bytes)", rest);
	}
	unsigned long at = 0;
	if (src) {
		quote_line(&shown, src, line ? column : 0, &at);
		free(src);
		src = buf_detach(&shown);
	}

	ALLOC_GROW(f->items, f->nr + 1, f->alloc);
	struct diag *d = &f->items[f->nr++];
	d->line = line;
	d->column = line ? column : 0;
	d->severity = sev;
	d->rule = rule;
	d->path = path ? xstrdup(path) : NULL;
	d->message = buf_detach(&msg);
	d->source = src;
	d->source_column = d->column ? at : 0;
	d->order = f->nr - 1;
	count(f, sev);
}

void diag_add(struct diag_file *f, const char *rule, unsigned long line,
	      unsigned long column, const char *path, const char *fmt, ...)
{
	const struct diag_severity *s = diag_severities_get(f->severities, rule);
	va_list ap;
	va_start(ap, fmt);
	add(f, s ? s->severity : SEV_ERROR, s ? s->rule : rule, line, column, path, fmt, ap);
	va_end(ap);
}

void diag_add_sev(struct diag_file *f, enum severity sev, const char *rule,
		  unsigned long line, unsigned long column, const char *path,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(f, sev, rule, line, column, path, fmt, ap);
	va_end(ap);
}

static int cmp_pos(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void diag_file_sort(struct diag_file *f)
{
	if (f->nr > 1)
		qsort(f->items, f->nr, sizeof(*f->items), cmp_pos);
}

void diag_set_add(struct diag_set *set, struct diag_file *f)
{
	ALLOC_GROW(set->files, set->nr + 1, set->alloc);
	set->files[set->nr++] = f;
}

void diag_set_release(struct diag_set *set)
{
	for (size_t i = 0; i < set->nr; i++)
		diag_file_free(set->files[i]);
	free(set->files);
	set->files = NULL;
	set->nr = set->alloc = 0;
}

static const char *const severity_names[] = {
	[SEV_OFF] = "off", [SEV_INFO] = "info",
	[SEV_WARNING] = "warning", [SEV_ERROR] = "error",
};

const char *diag_severity_name(enum severity sev)
{
	return severity_names[sev];
}

int diag_severity_parse(const char *s)
{
	for (int i = SEV_OFF; i <= SEV_ERROR; i++)
		if (!strcmp(s, severity_names[i]))
			return i;
	return -1;
}

void diag_check_disables(struct diag_file *f, const char *unknown_rule)
{
	static const char marker[] = "crisis: disable-line";
	const struct diag_severities *known = f->severities;
	if (!f->text || !known)
		return;
	const char **ids = xcalloc(known->nr + 1, sizeof(*ids));
	for (size_t i = 0; i < known->nr; i++)
		ids[i] = known->items[i].rule;
	unsigned long line = 1;
	for (size_t at = 0; at < f->len; line++) {
		size_t end = at;
		while (end < f->len && f->text[end] != '\n')
			end++;
		char *text = xstrndup(f->text + at, end - at);
		const char *hash = strchr(text, '#');
		const char *p = hash ? strstr(hash, marker) : NULL;
		if (p) {
			const char *start = p;
			size_t named = 0;
			p += sizeof(marker) - 1;
			for (;; named++) {
				p += strspn(p, " \t,");
				size_t n = strcspn(p, " \t,\r");
				if (!n) {
					if (!named)
						diag_add_sev(f, SEV_WARNING, unknown_rule, line,
							     utf8_chars(text, (size_t)(start - text)) + 1,
							     NULL, "disable-line names no rule, so nothing is "
							     "silenced: add the rule's id, as in the finding's [brackets]");
					break;
				}
				char *id = xstrndup(p, n);
				if (!diag_severities_get(known, id)) {
					const char *best = suggest_best(id, ids, known->nr);
					diag_add_sev(f, SEV_WARNING, unknown_rule, line,
						     utf8_chars(text, (size_t)(p - text)) + 1, NULL,
						     "disable-line names '%s', which is no rule, so it silences "
						     "nothing%s%s%s", id, best ? "; did you mean '" : "",
						     best ? best : "", best ? "'?" : "");
				}
				free(id);
				p += n;
			}
		}
		free(text);
		at = end + 1;
	}
	free(ids);
}
