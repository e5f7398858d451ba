#include "vcard.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ics.h"
#include "util/charset.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Writer: vCard's content lines are iCalendar's (RFC 6350 section 3.2). */

void vcard_begin(struct buf *out)
{
	buf_adds(out, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
}

void vcard_end(struct buf *out)
{
	buf_adds(out, "END:VCARD\r\n");
}

void vcard_text(struct buf *out, const char *name, const char *params,
		const char *text)
{
	ics_text(out, name, params, text);
}

void vcard_structured(struct buf *out, const char *name, const char *params,
		      const char *const *components, size_t nr)
{
	struct buf value = BUF_INIT;

	for (size_t i = 0; i < nr; i++) {
		if (i)
			buf_addc(&value, ';');
		ics_escape(&value, components[i]);
	}
	ics_raw(out, name, params, buf_str(&value));
	buf_release(&value);
}

void vcard_raw(struct buf *out, const char *name, const char *params,
	       const char *value)
{
	ics_raw(out, name, params, value);
}

void vcard_param_add(struct buf *params, const char *name, const char *value)
{
	bool quote = strpbrk(value, ":;,") != NULL;

	if (params->len)
		buf_addc(params, ';');
	buf_addf(params, "%s=%s", name, quote ? "\"" : "");
	for (const char *s = value; *s; s++) {
		if (*s == '^')
			buf_adds(params, "^^");
		else if (*s == '"')
			buf_adds(params, "^'");
		else if (*s == '\n')
			buf_adds(params, "^n");
		else if (*s != '\r')
			buf_addc(params, *s);
	}
	if (quote)
		buf_addc(params, '"');
}

/* Reader: values */

char *vcard_unescape(const char *value)
{
	struct buf b = BUF_INIT;

	for (const char *s = value; *s; s++) {
		if (*s != '\\' || !s[1]) {
			buf_addc(&b, *s);
			continue;
		}
		s++;
		if (*s == 'n' || *s == 'N')
			buf_addc(&b, '\n');
		else if (*s == ',' || *s == ';' || *s == '\\')
			buf_addc(&b, *s);
		else
			buf_add(&b, s - 1, 2);
	}
	return buf_detach(&b);
}

/* The end of the structured component starting at s. */
static const char *component_end(const char *s)
{
	while (*s && *s != ';')
		s += s[0] == '\\' && s[1] ? 2 : 1;
	return s;
}

char *vcard_component(const char *value, size_t i)
{
	const char *s = value, *e = component_end(s);

	for (; i; i--) {
		if (!*e)
			return NULL;
		s = e + 1;
		e = component_end(s);
	}
	char *raw = xstrndup(s, (size_t)(e - s)), *text = vcard_unescape(raw);
	free(raw);
	return text;
}

/* vCard 2.1 writes some parameter values without their name. */
static const char *bare_param_name(const char *value, size_t len)
{
	static const char *const encodings[] = {
		"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT",
	};
	for (size_t i = 0; i < sizeof(encodings) / sizeof(*encodings); i++)
		if (strlen(encodings[i]) == len && !strncasecmp(value, encodings[i], len))
			return "ENCODING";
	return "TYPE";
}

/* Append a parameter value without its quotes, RFC 6868 decoded. */
static void add_param_value(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			continue;
		if (c == '^' && i + 1 < len &&
		    (s[i + 1] == '^' || s[i + 1] == 'n' || s[i + 1] == '\'')) {
			c = s[++i] == 'n' ? '\n' : s[i] == '\'' ? '"' : '^';
		}
		buf_addc(b, c);
	}
}

static char *param_get(const char *params, const char *name)
{
	struct buf b = BUF_INIT;
	bool found = false;
	const char *s = params;

	while (s && *s) {
		const char *key = s, *val = NULL;
		size_t key_len, val_len = 0;
		bool quoted = false;

		while (*s && *s != '=' && *s != ';')
			s++;
		key_len = (size_t)(s - key);
		if (*s == '=') {
			val = ++s;
			while (*s && (quoted || *s != ';'))
				quoted ^= *s++ == '"';
			val_len = (size_t)(s - val);
		}
		if (*s == ';')
			s++;
		if (!key_len)
			continue;
		if (val ? strlen(name) == key_len && !strncasecmp(key, name, key_len)
			: !strcasecmp(bare_param_name(key, key_len), name)) {
			if (found)
				buf_addc(&b, ',');
			add_param_value(&b, val ? val : key, val ? val_len : key_len);
			found = true;
		}
	}
	if (!found)
		return NULL;
	return buf_detach(&b);
}

