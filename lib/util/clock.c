#include "clock.h"
#include "buf.h"
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_iso8601(struct buf *out, int64_t wall_ms)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char text[64];
	localtime_r(&t, &tm);
	strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
	long off = tm.tm_gmtoff / 60;
	buf_addf(out, "%s%c%02ld:%02ld", text, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
		 (off < 0 ? -off : off) % 60);
}

void clock_date(struct buf *out, int64_t wall_ms)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	char text[16];
	localtime_r(&t, &tm);
	strftime(text, sizeof(text), "%Y-%m-%d", &tm);
	buf_adds(out, text);
}

int64_t clock_parse_iso8601(const char *s)
{
	int y, mo, d, h, mi, sec, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	const char *p = s + n;
	int64_t ms = 0;
	if (*p == '.')
		for (int scale = 100; *++p >= '0' && *p <= '9'; scale /= 10)
			ms += (*p - '0') * scale;
	int64_t off = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
			return -1;
		off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	int64_t secs = date_days(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
		       sec - off * 60;
	return secs * 1000 + ms;
}
