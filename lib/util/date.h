/* ISO 8601 dates, as plans write them: 2026-11-22. */
#ifndef CRISIS_DATE_H
#define CRISIS_DATE_H

#include <stdint.h>

/* Days since 1970-01-01 of year y, month m (1-12), day d (proleptic Gregorian). */
int64_t date_days(int64_t y, unsigned m, unsigned d);
/* Days since 1970-01-01 of a date "YYYY-MM-DD" (a time zone may follow). */
int date_parse(const char *s, int64_t *days);
/* Today in local time, as days since 1970-01-01. */
int64_t date_today(void);
/* Add months to a date, clamping the day (2026-01-31 + P1M = 2026-02-28). */
int64_t date_add_duration(int64_t days, const char *duration);
/* Write a date as YYYY-MM-DD into out (11 bytes). */
void date_format(int64_t days, char out[11]);

#endif
