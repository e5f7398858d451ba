#include "json.h"
#include "utf8.h"

void json_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n;
		switch (c) {
		case '"': buf_adds(b, "\\\""); s++; continue;
		case '\\': buf_adds(b, "\\\\"); s++; continue;
		case '\n': buf_adds(b, "\\n"); s++; continue;
		case '\r': buf_adds(b, "\\r"); s++; continue;
		case '\t': buf_adds(b, "\\t"); s++; continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_addf(b, "\\u%04x", c);
			s++;
		} else if (c < 0x80) {
			buf_addc(b, (char)c);
			s++;
		} else if ((n = utf8_valid_len(s)) > 0) {
			const unsigned char *u = (const unsigned char *)s;
			/* C1 controls, and the line and paragraph separators JavaScript once refused. */
			if (n == 2 && u[0] == 0xC2 && u[1] <= 0x9F)
				buf_addf(b, "\\u%04x", u[1]);
			else if (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
				buf_addf(b, "\\u20%02x", u[2] - 0x80);
			else
				buf_add(b, s, n);
			s += n;
		} else {
			buf_adds(b, "\\ufffd");
			s++;
		}
	}
	buf_addc(b, '"');
}
