/*
 * Edit a YAML file's scalars in place, as a person would: the value is
 * replaced where it is written, a missing key is added under its mapping
 * with the mapping's indentation, and every other byte (comments, order,
 * quotes, blank lines) stays as it was.
 */
#ifndef CRISIS_YAMLEDIT_H
#define CRISIS_YAMLEDIT_H

#include "util/buf.h"
#include "doc.h"

/*
 * Set the scalar at `path` ("status", "review.last": mapping keys only) of
 * `text`, which `doc` was loaded from, to `value`. The parent mapping must
 * exist and be written in block style. 0, or -1 with crisis_error_last().
 * `text` is rewritten; `doc` no longer matches it afterwards.
 */
int yamledit_set_scalar(struct buf *text, const struct doc *doc, const char *path,
		    const char *value);

/*
 * The same for key `key` of the block-style mapping `mapping` of the
 * document `text` was loaded from, such as an item of a list (the first
 * key of an item follows its "- ").
 */
int yamledit_set_key(struct buf *text, xmlNode *mapping, const char *key, const char *value);

/* Append `value` as a YAML scalar: plain when that is safe, else in double quotes. */
void yamledit_add_scalar(struct buf *out, const char *value);
/* Append the line "`indent``key`: `value`", nothing when value is NULL. */
void yamledit_add_field(struct buf *out, const char *indent, const char *key, const char *value);

/*
 * Entries of a block-style list, such as contacts. `lines` end in "\n" and
 * are not indented: they get the indentation of the list's entries and the
 * file's line ends. The rest of the file stays as written. 0, or -1 with
 * crisis_error_last() when the list is not in block style.
 */
/* The number of spaces before the '-' of the list's entries. */
int yamledit_list_indent(const struct buf *text, const xmlNode *list);
/* Replace all the lines of one entry. */
int yamledit_replace_item(struct buf *text, const xmlNode *item, const char *lines);
/* Add entries after the last one (after the key when the list is empty). */
int yamledit_append_items(struct buf *text, const xmlNode *list, const char *lines);

#endif
