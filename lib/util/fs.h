/* Reading files and walking folders. */
#ifndef CRISIS_FS_H
#define CRISIS_FS_H

#include "buf.h"
#include "strlist.h"

#include <stdbool.h>
#include <stdio.h>

/* Files larger than this are refused rather than read. */
#define FS_READ_MAX ((size_t)256 << 20)

/*
 * Read a whole file ("-" is standard input). 0, or -1 with
 * crisis_error_last(): a folder, a FIFO, a device or a socket is refused
 * at once, never waited on.
 */
int fs_read_file(const char *path, struct buf *out);
int fs_read_stream(FILE *fp, const char *name, struct buf *out);

/*
 * Replace `path` with `len` bytes, all or nothing: they go to a temporary
 * file in the same folder (unnamed while it is written where the file
 * system allows, so that a killed process leaves nothing behind; else the
 * hidden .NAME.tmp-PID-XXXXXX), which is flushed to disk (fsync) and renamed
 * over `path`. The file gets `mode` (such as 0644, or 0600 for personal
 * data). 0, or -1 with crisis_error_last(); on failure `path` is untouched.
 * A temporary file of `path` whose writer was killed before its rename (its
 * PID no longer runs) is removed first.
 */
int fs_write_atomic(const char *path, const char *data, size_t len, unsigned mode);

bool fs_is_directory(const char *path);
/* Make the folders that lead to `path` (mode 0755), as mkdir -p its parent. 0, or -1. */
int fs_make_parents(const char *path);
/*
 * Add to `out`, sorted, every file under `dir` whose name ends in one of
 * the NULL-terminated `exts`, skipping hidden files and folders. A folder
 * reached again through a link (a loop) is walked once. A sub-folder that
 * cannot be read is added itself (its reader then says why), and the walk
 * goes on.
 * 0, or -1 with crisis_error_last() when `dir` cannot be read.
 */
int fs_walk(const char *dir, const char *const *exts, struct strlist *out);
/* Does `name` end in one of the NULL-terminated `exts` (in any case)? */
bool fs_has_ext(const char *name, const char *const *exts);

#endif
