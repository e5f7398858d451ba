#include "duration.h"
#include "buf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int64_t duration_parse(const char *s)
{
	static const struct { char unit; int64_t secs; bool time; } units[] = {
		{ 'Y', 365 * 86400, false }, { 'M', 30 * 86400, false },
		{ 'W', 7 * 86400, false }, { 'D', 86400, false },
		{ 'H', 3600, true }, { 'M', 60, true }, { 'S', 1, true },
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
		int64_t n = 0;
		while (isdigit((unsigned char)*s)) {
			if (n > INT64_MAX / 10 / 86400 / 365)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		if (*s == '.' || *s == ',') {	/* fractions are dropped */
			s++;
			while (isdigit((unsigned char)*s))
				s++;
		}
		size_t i = next;
		while (i < sizeof(units) / sizeof(*units) &&
		       (units[i].unit != *s || units[i].time != in_time))
			i++;
		if (i == sizeof(units) / sizeof(*units))
			return -1;
		total += n * units[i].secs;
		next = i + 1;
		any = true;
		s++;
	}
	while (isspace((unsigned char)*s))
		s++;
	return any && !*s ? total : -1;
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

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
