#include "store-internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * How long a writer waits for another one before it says so: long enough
 * for another command's transaction, short enough for a person waiting.
 */
#define STORE_WAIT_MS 5000

static const char meta_sql[] =
	"CREATE TABLE IF NOT EXISTS store_version ("
	" subsystem TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID";

int store_fail(struct store *s, const char *what)
{
	int rc = sqlite3_errcode(s->db);
	bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
	if (busy)
		return crisis_error_code(CRISIS_ELOCKED,
					 "%s: '%s' is in use by another crisis command: try again",
					 what, s->path);
	return crisis_error("%s: '%s': %s", what, s->path, sqlite3_errmsg(s->db));
}

int store_exec(struct store *s, const char *sql, const char *what)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : store_fail(s, what);
}

int store_prepare(struct store *s, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 :
	       store_fail(s, "cannot read the database");
}

void store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

char *store_column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

int store_run(struct store *s, const char *sql, const char *id, const char *what)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_prepare(s, &st, sql)) < 0)
		return ret;
	store_bind_text(st, 1, id);
	ret = sqlite3_step(st) == SQLITE_DONE ? 0 : store_fail(s, what);
	sqlite3_finalize(st);
	return ret;
}

int store_run_all(struct store *s, const char *const *sqls, size_t nr, const char *id,
		  const char *what)
{
	int ret;
	if ((ret = store_exec(s, "BEGIN IMMEDIATE", what)) < 0)
		return ret;
	for (size_t i = 0; i < nr; i++)
		if ((ret = store_run(s, sqls[i], id, what)) < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
	return store_exec(s, "COMMIT", what);
}

/* The version of a subsystem's tables (0: none yet), or a negative code. */
static int version_of(struct store *s, const char *subsystem)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_prepare(s, &st, "SELECT version FROM store_version WHERE subsystem = ?1")) < 0)
		return ret;
	sqlite3_bind_text(st, 1, subsystem, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	ret = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) :
	      rc == SQLITE_DONE ? 0 : store_fail(s, "cannot read the database's version");
	sqlite3_finalize(st);
	return ret;
}

static int set_version(struct store *s, const char *subsystem, int version)
{
	sqlite3_stmt *st;
	int ret;
	if ((ret = store_prepare(s, &st, "INSERT OR REPLACE INTO store_version VALUES (?1, ?2)")) < 0)
		return ret;
	sqlite3_bind_text(st, 1, subsystem, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, version);
	ret = sqlite3_step(st) == SQLITE_DONE ? 0 : store_fail(s, "cannot write the database's version");
	sqlite3_finalize(st);
	return ret;
}

int store_migrate(struct store *s, const char *subsystem, const char *const *steps, int nr)
{
	int ret, version;

	if ((ret = store_exec(s, "BEGIN IMMEDIATE", "cannot open the journal")) < 0)
		return ret;
	if ((version = ret = version_of(s, subsystem)) < 0)
		goto done;
	if (version > nr) {
		ret = crisis_error("'%s' holds %s records of version %d, newer than this crisis "
				   "reads (%d): use the newer crisis that wrote them", s->path,
				   subsystem, version, nr);
		goto done;
	}
	for (int i = version; i < nr; i++)
		if ((ret = store_exec(s, steps[i], "cannot upgrade the journal")) < 0)
			goto done;
	ret = version < nr ? set_version(s, subsystem, nr) : 0;
done:
	if (ret < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	return store_exec(s, "COMMIT", "cannot upgrade the journal");
}

int store_schema(struct store *s, const char *subsystem, int version, const char *create,
		 const char *drop)
{
	int ret, have;

	if ((ret = store_exec(s, "BEGIN IMMEDIATE", "cannot open the index")) < 0)
		return ret;
	if ((have = ret = version_of(s, subsystem)) < 0)
		goto done;
	if (have != version && ((ret = store_exec(s, drop, "cannot rebuild the index")) < 0 ||
				(ret = set_version(s, subsystem, version)) < 0))
		goto done;
	ret = store_exec(s, create, "cannot make the index");
done:
	if (ret < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	return store_exec(s, "COMMIT", "cannot make the index");
}

/*
 * Make .crisis/, the owner's alone: its journal and index hold contacts and
 * drill notes. One made by hand (or by an older crisis) readable by others
 * is closed to them as well.
 */
static int make_private_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return crisis_error("cannot make '%s': %s", dir, strerror(errno));
	if (stat(dir, &st) == 0 && (st.st_mode & 077) && st.st_uid == geteuid())
		chmod(dir, st.st_mode & 0700);
	return 0;
}

int store_open(struct store **out, const char *root, enum store_kind kind)
{
	struct buf dir = BUF_INIT;
	struct store *s = xcalloc(1, sizeof(*s));
	int ret = CRISIS_ERROR;

	*out = NULL;
	s->kind = kind;
	buf_addf(&dir, "%s%s", root, STORE_DIR);
	if (make_private_dir(dir.ptr) < 0)
		goto done;
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/%s", dir.ptr, kind == STORE_JOURNAL ? STORE_JOURNAL_FILE : STORE_INDEX_FILE);
	s->path = buf_detach(&path);
	/* Contacts and drill notes are personal data: the files are the user's alone. */
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_FULLMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		ret = s->db ? store_fail(s, "cannot open the database") :
			      crisis_error("cannot open '%s': out of memory", s->path);
		goto done;
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, STORE_WAIT_MS);
	/*
	 * WAL lets a reader (crisis drill watch) follow a writer. The journal
	 * reaches the disk at every commit; the index, rebuilt at will, need not.
	 */
	if ((ret = store_exec(s, "PRAGMA journal_mode=WAL", "cannot open the database")) < 0 ||
	    (ret = store_exec(s, kind == STORE_JOURNAL ? "PRAGMA synchronous=FULL" :
				 "PRAGMA synchronous=NORMAL", "cannot open the database")) < 0 ||
	    (ret = store_exec(s, meta_sql, "cannot open the database")) < 0)
		goto done;
	*out = s;
	s = NULL;
	ret = 0;
done:
	store_close(s);
	buf_release(&dir);
	return ret;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_lock(const char *root, const char *name, int *fd)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	*fd = -1;
	buf_addf(&path, "%s%s", root, STORE_DIR);
	if ((ret = make_private_dir(path.ptr)) < 0)
		goto done;
	buf_addf(&path, "/%s.lock", name);
	if ((*fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		ret = crisis_error("cannot open '%s': %s", path.ptr, strerror(errno));
		goto done;
	}
	for (int waited = 0; flock(*fd, LOCK_EX | LOCK_NB) < 0; waited += 50) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= STORE_WAIT_MS) {
			ret = errno == EWOULDBLOCK ?
			      crisis_error_code(CRISIS_ELOCKED, "another crisis command is changing the %s "
						"of this workspace ('%s' is held): try again when it is done",
						name, path.ptr) :
			      crisis_error("cannot lock '%s': %s", path.ptr, strerror(errno));
			close(*fd);
			*fd = -1;
			goto done;
		}
		usleep(50 * 1000);
	}
done:
	buf_release(&path);
	return ret;
}

void store_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}
