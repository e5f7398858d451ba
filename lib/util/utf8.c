#include "utf8.h"
#include "buf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

size_t utf8_valid_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

size_t utf8_valid_len_n(const char *s, size_t avail)
{
	unsigned char c = avail ? (unsigned char)s[0] : 0;
	size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	return avail >= need ? utf8_valid_len(s) : 0;
}

size_t utf8_chars(const char *s, size_t bytes)
{
	size_t n = 0;
	for (size_t i = 0; i < bytes && s[i]; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

size_t utf8_offset(const char *s, size_t chars)
{
	size_t i = 0;
	while (s[i] && chars) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

void utf8_sanitize(struct buf *b, const char *s, bool escape)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_valid_len(s);
		if (c == '\t' || (c >= 0x20 && c != 0x7F && n)) {
			buf_add(b, s, n);
			s += n;
			continue;
		}
		if (!escape)
			buf_adds(b, "\xEF\xBF\xBD");
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else
			buf_addf(b, "\\x%02X", c);
		s++;
	}
}

/*
 * The base letter of each code point from U+00C0 to U+017F: '.' keeps the
 * character (× and ÷), an uppercase letter stands for two (fold_pair).
 */
static const char latin_fold[] =
	"aaaaaaAceeeeiiii" "dnooooo.ouuuuyTS"	/* U+00C0 À-ß */
	"aaaaaaAceeeeiiii" "dnooooo.ouuuuyTy"	/* U+00E0 à-ÿ */
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg"	/* U+0100 Ā-ğ */
	"gggghhhhiiiiiiii" "iiJJjjkkklllllll"	/* U+0120 Ġ-Ŀ */
	"lllnnnnnnnnnoooo" "ooOOrrrrrrssssss"	/* U+0140 ŀ-ş */
	"ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";	/* U+0160 Š-ſ */

_Static_assert(sizeof(latin_fold) - 1 == 0x180 - 0xC0,
	       "one letter per code point of U+00C0 to U+017F");

static const char *fold_pair(char c)
{
	switch (c) {
	case 'A': return "ae";	/* æ */
	case 'J': return "ij";	/* ĳ */
	case 'O': return "oe";	/* œ */
	case 'S': return "ss";	/* ß */
	case 'T': return "th";	/* þ */
	}
	return NULL;
}

/* The code point of the valid n-byte sequence at s. */
static unsigned decode(const char *s, size_t n)
{
	static const unsigned char lead_mask[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp = u[0] & lead_mask[n];
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	return cp;
}

/* Append the folded form of cp, or return false when it folds to itself. */
static bool fold_char(struct buf *out, unsigned cp)
{
	if (cp == 0xA0 || cp == 0x202F) {
		buf_addc(out, ' ');
		return true;
	}
	if (cp == 0x2018 || cp == 0x2019) {
		buf_addc(out, '\'');
		return true;
	}
	char c = cp >= 0xC0 && cp < 0x180 ? latin_fold[cp - 0xC0] : '.';
	if (c == '.')
		return false;
	const char *pair = fold_pair(c);
	if (pair)
		buf_adds(out, pair);
	else
		buf_addc(out, c);
	return true;
}

void utf8_fold(struct buf *out, const char *s)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = c < 0x80 ? 1 : utf8_valid_len(s);
		if (c >= 'A' && c <= 'Z')
			buf_addc(out, (char)(c - 'A' + 'a'));
		else if (n < 2)
			buf_addc(out, (char)c);	/* ASCII or an invalid byte */
		else if (!fold_char(out, decode(s, n)))
			buf_add(out, s, n);
		s += n ? n : 1;
	}
}

bool utf8_fold_contains(const char *haystack, const char *needle)
{
	struct buf h = BUF_INIT, n = BUF_INIT;
	utf8_fold(&h, haystack);
	utf8_fold(&n, needle);
	bool found = strstr(buf_str(&h), buf_str(&n)) != NULL;
	buf_release(&h);
	buf_release(&n);
	return found;
}

/* Columns of one code point on a terminal: marks and format characters none, East Asian wide two. */
static size_t columns_of(UChar32 c)
{
	int8_t type = u_charType(c);
	if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
	    c == 0x200B)
		return 0;
	int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ? 2 : 1;
}

size_t utf8_width(const char *s, size_t bytes)
{
	size_t width = 0;
	int32_t i = 0, len = (int32_t)(bytes > INT32_MAX ? INT32_MAX : bytes);
	while (i < len && s[i]) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		width += c < 0 ? 1 : columns_of(c);
	}
	return width;
}

void utf8_nfc(struct buf *out, const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t n16 = 0;
	/* Already NFC, or not valid UTF-8 (then left as it is): copied. */
	u_strFromUTF8(NULL, 0, &n16, s, -1, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR)
		err = U_ZERO_ERROR;
	if (U_FAILURE(err) || !nfc) {
		buf_adds(out, s);
		return;
	}
	UChar *src = xcalloc((size_t)n16 + 1, sizeof(*src));
	u_strFromUTF8(src, n16 + 1, NULL, s, -1, &err);
	if (U_SUCCESS(err) && unorm2_isNormalized(nfc, src, n16, &err)) {
		buf_adds(out, s);
		free(src);
		return;
	}
	err = U_ZERO_ERROR;
	int32_t cap = n16 * 3 + 16, got;
	UChar *dst = xcalloc((size_t)cap, sizeof(*dst));
	got = unorm2_normalize(nfc, src, n16, dst, cap, &err);
	int32_t n8 = 0;
	if (U_SUCCESS(err))
		u_strToUTF8(NULL, 0, &n8, dst, got, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR)
		err = U_ZERO_ERROR;
	if (U_SUCCESS(err)) {
		buf_grow(out, (size_t)n8 + 1);
		u_strToUTF8(out->ptr + out->len, n8 + 1, NULL, dst, got, &err);
		out->len += (size_t)n8;
		out->ptr[out->len] = '\0';
	} else {
		buf_adds(out, s);
	}
	free(src);
	free(dst);
}
