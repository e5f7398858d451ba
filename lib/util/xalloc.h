/* Allocation that never returns NULL: running out of memory aborts, so callers never check. */
#ifndef CRISIS_XALLOC_H
#define CRISIS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow an array of `nr` items to hold at least `want`, doubling. */
#define ALLOC_GROW(arr, want, alloc) do { \
	if ((want) > (alloc)) { \
		size_t alloc_new_ = (alloc) ? (alloc) * 2 : 8; \
		if (alloc_new_ < (want)) \
			alloc_new_ = (want); \
		(arr) = xrealloc((arr), alloc_new_ * sizeof(*(arr))); \
		(alloc) = alloc_new_; \
	} \
} while (0)

#endif
