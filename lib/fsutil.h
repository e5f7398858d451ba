/* Reading files and walking folders. */
#ifndef CRISIS_FSUTIL_H
#define CRISIS_FSUTIL_H

#include "buf.h"

#include <stdbool.h>
#include <stdio.h>

/* Files larger than this are refused rather than read. */
#define READ_MAX_BYTES ((size_t)256 << 20)

struct strlist {
	char **items;
	size_t nr, alloc;
};

#define STRLIST_INIT { NULL, 0, 0 }

void strlist_add(struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);
void strlist_release(struct strlist *l);

/* Read a whole file ("-" is standard input). 0, or -1 with crisis_error_last(). */
int read_file(const char *path, struct buf *out);
int read_stream(FILE *fp, const char *name, struct buf *out);

bool is_directory(const char *path);
/*
 * Add to `out`, sorted, every file under `dir` whose name ends in one of
 * the NULL-terminated `exts`, skipping hidden files and folders.
 * 0, or -1 with crisis_error_last() when `dir` cannot be read.
 */
int walk_files(const char *dir, const char *const *exts, struct strlist *out);

#endif
