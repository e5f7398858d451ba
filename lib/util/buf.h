/* A growable string buffer, always NUL-terminated once anything is added. */
#ifndef CRISIS_BUF_H
#define CRISIS_BUF_H

#include "xalloc.h"

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t alloc;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b);
/* A new string, printf-style (xalloc: never NULL). */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The buffer's text, "" when nothing was added. */
const char *buf_str(const struct buf *b);

#endif
