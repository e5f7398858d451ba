/* The library never exits: it returns a negative code and keeps the message. */
#ifndef CRISIS_ERROR_H
#define CRISIS_ERROR_H

/* Record a message (git style: lowercase, no full stop) and return -1. */
int crisis_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last recorded message, or "unknown error". */
const char *crisis_error_last(void);
void crisis_error_clear(void);

#endif