char *vcard_param(const struct vcard_prop *p, const char *name)
{
	return param_get(p->params, name);
}

const struct vcard_prop *vcard_get(const struct vcard_card *c,
				   const char *name)
{
	for (size_t i = 0; i < c->nr_props; i++)
		if (!strcasecmp(c->props[i].name, name))
			return &c->props[i];
	return NULL;
}

/* Reader: lines */

struct reader {
	const char *p, *end;
	unsigned long lineno;	/* of the physical line at p */
	struct buf line;	/* the logical line, unfolded */
	size_t *segs;		/* where each physical line starts in it */
	size_t nr_segs, alloc_segs;
};

/* One physical line, without its CRLF, LF or CR. */
static bool next_physical(struct reader *r, const char **s, size_t *n)
{
	const char *e = r->p;

	if (r->p >= r->end)
		return false;
	while (e < r->end && *e != '\r' && *e != '\n')
		e++;
	*s = r->p;
	*n = (size_t)(e - r->p);
	if (e < r->end && *e++ == '\r' && e < r->end && *e == '\n')
		e++;
	r->p = e;
	r->lineno++;
	return true;
}

static void add_segment(struct reader *r, const char *s, size_t n)
{
	ALLOC_GROW(r->segs, r->nr_segs + 1, r->alloc_segs);
	r->segs[r->nr_segs++] = r->line.len;
	buf_add(&r->line, s, n);
}

/*
 * Does a quoted-printable value go on to the next line? vCard 2.1 breaks
 * long values with a '=' at the end of the line, the next line starting
 * in its first column (the property names QUOTED-PRINTABLE before ':').
 */
static bool soft_break(const struct buf *line)
{
	const char *s = line->ptr;
	size_t n = line->len;
	if (!n || s[n - 1] != '=')
		return false;
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return false;
	for (const char *p = s; p + 16 <= colon; p++)
		if (!strncasecmp(p, "QUOTED-PRINTABLE", 16))
			return true;
	return false;
}

/* One logical line: a physical line, those folded after it, and soft line breaks. */
static bool next_logical(struct reader *r, unsigned long *start)
{
	const char *s;
	size_t n;

	*start = r->lineno;
	if (!next_physical(r, &s, &n))
		return false;
	buf_reset(&r->line);
	r->nr_segs = 0;
	add_segment(r, s, n);
	for (;;) {
		if (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) {
			next_physical(r, &s, &n);
			add_segment(r, s + 1, n - 1);
		} else if (soft_break(&r->line) && next_physical(r, &s, &n)) {
			r->line.len--;		/* the '=' that ends the line goes */
			add_segment(r, s, n);
		} else {
			break;
		}
	}
	return true;
}

/* The physical line holding byte `off` of the logical line. */
static unsigned long line_of(const struct reader *r, unsigned long start, size_t off)
{
	size_t i = 0;
	while (i + 1 < r->nr_segs && r->segs[i + 1] <= off)
		i++;
	return start + i;
}

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* BEGIN:VCARD or END:VCARD, in any case, trailing blanks allowed. */
static bool is_marker(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == w + 6 && !strncasecmp(s, word, w) && s[w] == ':' &&
	       !strncasecmp(s + w + 1, "VCARD", 5);
}

/* Reader: cards */

static void prop_release(struct vcard_prop *p)
{
	free(p->group);
	free(p->name);
	free(p->params);
	free(p->value);
}

static void card_release(struct vcard_card *c)
{
	for (size_t i = 0; i < c->nr_props; i++)
		prop_release(&c->props[i]);
	free(c->props);
	c->props = NULL;
	c->nr_props = c->alloc_props = 0;
}

/* Mark a card unusable (the first reason wins) and drop its properties. */
__attribute__((format(printf, 3, 4)))
static int card_fail(struct vcard_card *c, unsigned long line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	card_release(c);
	if (c->error)
		return -1;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	c->error = buf_detach(&msg);
	c->error_line = line;
	return -1;
}

