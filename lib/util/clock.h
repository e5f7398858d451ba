/*
 * The clocks: monotonic for measuring (a drill's offsets), the wall clock for
 * saying when (a run's start, a record's date), and ISO 8601 date-times with
 * their offset, as records write them. The library's logic takes times as
 * arguments; only the commands read these.
 */
#ifndef CRISIS_CLOCK_H
#define CRISIS_CLOCK_H

#include <stdint.h>

struct buf;

/* Milliseconds of CLOCK_MONOTONIC: never goes back, counts no suspend. */
int64_t clock_mono_ms(void);
/* Milliseconds since the epoch. */
int64_t clock_wall_ms(void);
/* Append `wall_ms` as local time with its offset: 2026-11-22T14:00:00+01:00. */
void clock_iso8601(struct buf *out, int64_t wall_ms);
/* Append the local date of `wall_ms`: 2026-11-22. */
void clock_date(struct buf *out, int64_t wall_ms);
/* Parse an ISO 8601 date-time with an offset or Z into ms since the epoch; -1 when it is not one. */
int64_t clock_parse_iso8601(const char *s);

#endif
