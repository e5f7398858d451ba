#include "kind.h"

#include <string.h>

const struct kind *kinds_find(const struct kinds *k, const char *name)
{
	for (size_t i = 0; name && i < k->nr; i++)
		if (!strcmp(k->items[i]->name, name))
			return k->items[i];
	return NULL;
}

bool kind_has_rule(const struct kind *kind, const char *id)
{
	for (const struct rule *const *r = kind->rules; *r; r++)
		if (!strcmp((*r)->id, id))
			return true;
	return false;
}
