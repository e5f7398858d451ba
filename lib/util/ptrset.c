#include "ptrset.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(const void *ptr, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)ptr;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h & (cap - 1);
}

/* The slot of `ptr`, or the empty one where it would go. */
static size_t ptrset_slot(const struct ptrset *s, const void *ptr)
{
	size_t i = slot_of(ptr, s->cap);
	while (s->slots[i] && s->slots[i] != ptr)
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool ptrset_add(struct ptrset *s, const void *ptr)
{
	if ((s->nr + 1) * 2 > s->cap) {
		struct ptrset big = { NULL, 0, s->cap ? s->cap * 2 : 64 };
		big.slots = xcalloc(big.cap, sizeof(*big.slots));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				big.slots[ptrset_slot(&big, s->slots[i])] = s->slots[i];
		big.nr = s->nr;
		free(s->slots);
		*s = big;
	}
	size_t i = ptrset_slot(s, ptr);
	if (s->slots[i])
		return false;
	s->slots[i] = ptr;
	s->nr++;
	return true;
}

bool ptrset_has(const struct ptrset *s, const void *ptr)
{
	return s->cap && s->slots[ptrset_slot(s, ptr)];
}

void ptrset_release(struct ptrset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->nr = s->cap = 0;
}
