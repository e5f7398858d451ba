/*
 * A schema's identity constraints (xs:key, xs:unique, xs:keyref), checked
 * with hash tables in one pass over the selected nodes. libxml2 evaluates
 * them as streaming XPath on every element, which costs more than the rest
 * of validation together and grows with the number of constraints; here
 * the constraints are read from the same XSD and cost a lookup per value.
 */
#ifndef CRISIS_KEYS_H
#define CRISIS_KEYS_H

#include "diag.h"
#include "doc.h"
#include "xsd.h"

#include <stdbool.h>

/*
 * Ids defined in another file: the contacts of a workspace's contacts.yaml
 * take part in a plan's keys `keys` (contact, party). Defining one of them
 * again in the plan is a duplicate-id.
 */
struct keys_outside {
	const char *const *keys;
	size_t nr_keys;
	const char *const *ids;
	const unsigned long *lines;	/* where each id is defined in `file` */
	size_t nr_ids;
	const char *file;
};

/* Nodes whose value was already reported (bad value): not checked again. */
typedef bool (*keys_skip_fn)(void *data, const xmlNode *node);

/*
 * Report duplicate ids (duplicate-id) and, when `refs`, references to ids
 * that do not exist (unknown-reference, with a suggestion). Returns the
 * number of findings.
 */
size_t keys_check(const struct xsd *x, const struct doc *doc, struct diag_file *f,
		 bool refs, const struct keys_outside *outside, keys_skip_fn skip, void *skip_data);

#endif
