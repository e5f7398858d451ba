/* ISO 8601 durations, as plans write them: PT15M, PT3H, P2D, P12M. */
#ifndef CRISIS_DURATION_H
#define CRISIS_DURATION_H

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

#endif
