/* A set of pointers, found by address (the nodes already reported, say). */
#ifndef CRISIS_PTRSET_H
#define CRISIS_PTRSET_H

#include <stdbool.h>
#include <stddef.h>

struct ptrset {
	const void **slots;
	size_t nr, cap;		/* cap is a power of two */
};

#define PTRSET_INIT { NULL, 0, 0 }

/* Add `ptr`; false when it was in the set already. */
bool ptrset_add(struct ptrset *s, const void *ptr);
bool ptrset_has(const struct ptrset *s, const void *ptr);
void ptrset_release(struct ptrset *s);

#endif
