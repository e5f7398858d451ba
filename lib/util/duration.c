#include "duration.h"
#include "buf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * The duration in milliseconds; a fraction of a unit (PT1.5S, PT0.5H) counts
 * when `fractions`, else it is dropped. -1 when it is not a duration.
 */
static int64_t parse(const char *s, bool fractions)
{
	static const struct { char unit; int64_t ms; bool time; } units[] = {
		{ 'Y', 365 * 86400000LL, false }, { 'M', 30 * 86400000LL, false },
		{ 'W', 7 * 86400000LL, false }, { 'D', 86400000LL, false },
		{ 'H', 3600000, true }, { 'M', 60000, true }, { 'S', 1000, true },
	};
	int64_t total = 0;
	size_t next = 0;
	bool in_time = false, any = false;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (*s++ != 'P')
		return -1;
	while (*s && !isspace((unsigned char)*s)) {
		if (*s == 'T') {
			if (in_time)
				return -1;
			in_time = true;
			s++;
			if (!isdigit((unsigned char)*s))
				return -1;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return -1;
		int64_t n = 0, frac = 0, scale = 1;
		while (isdigit((unsigned char)*s)) {
			if (n > INT64_MAX / 10 / 86400000 / 365)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		if (*s == '.' || *s == ',') {
			s++;
			while (isdigit((unsigned char)*s)) {
				if (scale < 1000000000) {
					frac = frac * 10 + (*s - '0');
					scale *= 10;
				}
				s++;
			}
		}
		size_t i = next;
		while (i < sizeof(units) / sizeof(*units) &&
		       (units[i].unit != *s || units[i].time != in_time))
			i++;
		if (i == sizeof(units) / sizeof(*units))
			return -1;
		total += n * units[i].ms;
		if (fractions)
			total += frac * units[i].ms / scale;
		next = i + 1;
		any = true;
		s++;
	}
	while (isspace((unsigned char)*s))
		s++;
	return any && !*s ? total : -1;
}

int64_t duration_parse(const char *s)
{
	int64_t ms = parse(s, false);
	return ms < 0 ? -1 : ms / 1000;
}

int64_t duration_parse_ms(const char *s)
{
	return parse(s, true);
}

void duration_format_ms(struct buf *b, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	int64_t h = ms / 3600000, m = ms / 60000 % 60, sec = ms / 1000 % 60, milli = ms % 1000;
	buf_adds(b, "PT");
	if (h)
		buf_addf(b, "%lldH", (long long)h);
	if (m)
		buf_addf(b, "%lldM", (long long)m);
	if (milli)
		buf_addf(b, "%lld.%03lldS", (long long)sec, (long long)milli);
	else if (sec || (!h && !m))
		buf_addf(b, "%lldS", (long long)sec);
}

void duration_clock(struct buf *b, int64_t ms)
{
	if (ms < 0) {
		buf_addc(b, '-');
		ms = -ms;
	}
	buf_addf(b, "%02lld:%02lld:%02lld", (long long)(ms / 3600000),
		 (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60));
}

void duration_human(struct buf *b, int64_t secs)
{
	static const struct { int64_t secs; const char *unit; } parts[] = {
		{ 86400, "d" }, { 3600, "h" }, { 60, "min" }, { 1, "s" },
	};
	bool first = true;
	if (secs <= 0) {
		buf_adds(b, "0 min");
		return;
	}
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		if (secs >= parts[i].secs) {
			buf_addf(b, "%s%lld %s", first ? "" : " ",
				 (long long)(secs / parts[i].secs), parts[i].unit);
			secs %= parts[i].secs;
			first = false;
		}
	}
}

void duration_words(struct buf *b, const char *iso, bool fr)
{
	/* The date units have words; the time units the symbols everyone reads. */
	static const struct { char unit; bool time; const char *en[2], *fr[2]; } units[] = {
		{ 'Y', false, { "year", "years" }, { "an", "ans" } },
		{ 'M', false, { "month", "months" }, { "mois", "mois" } },
		{ 'W', false, { "week", "weeks" }, { "semaine", "semaines" } },
		{ 'D', false, { "day", "days" }, { "jour", "jours" } },
		{ 'H', true, { "h", "h" }, { "h", "h" } },
		{ 'M', true, { "min", "min" }, { "min", "min" } },
		{ 'S', true, { "s", "s" }, { "s", "s" } },
	};
	struct buf words = BUF_INIT;

	if (!iso)
		return;
	if (parse(iso, true) < 0) {
		buf_adds(b, iso);
		return;
	}
	bool in_time = false;
	for (const char *s = iso + strspn(iso, " \t\n") + 1; *s && !isspace((unsigned char)*s);) {
		if (*s == 'T') {
			in_time = true;
			s++;
			continue;
		}
		size_t n = strspn(s, "0123456789.,");
		const char *u = s + n;
		for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++) {
			if (units[i].unit != *u || units[i].time != in_time)
				continue;
			/* One is singular; in French, below two too (1,5 jour). */
			bool one = (n == 1 && *s == '1') || (fr && *s <= '1' && (s[1] == ',' || s[1] == '.'));
			const char *const *w = fr ? units[i].fr : units[i].en;
			buf_addf(&words, "%s%.*s %s", words.len ? " " : "", (int)n, s, w[!one]);
		}
		s = u + 1;
	}
	buf_adds(b, buf_str(&words));
	buf_release(&words);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
