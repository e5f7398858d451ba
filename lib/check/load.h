/*
 * The loader: YAML (libyaml events) or XML bytes to a libxml2 document whose
 * nodes keep their line and column (doc.h). Problems are findings in the file's diagnostics, each with
 * its position; the loader never reads past its budgets.
 */
#ifndef CRISIS_LOAD_H
#define CRISIS_LOAD_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Nodes that aliases may add to a document, all aliases counted: this many,
 * plus as many as the file spells out itself. A plan that shares a few lists
 * stays far below; a "billion laughs" is refused after a few thousand copies.
 */
#define LOAD_ALIAS_BUDGET 10000
/*
 * Bytes of text aliases may add, all aliases counted: this many, plus the
 * size of the file. A few nodes can hold a megabyte each: nodes alone are
 * no bound on what an expansion costs.
 */
#define LOAD_ALIAS_BYTES ((size_t)16 << 20)
/* How deeply mappings and sequences may nest. */
#define LOAD_MAX_DEPTH 64

/* The name of the root element every file is loaded under. */
#define LOAD_ROOT "crisis"

/*
 * Load `len` bytes of YAML (or XML when `xml` is true) into `doc`.
 * Returns 0, or -1 when the file could not be loaded (the reason is in `f`).
 */
int load_yaml(struct doc *doc, const char *data, size_t len, struct diag_file *f);
int load_xml(struct doc *doc, const char *data, size_t len, struct diag_file *f);
/* XML when the name ends in .xml, YAML otherwise. */
int load_file_data(struct doc *doc, const char *name, const char *data,
		   size_t len, struct diag_file *f);

#endif
