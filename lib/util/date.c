#include "date.h"
#include "buf.h"
#include "duration.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t date_days(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int date_parse(const char *s, int64_t *days)
{
	int y = 0;
	unsigned m = 0, d = 0;
	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	for (int i = 0; i < 4; i++, s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		y = y * 10 + (*s - '0');
	}
	if (*s++ != '-' || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	m = (unsigned)((s[0] - '0') * 10 + (s[1] - '0'));
	s += 2;
	if (*s++ != '-' || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	d = (unsigned)((s[0] - '0') * 10 + (s[1] - '0'));
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*days = date_days(y, m, d);
	return 0;
}

int64_t date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return date_days(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
			       (unsigned)tm.tm_mday);
}

int64_t date_add_duration(int64_t days, const char *duration)
{
	int64_t y;
	unsigned m, d;
	int64_t years = 0, months = 0, rest = 0;
	const char *s = duration;

	/* Calendar units move the calendar; the rest is counted in days. */
	if (!s || *s != 'P' || duration_parse(s) < 0)
		return days;
	for (s++; *s && *s != 'T';) {
		int64_t n = 0;
		while (isdigit((unsigned char)*s))
			n = n * 10 + (*s++ - '0');
		if (*s == '.' || *s == ',')	/* fractions are dropped, as duration_parse does */
			while (isdigit((unsigned char)*++s))
				;
		if (*s == 'Y')
			years += n;
		else if (*s == 'M')
			months += n;
		else if (*s == 'W')
			rest += n * 7;
		else if (*s == 'D')
			rest += n;
		if (*s)
			s++;
	}
	if (*s == 'T') {
		struct buf t = BUF_INIT;
		buf_addf(&t, "P%s", s);
		int64_t secs = duration_parse(t.ptr);
		buf_release(&t);
		if (secs > 0)
			rest += secs / 86400;
	}
	civil_from_days(days, &y, &m, &d);
	months += years * 12 + (m - 1);
	y += months / 12;
	m = (unsigned)(months % 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_days(y, m, d) + rest;
}

void date_format(int64_t days, char out[11])
{
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02u-%02u", (int)y, m % 100, d % 100);
}
