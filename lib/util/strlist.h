/* A list of owned strings. */
#ifndef CRISIS_STRLIST_H
#define CRISIS_STRLIST_H

#include <stddef.h>

struct strlist {
	char **items;
	size_t nr, alloc;
};

#define STRLIST_INIT { NULL, 0, 0 }

void strlist_add(struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);
void strlist_release(struct strlist *l);

#endif
