/* A hash map from strings (not copied) to pointers, for lookups by id. */
#ifndef CRISIS_STRMAP_H
#define CRISIS_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	const char *key;
	void *value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t nr, cap;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* Set key to value; returns the previous value, or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
void *strmap_get(const struct strmap *m, const char *key);
void strmap_release(struct strmap *m);

#endif
