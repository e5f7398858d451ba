/* O_TMPFILE and linkat() through /proc: the unnamed temporary file of fs_write_atomic(). */
#define _GNU_SOURCE
#include "fs.h"
#include "error.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_stream(FILE *fp, const char *name, struct buf *out)
{
	for (;;) {
		buf_grow(out, 65536);
		size_t n = fread(out->ptr + out->len, 1, out->alloc - out->len - 1, fp);
		out->len += n;
		out->ptr[out->len] = '\0';
		if (out->len > FS_READ_MAX)
			return crisis_error("cannot read '%s': larger than %zu MiB",
					    name, FS_READ_MAX >> 20);
		if (n == 0) {
			if (ferror(fp))
				return crisis_error("cannot read '%s': %s", name, strerror(errno));
			return 0;
		}
	}
}

int fs_read_file(const char *path, struct buf *out)
{
	struct stat st;

	if (!strcmp(path, "-"))
		return fs_read_stream(stdin, "standard input", out);
	/* Opening a FIFO to read it would wait for a writer forever: refused before. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return crisis_error("cannot read '%s': not a regular file (a FIFO, a device or a socket)",
				    path);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return crisis_error("cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		/* A folder a walk could not open: say why, not only what it is. */
		DIR *d = opendir(path);
		int err = errno;
		if (d)
			closedir(d);
		return d ? crisis_error("cannot read '%s': Is a directory", path) :
			   crisis_error("cannot read the folder '%s': %s", path, strerror(err));
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > FS_READ_MAX) {
		fclose(fp);
		return crisis_error("cannot read '%s': larger than %zu MiB", path,
				    FS_READ_MAX >> 20);
	}
	int ret = fs_read_stream(fp, path, out);
	fclose(fp);
	return ret;
}

/* All `len` bytes to `fd`; -1 with the message naming `path`. */
static int write_all(int fd, const char *path, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return crisis_error("cannot write '%s': %s", path,
					    n < 0 ? strerror(errno) : "short write");
		off += (size_t)n;
	}
	return 0;
}

