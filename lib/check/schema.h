/*
 * Schema validation with libxml2, and libxml2's messages rewritten in the
 * user's terms: the YAML path, the value, what is expected, and a
 * suggestion for misspelt keys, values and references.
 */
#ifndef CRISIS_SCHEMA_H
#define CRISIS_SCHEMA_H

#include "diag.h"
#include "doc.h"

struct schema;
struct keys_outside;

#define SCHEMA_FILE "crisis-plan.xsd"
#define SCHEMA_CONTACTS "contactsFile"	/* the root type of a contacts.yaml */

/*
 * The schema compiled into the binary, such as "crisis-plan.xsd". The root
 * element has the type the schema declares, or `root_type` when not NULL
 * (SCHEMA_CONTACTS for a contacts.yaml).
 */
struct schema *schema_builtin(const char *name, const char *root_type);
/* A schema from a file (`--schema FILE`); NULL with crisis_error_last(). */
struct schema *schema_from_file(const char *path, const char *root_type);
void schema_free(struct schema *s);

/*
 * Validate a loaded document. Findings go to `f`; unknown keys are reported
 * and removed from the document so that the rest is still checked.
 * `outside` (or NULL) lists ids defined in another file for reference checks.
 * Returns 0 when valid, 1 when not, -1 on an internal error.
 */
int schema_validate(struct schema *s, struct doc *doc, struct diag_file *f,
		    const struct keys_outside *outside);

#endif
