#include "ics.h"
#include "buf.h"
#include "date.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>

void ics_line(struct buf *out, const char *line, size_t len)
{
	size_t col = 0;

	for (size_t i = 0; i < len;) {
		const char *ch = line + i;
		size_t n = utf8_valid_len_n(ch, len - i), w = n;
		if (!n) {
			ch = "\xEF\xBF\xBD";
			n = 1;
			w = 3;
		} else if (((unsigned char)*ch < 0x20 && *ch != '\t') || *ch == 0x7f) {
			ch = " ";
		}
		/* The continuation's leading space counts in its 75 octets. */
		if (col + w > ICS_FOLD_OCTETS) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		buf_add(out, ch, w);
		col += w;
		i += n;
	}
	buf_adds(out, "\r\n");
}

void ics_escape(struct buf *out, const char *text)
{
	for (const char *s = text; s && *s; s++) {
		switch (*s) {
		case '\\': buf_adds(out, "\\\\"); break;
		case ',': buf_adds(out, "\\,"); break;
		case ';': buf_adds(out, "\\;"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r':
			buf_adds(out, "\\n");
			s += s[1] == '\n';
			break;
		default: buf_addc(out, *s); break;
		}
	}
}

static void put(struct buf *out, const char *name, const char *params, const char *value,
		bool escape)
{
	struct buf line = BUF_INIT;

	buf_adds(&line, name);
	if (params && *params)
		buf_addf(&line, ";%s", params);
	buf_addc(&line, ':');
	if (escape)
		ics_escape(&line, value);
	else
		buf_adds(&line, value ? value : "");
	ics_line(out, buf_str(&line), line.len);
	buf_release(&line);
}

void ics_text(struct buf *out, const char *name, const char *params, const char *text)
{
	put(out, name, params, text, true);
}

void ics_raw(struct buf *out, const char *name, const char *params, const char *value)
{
	put(out, name, params, value, false);
}

/* YYYYMMDD: the date's four-digit year is all the format has room for. */
static void basic_date(char out[9], int64_t days)
{
	int64_t first = date_days(0, 1, 1), last = date_days(9999, 12, 31);
	char iso[11];

	date_format(days < first ? first : days > last ? last : days, iso);
	for (int i = 0, j = 0; i < 10; i++)
		if (iso[i] != '-')
			out[j++] = iso[i];
	out[8] = '\0';
}

void ics_date(struct buf *out, const char *name, int64_t days)
{
	char value[9];
	basic_date(value, days);
	put(out, name, "VALUE=DATE", value, false);
}

void ics_utc(struct buf *out, const char *name, int64_t seconds)
{
	int64_t days = seconds / 86400, rest = seconds % 86400;
	char date[9], value[17];

	if (rest < 0) {
		days--;
		rest += 86400;
	}
	basic_date(date, days);
	snprintf(value, sizeof(value), "%sT%02d%02d%02dZ", date, (int)(rest / 3600),
		 (int)(rest / 60 % 60), (int)(rest % 60));
	put(out, name, NULL, value, false);
}