/* Write straight into something that is not a file to replace: a device, a pipe. */
static int write_through(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return crisis_error("cannot write '%s': %s", path, strerror(errno));
	if (write_all(fd, path, data, len) < 0) {
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return crisis_error("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

/*
 * The hidden name of a temporary file beside `path`: dir/.name.tmp-XXXXXX,
 * which folder walks skip. `suffix` replaces the X's when not NULL.
 */
static void temp_name(struct buf *tmp, const char *path, const char *suffix)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	buf_reset(tmp);
	buf_addf(tmp, "%.*s.%s.tmp-%s", (int)(base - path), path, base, suffix ? suffix : "XXXXXX");
}

/*
 * A temporary file for `path`: unnamed (O_TMPFILE) when the file system
 * can, so that a process killed while writing leaves nothing behind; its
 * name is given by name_temp() once it is whole. Else a hidden file made
 * with mkstemp, named in `tmp` at once. The descriptor, or -1.
 */
static int open_temp(const char *path, struct buf *tmp, bool *unnamed)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	*unnamed = fd >= 0;
	buf_reset(tmp);
	if (fd >= 0)
		return fd;
	char suffix[32];
	snprintf(suffix, sizeof(suffix), "%ld-XXXXXX", (long)getpid());
	temp_name(tmp, path, suffix);
	return mkstemp(tmp->ptr);
}

/*
 * Remove the temporary files of `path` that a writer killed before its
 * rename left behind (they may hold personal data, and `git add -A` would
 * take them): those whose writer, named in them, is no longer running. A
 * live writer's file is its own, and stays.
 */
static void clean_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dirname = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	struct buf prefix = BUF_INIT;
	DIR *dir = opendir(dirname);
	struct dirent *e;

	buf_addf(&prefix, ".%s.tmp-", base);
	while (dir && (e = readdir(dir))) {
		if (strncmp(e->d_name, prefix.ptr, prefix.len))
			continue;
		char *end;
		long pid = strtol(e->d_name + prefix.len, &end, 10);
		if (end == e->d_name + prefix.len || *end != '-' || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			unlinkat(dirfd(dir), e->d_name, 0);
	}
	if (dir)
		closedir(dir);
	buf_release(&prefix);
	free(dirname);
}

/* Give the unnamed file `fd` a hidden name beside `path`, in `tmp`; 0 or -1 (errno set). */
static int name_temp(int fd, const char *path, struct buf *tmp)
{
	char proc[64], suffix[40];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (unsigned i = 0; i < 100; i++) {
		/* The writer's pid first: the next writer knows a dead one's file (clean_stale). */
		snprintf(suffix, sizeof(suffix), "%ld-%06lx", (long)getpid(),
			 ((unsigned long)getpid() * 7919u + i * 104729u + (unsigned long)rand()) & 0xffffffu);
		temp_name(tmp, path, suffix);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp->ptr, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int fs_write_atomic(const char *path_arg, const char *data, size_t len, unsigned mode)
{
	struct buf tmp = BUF_INIT;
	const char *path = path_arg;
	int fd = -1, ret = -1;
	bool made = false;
	struct stat st;

	/* A symbolic link stays one: the file it points to is replaced. */
	char *target = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
	if (target && stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		ret = write_through(target, data, len);
		free(target);
		return ret;
	}
	if (!target && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? crisis_error("cannot write '%s': it is a folder", path) :
					     write_through(path, data, len);
	if (target)
		path = target;
	clean_stale(path);
	bool unnamed;
	if ((fd = open_temp(path, &tmp, &unnamed)) < 0) {
		crisis_error("cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	made = !unnamed;
	if (write_all(fd, path, data, len) < 0)
		goto done;
	if (fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0) {
		crisis_error("cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	if (unnamed && name_temp(fd, path, &tmp) < 0) {
		crisis_error("cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	made = true;
	int closed = close(fd);
	fd = -1;
	if (closed < 0) {
		crisis_error("cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	if (rename(tmp.ptr, path) < 0) {
		crisis_error("cannot replace '%s': %s", path, strerror(errno));
		goto done;
	}
	made = false;
	/* The rename itself reaches the disk with its folder. */
	char *slash = strrchr(tmp.ptr, '/');
	if (slash)
		*slash = '\0';
	int dir = open(slash ? tmp.ptr : ".", O_RDONLY | O_DIRECTORY);
	if (dir >= 0) {
		fsync(dir);
		close(dir);
	}
	ret = 0;
done:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp.ptr);
	buf_release(&tmp);
	free(target);
	return ret;
}

bool fs_is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_has_ext(const char *name, const char *const *exts)
{
	size_t n = strlen(name);
	for (; *exts; exts++) {
		size_t e = strlen(*exts);
		if (n > e && !strcasecmp(name + n - e, *exts))
			return true;
	}
	return false;
}

/* The folders a walk has been into, by device and inode: a link back up is not followed twice. */
struct seen_dirs {
	struct { dev_t dev; ino_t ino; } *items;
	size_t nr, alloc;
};

static bool seen_before(struct seen_dirs *seen, const struct stat *st)
{
	for (size_t i = 0; i < seen->nr; i++)
		if (seen->items[i].dev == st->st_dev && seen->items[i].ino == st->st_ino)
			return true;
	ALLOC_GROW(seen->items, seen->nr + 1, seen->alloc);
	seen->items[seen->nr].dev = st->st_dev;
	seen->items[seen->nr].ino = st->st_ino;
	seen->nr++;
	return false;
}

static int walk(struct buf *path, const char *const *exts, struct strlist *out,
		int depth, struct seen_dirs *seen)
{
	DIR *d = opendir(path->ptr);
	if (!d)
		return crisis_error("cannot open folder '%s': %s", path->ptr, strerror(errno));
	if (depth > 64) {
		closedir(d);
		return crisis_error("folders nested too deeply under '%s'", path->ptr);
	}
	struct strlist names = STRLIST_INIT;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			strlist_add(&names, e->d_name);
	closedir(d);
	strlist_sort(&names);

	int ret = 0;
	size_t len = path->len;
	for (size_t i = 0; i < names.nr && !ret; i++) {
		struct stat st;
		if (len && path->ptr[len - 1] != '/')
			buf_addc(path, '/');
		buf_adds(path, names.items[i]);
		bool ok = stat(path->ptr, &st) == 0;
		if (ok && S_ISDIR(st.st_mode)) {
			/*
			 * A sub-folder that cannot be read is named, for its reader to
			 * report, and the walk goes on: the files that can be read
			 * are still checked.
			 */
			if (!seen_before(seen, &st) && walk(path, exts, out, depth + 1, seen) < 0)
				strlist_add(out, path->ptr);
		} else if (fs_has_ext(names.items[i], exts)) {
			/* Whatever it is (a FIFO, a broken link): named, for its reader to report. */
			strlist_add(out, path->ptr);
		}
		path->len = len;
		path->ptr[len] = '\0';
	}
	strlist_release(&names);
	return ret;
}

int fs_walk(const char *dir, const char *const *exts, struct strlist *out)
{
	struct buf path = BUF_INIT;
	struct seen_dirs seen = { 0 };
	struct stat st;
	buf_adds(&path, dir);
	if (stat(dir, &st) == 0)
		seen_before(&seen, &st);
	int ret = walk(&path, exts, out, 0, &seen);
	free(seen.items);
	buf_release(&path);
	return ret;
}

int fs_make_parents(const char *path)
{
	struct buf dir = BUF_INIT;
	int ret = 0;
	for (const char *p = strchr(path + 1, '/'); ret == 0 && p; p = strchr(p + 1, '/')) {
		buf_reset(&dir);
		buf_add(&dir, path, (size_t)(p - path));
		if (mkdir(dir.ptr, 0755) < 0 && errno != EEXIST)
			ret = crisis_error("cannot make '%s': %s", dir.ptr, strerror(errno));
	}
	buf_release(&dir);
	return ret;
}
