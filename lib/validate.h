/*
 * The pipeline for one file: load, schema, model, rules. Findings go to the
 * file's diagnostics; nothing is printed here.
 */
#ifndef CRISIS_VALIDATE_H
#define CRISIS_VALIDATE_H

#include "diag.h"

#include <stdint.h>

struct schema;
struct config;
struct plan;

struct validator {
	struct schema *schema;
	const struct config *config;
	int64_t today;		/* days since 1970-01-01 */
};

/* The builtin schema unless `schema_file`. 0, or -1 with crisis_error_last(). */
int validator_init(struct validator *v, const char *schema_file,
		   const struct config *config, int64_t today);
void validator_release(struct validator *v);

/* Check `len` bytes read from `name`; an .xml name is read as XML. */
void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len);
/* Read and check a file ("-" for standard input, named as f->path). */
void validate_file(struct validator *v, struct diag_file *f, const char *path);

#endif
