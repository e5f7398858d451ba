/*
 * vCard syntax (RFC 6350): writing content lines, folded and escaped, and
 * reading a file into cards of raw properties. It knows nothing of what a
 * property means; mapping contacts to cards is another module's job.
 */
#ifndef CRISIS_VCARD_H
#define CRISIS_VCARD_H

#include <stddef.h>

struct buf;

/*
 * Writer. Each call appends one content line to `out` ending in CRLF,
 * folded so that no line exceeds 75 octets (continuations start with one
 * space) and never inside a UTF-8 sequence; invalid bytes become U+FFFD.
 *
 * `params` is NULL or the text after the name without its leading ';',
 * such as "VALUE=uri;TYPE=cell". A parameter value holding ':', ';' or
 * ',' must be double-quoted: vcard_param_add() does it.
 */
void vcard_begin(struct buf *out);	/* BEGIN:VCARD and VERSION:4.0 */
void vcard_end(struct buf *out);	/* END:VCARD */
/* A text value: backslash, comma, semicolon and newline are escaped. */
void vcard_text(struct buf *out, const char *name, const char *params,
		const char *text);
/* A structured value (N, ADR, ORG): components escaped, joined by ';'. */
void vcard_structured(struct buf *out, const char *name, const char *params,
		      const char *const *components, size_t nr);
/* A value written as it is (tel:+33612345678), except that control
 * characters (CR and LF would end the line) become spaces. */
void vcard_raw(struct buf *out, const char *name, const char *params,
	       const char *value);
/*
 * Append NAME=value to a parameter list, after a ';' unless it is empty.
 * The value is double-quoted when it holds ':', ';' or ','; '^', '"' and
 * newline are written ^^, ^' and ^n (RFC 6868). A list of values such as
 * TYPE=work,voice is one call per value: TYPE=work;TYPE=voice.
 */
void vcard_param_add(struct buf *params, const char *name, const char *value);

/* Reader. */
struct vcard_prop {
	char *group;		/* "item1" in item1.TEL, or NULL */
	char *name;		/* upper-cased */
	char *params;		/* raw text without the leading ';', or NULL */
	char *value;		/* unfolded, still escaped */
	unsigned long line;	/* 1-based line where the property starts */
};

struct vcard_card {
	struct vcard_prop *props;
	size_t nr_props, alloc_props;
	unsigned long line;		/* line of BEGIN:VCARD */
	char *error;			/* NULL, or why the card is unusable */
	unsigned long error_line;	/* where */
};

struct vcard_list {
	struct vcard_card *cards;
	size_t nr, alloc;
};

/* Properties a card may hold; past that the card is in error. */
#define VCARD_MAX_PROPS 10000

/*
 * Parse `len` bytes (no NUL needed, NUL bytes are an error) into `out`,
 * which is reset first. Line ends may be CRLF, LF or CR; a UTF-8 BOM is
 * skipped; VERSION 4.0, 3.0 and 2.1 are read.
 *
 * Returns 0 with one card per BEGIN:VCARD: a card that cannot be used has
 * `error` set, no properties, and reading goes on at the next BEGIN:VCARD
 * (stray lines between cards make such a card too). Returns -1, with
 * nothing to release, when the file is not vCard at all: empty, UTF-16,
 * or not starting with BEGIN:VCARD.
 */
int vcard_parse(const char *data, size_t len, struct vcard_list *out);
void vcard_list_release(struct vcard_list *l);

/* The first property called `name` (any case) in a card, or NULL. */
const struct vcard_prop *vcard_get(const struct vcard_card *c,
				   const char *name);
/* A text value unescaped (\n \N \, \; \\) into a new string; any other
 * backslash is kept. */
char *vcard_unescape(const char *value);
/* Component `i` of a structured value (split on unescaped ';'), unescaped
 * into a new string, or NULL when the value has fewer components. */
char *vcard_component(const char *value, size_t i);
/*
 * The value of parameter `name` (any case) as a new string, quotes removed
 * and RFC 6868 decoded, or NULL. Repeated parameters are joined with ','
 * (TYPE=work;TYPE=voice gives "work,voice"), and vCard 2.1 parameters
 * without a name count as ENCODING (QUOTED-PRINTABLE, BASE64, 8BIT, 7BIT)
 * or else as TYPE: TEL;WORK;VOICE gives TYPE "WORK,VOICE".
 */
char *vcard_param(const struct vcard_prop *p, const char *name);

#endif
