#include "strmap.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static void resize(struct strmap *m, size_t cap)
{
	struct strmap_entry *old = m->slots;
	size_t old_cap = m->cap;
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].key)
			continue;
		size_t s = hash(old[i].key) & (cap - 1);
		while (m->slots[s].key)
			s = (s + 1) & (cap - 1);
		m->slots[s] = old[i];
	}
	free(old);
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	if ((m->nr + 1) * 2 > m->cap)
		resize(m, m->cap ? m->cap * 2 : 16);
	size_t s = hash(key) & (m->cap - 1);
	while (m->slots[s].key) {
		if (!strcmp(m->slots[s].key, key)) {
			void *prev = m->slots[s].value;
			m->slots[s].value = value;
			return prev;
		}
		s = (s + 1) & (m->cap - 1);
	}
	m->slots[s].key = key;
	m->slots[s].value = value;
	m->nr++;
	return NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	size_t s = hash(key) & (m->cap - 1);
	while (m->slots[s].key) {
		if (!strcmp(m->slots[s].key, key))
			return m->slots[s].value;
		s = (s + 1) & (m->cap - 1);
	}
	return NULL;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->nr = m->cap = 0;
}
