#include "charset.h"
#include "buf.h"
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

const char *charset_guess(const char *data, size_t len)
{
	bool multibyte = false, invalid = false;

	if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)))
		return "UTF-16";
	for (size_t i = 0, k; i < len; i += k ? k : 1) {
		k = utf8_valid_len_n(data + i, len - i);
		multibyte |= k > 1;
		invalid |= k == 0 && data[i] != '\0';
	}
	return invalid && !multibyte ? "Windows-1252" : "UTF-8";
}

bool charset_is_utf8(const char *name)
{
	return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8");
}

bool charset_known(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* Line and column (in bytes, from 1) of offset `off`, which is before the end. */
static void position_of(const char *data, size_t off, unsigned long *line, unsigned long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n')) {
			++*line;
			*col = 1;
		} else if (data[i] != '\r') {
			++*col;
		}
	}
}

int charset_to_utf8(struct buf *out, const char *from, const char *data, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return crisis_error("unknown charset '%s'", from);

	char *in = (char *)data;
	size_t left = len;
	int ret = 0;
	while (left) {
		char chunk[4096], *o = chunk;
		size_t room = sizeof(chunk);
		size_t r = iconv(cd, &in, &left, &o, &room);
		buf_add(out, chunk, (size_t)(o - chunk));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		unsigned long line, col;
		position_of(data, (size_t)(in - data), &line, &col);
		ret = errno == EINVAL ?
		      crisis_error("line %lu, column %lu: the text ends inside a character of %s",
				   line, col, from) :
		      crisis_error("line %lu, column %lu: byte 0x%02X is not text in %s",
				   line, col, (unsigned char)*in, from);
		break;
	}
	if (!ret) {	/* the shift state back to its start, for stateful charsets */
		char tail[16], *o = tail;
		size_t room = sizeof(tail);
		iconv(cd, NULL, NULL, &o, &room);
		buf_add(out, tail, (size_t)(o - tail));
	}
	iconv_close(cd);
	return ret;
}
