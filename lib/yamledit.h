/*
 * Edit a YAML file's scalars in place, as a person would: the value is
 * replaced where it is written, a missing key is added under its mapping
 * with the mapping's indentation, and every other byte (comments, order,
 * quotes, blank lines) stays as it was.
 */
#ifndef CRISIS_YAMLEDIT_H
#define CRISIS_YAMLEDIT_H

#include "buf.h"
#include "doc.h"

/*
 * Set the scalar at `path` ("status", "review.last": mapping keys only) of
 * `text`, which `doc` was loaded from, to `value`. The parent mapping must
 * exist and be written in block style. 0, or -1 with crisis_error_last().
 * `text` is rewritten; `doc` no longer matches it afterwards.
 */
int yaml_set_scalar(struct buf *text, const struct doc *doc, const char *path,
		    const char *value);

#endif
