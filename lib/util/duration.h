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
/* Append a duration as a short readable text: "1 h 30 min", "2 d". */
void duration_human(struct buf *b, int64_t seconds);

#endif
