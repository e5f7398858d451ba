/* ISO 8601 durations and dates, as plans write them. */
#ifndef CRISIS_ISOTIME_H
#define CRISIS_ISOTIME_H

#include <stdint.h>

/*
 * Seconds in a duration such as PT15M, PT3H, P2D, P1Y2M or P1W, counting a
 * month as 30 days and a year as 365. -1 when it is not a duration.
 */
int64_t duration_parse(const char *s);
/* Append a duration as a short readable text: "1 h 30 min", "2 d". */
struct buf;
void duration_human(struct buf *b, int64_t seconds);

/* Days since 1970-01-01 of a date "YYYY-MM-DD" (a time zone may follow). */
int date_parse(const char *s, int64_t *days);
/* Today in local time, as days since 1970-01-01. */
int64_t date_today(void);
/* Add months to a date, clamping the day (2026-01-31 + P1M = 2026-02-28). */
int64_t date_add_duration(int64_t days, const char *duration);
/* Write a date as YYYY-MM-DD into out (11 bytes). */
void date_format(int64_t days, char out[11]);

#endif
