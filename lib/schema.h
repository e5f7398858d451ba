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

/* The schema compiled into the binary, such as "crisis-plan.xsd". */
struct schema *schema_builtin(const char *name);
/* A schema from a file (`--schema FILE`); NULL with crisis_error_last(). */
struct schema *schema_from_file(const char *path);
void schema_free(struct schema *s);

/*
 * Validate a loaded document. Findings go to `f`; unknown keys are reported
 * and removed from the document so that the rest is still checked.
 * Returns 0 when valid, 1 when not, -1 on an internal error.
 */
int schema_validate(struct schema *s, struct doc *doc, struct diag_file *f);

#endif
