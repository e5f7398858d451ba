/* New plans from the templates compiled into the binary. */
#ifndef CRISIS_TEMPLATE_H
#define CRISIS_TEMPLATE_H

#include "util/buf.h"

/*
 * A new plan `id` of `kind` ("pca" or "pra") in `lang` ("fr" or "en"),
 * titled `title` (NULL: a title made from the kind and the id). It passes
 * the schema; its warnings point at what is still to be filled in.
 * 0, or -1 with crisis_error_last() for an unknown kind or language.
 */
int template_plan(struct buf *out, const char *id, const char *kind, const char *lang,
		  const char *title);

#endif