static struct vcard_card *card_new(struct vcard_list *l, unsigned long line)
{
	ALLOC_GROW(l->cards, l->nr + 1, l->alloc);
	memset(&l->cards[l->nr], 0, sizeof(*l->cards));
	l->cards[l->nr].line = line;
	return &l->cards[l->nr++];
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* [group "."] name *(";" param) ":" value; false when it is not that. */
static bool split_prop(const char *s, size_t n, struct vcard_prop *p)
{
	size_t i = 0, name = 0, params = 0;
	bool quoted = false;

	while (i < n && is_name_char(s[i]))
		i++;
	if (i && i < n && s[i] == '.') {
		name = ++i;
		while (i < n && is_name_char(s[i]))
			i++;
	}
	if (i == name || i == n || (s[i] != ':' && s[i] != ';'))
		return false;
	if (s[i] == ';') {
		params = i + 1;
		while (++i < n && (quoted || s[i] != ':'))
			quoted ^= s[i] == '"';
		if (i == n)
			return false;
	}
	p->group = name ? xstrndup(s, name - 1) : NULL;
	p->name = xstrndup(s + name, (params ? params - 1 : i) - name);
	for (char *c = p->name; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	p->params = params && i > params ? xstrndup(s + params, i - params) : NULL;
	p->value = xstrndup(s + i + 1, n - i - 1);
	return true;
}

/* Why a property cannot be read as it is, or NULL. */
static const char *check_prop(const struct vcard_prop *p)
{
	static const char *const binary_props[] = { "PHOTO", "LOGO", "SOUND", "KEY" };
	const char *why = NULL;
	char *enc = param_get(p->params, "ENCODING");
	bool binary = false;

	for (size_t i = 0; i < sizeof(binary_props) / sizeof(*binary_props); i++)
		binary |= !strcmp(p->name, binary_props[i]);

	if (enc && (!strcasecmp(enc, "BASE64") || !strcasecmp(enc, "B")) && !binary)
		why = "base64 text is not supported; export as vCard 3.0 or 4.0";
	else if (!strcmp(p->name, "VERSION") && strcmp(p->value, "4.0") &&
		 strcmp(p->value, "3.0") && strcmp(p->value, "2.1"))
		why = "unknown VERSION (4.0, 3.0 and 2.1 are read)";
	free(enc);
	return why;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * A quoted-printable value (vCard 2.1, as phones export it) decoded into
 * UTF-8, from its CHARSET (UTF-8 when it names none and the bytes are,
 * else Windows-1252), and escaped again as a vCard text: "=3B" is a
 * semicolon of the text, not a separator. NULL with *why when the bytes
 * are not text in their charset.
 */
static char *qp_decode(const struct vcard_prop *p, struct buf *why)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	const char *v = p->value;
	char *charset = param_get(p->params, "CHARSET");

	for (size_t i = 0; v[i]; i++) {
		int hi, lo;
		if (v[i] != '=' || (hi = hex_digit(v[i + 1])) < 0 || (lo = hex_digit(v[i + 2])) < 0) {
			buf_addc(&raw, v[i]);	/* a stray '=' is kept as it is */
			continue;
		}
		char c = (char)(hi << 4 | lo);
		i += 2;
		if (c == '\r' && !strncasecmp(v + i + 1, "=0A", 3))
			continue;	/* CRLF is a line break, as LF is */
		if (c == ';' || c == ',' || c == '\\')
			buf_addc(&raw, '\\');
		buf_addc(&raw, c == '\r' ? '\n' : c);
	}
	const char *from = charset ? charset : charset_guess(buf_str(&raw), raw.len);
	if (charset_is_utf8(from))
		buf_add(&text, buf_str(&raw), raw.len);
	else if (!charset_known(from))
		buf_addf(why, "unknown CHARSET '%s'", from);
	else if (charset_to_utf8(&text, from, buf_str(&raw), raw.len) < 0)
		buf_addf(why, "the value is not text in its CHARSET %s", from);
	for (size_t i = 0, k; !why->len && i < text.len; i += k)
		if ((k = utf8_valid_len_n(text.ptr + i, text.len - i)) == 0 || !text.ptr[i])
			buf_addf(why, text.ptr[i] ? "the value is not UTF-8; name its CHARSET" :
				 "the value holds a NUL byte");
	free(charset);
	buf_release(&raw);
	if (why->len) {
		buf_release(&text);
		return NULL;
	}
	return buf_detach(&text);
}

/* Read the logical line as a property of card c. */
static int add_prop(struct vcard_card *c, const struct reader *r, unsigned long start)
{
	const char *s = r->line.ptr, *why;
	size_t n = r->line.len, k;
	struct vcard_prop p;

	for (size_t i = 0; i < n; i += k) {
		if ((k = s[i] ? utf8_valid_len_n(s + i, n - i) : 0) != 0)
			continue;
		unsigned long line = line_of(r, start, i);
		return card_fail(c, line, s[i] ? "line %lu: not UTF-8 (Latin-1?); "
				 "save the file as UTF-8" : "line %lu: NUL byte", line);
	}
	if (!split_prop(s, n, &p))
		return card_fail(c, start, "line %lu: expected NAME:VALUE", start);
	p.line = start;
	if ((why = check_prop(&p)) != NULL) {
		prop_release(&p);
		return card_fail(c, start, "line %lu: %s", start, why);
	}
	char *enc = param_get(p.params, "ENCODING");
	if (enc && !strcasecmp(enc, "QUOTED-PRINTABLE")) {
		struct buf qp_why = BUF_INIT;
		char *text = qp_decode(&p, &qp_why);
		free(enc);
		if (!text) {
			prop_release(&p);
			card_fail(c, start, "line %lu: %s", start, qp_why.ptr);
			buf_release(&qp_why);
			return -1;
		}
		free(p.value);
		p.value = text;
		enc = NULL;
	}
	free(enc);
	if (c->nr_props == VCARD_MAX_PROPS) {
		prop_release(&p);
		return card_fail(c, start, "line %lu: more than %d properties in the card",
				 start, VCARD_MAX_PROPS);
	}
	ALLOC_GROW(c->props, c->nr_props + 1, c->alloc_props);
	c->props[c->nr_props++] = p;
	return 0;
}

int vcard_parse(const char *data, size_t len, struct vcard_list *out)
{
	struct reader r = { data, data + len, 1, BUF_INIT, NULL, 0, 0 };
	enum { OUTSIDE, INSIDE, SKIP } state = OUTSIDE;
	struct vcard_card *c = NULL;
	unsigned long start;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)))
		return crisis_error("the file is UTF-16; save it as UTF-8");
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r.p += 3;
	while (next_logical(&r, &start)) {
		const char *s = r.line.ptr;
		size_t n = r.line.len;
		bool begin = is_marker(s, n, "BEGIN"), end = is_marker(s, n, "END");

		if (is_blank(s, n))
			continue;
		if (!out->nr && !begin) {
			error = crisis_error("line %lu: expected BEGIN:VCARD", start);
			goto done;
		}
		if (begin) {
			if (state == INSIDE)
				card_fail(c, start, "line %lu: BEGIN:VCARD before the END:VCARD "
					  "of the card starting on line %lu", start, c->line);
			c = card_new(out, start);
			state = INSIDE;
		} else if (state == SKIP) {
			if (end)
				state = OUTSIDE;
		} else if (state == OUTSIDE) {
			c = card_new(out, start);
			card_fail(c, start, end ? "line %lu: END:VCARD without BEGIN:VCARD"
				  : "line %lu: expected BEGIN:VCARD", start);
			state = end ? OUTSIDE : SKIP;
		} else if (end) {
			if (!vcard_get(c, "VERSION"))
				card_fail(c, start, "line %lu: the card starting on line %lu "
					  "has no VERSION", start, c->line);
			state = OUTSIDE;
		} else if (add_prop(c, &r, start) < 0) {
			state = SKIP;
		}
	}
	if (state == INSIDE)
		card_fail(c, c->line, "card starting on line %lu has no END:VCARD", c->line);
	if (!out->nr)
		error = crisis_error("empty file: no BEGIN:VCARD");
done:
	if (error)
		vcard_list_release(out);
	buf_release(&r.line);
	free(r.segs);
	return error;
}

void vcard_list_release(struct vcard_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		card_release(&l->cards[i]);
		free(l->cards[i].error);
	}
	free(l->cards);
	memset(l, 0, sizeof(*l));
}
