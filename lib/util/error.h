/* The library never exits: it returns a negative code and keeps the message. */
#ifndef CRISIS_ERROR_H
#define CRISIS_ERROR_H

/*
 * Every function of the library that can fail returns 0 (or a count) on
 * success and one of these negative codes on failure, and keeps a message
 * for crisis_error_last(). Most callers only test for < 0; the specific
 * codes are for those that act on them (an exit code, a wait, a retry).
 */
enum {
	CRISIS_OK = 0,
	CRISIS_ERROR = -1,	/* anything else: the message says what */
	CRISIS_ENOTFOUND = -2,	/* no such repository, revision, path, tag or record */
	CRISIS_ELOCKED = -3,	/* another process holds a lock (index.lock, a database) */
};

/* Record a message (lowercase, no full stop) and return CRISIS_ERROR. */
int crisis_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a specific code, which it returns. */
int crisis_error_code(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last recorded message, or "unknown error". */
const char *crisis_error_last(void);
void crisis_error_clear(void);

#endif
