/* ISO 8601 durations, as plans write them: PT15M, PT3H, P2D, P12M. */
#ifndef CRISIS_DURATION_H
#define CRISIS_DURATION_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

/*
 * Seconds in a duration such as PT15M, PT3H, P2D, P1Y2M or P1W, counting a
 * month as 30 days and a year as 365. -1 when it is not a duration.
 */
int64_t duration_parse(const char *s);
/* The same in milliseconds, fractions kept: PT12M34.567S is 754567. */
int64_t duration_parse_ms(const char *s);
/* Append milliseconds as an ISO 8601 duration: PT0S, PT1H2M, PT12M34.567S. */
void duration_format_ms(struct buf *b, int64_t ms);
/* Append milliseconds as a clock: 01:02:03 (hours past 99 widen; negative: -00:00:05). */
void duration_clock(struct buf *b, int64_t ms);
/* Append a duration as a short readable text: "1 h 30 min", "2 d". */
void duration_human(struct buf *b, int64_t seconds);
/*
 * Append an ISO 8601 duration as people say it, its units as written (a
 * month stays a month): PT4H "4 h", PT1H30M "1 h 30 min", P2D "2 days"
 * ("2 jours" when `fr`), P12M "12 months", P1Y "1 year". Text that is no
 * duration is appended as it is; NULL appends nothing.
 */
void duration_words(struct buf *b, const char *iso, bool fr);

#endif
