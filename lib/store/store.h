/*
 * The workspace's local databases, in .crisis/ (SQLite, WAL, files 0600 in
 * a 0700 folder). This folder is the only code that opens SQLite. The two
 * files make two different promises:
 *
 *   index.db    what can be rebuilt from the repository (what each commit
 *               changed in each plan, the search index): it may be deleted
 *               at any time, and a subsystem's tables are dropped and
 *               made again when their version changes.
 *   journal.db  what is not in git yet (a live drill, a debrief being
 *               typed), committed event by event (synchronous=FULL): it is
 *               never dropped, only migrated, each subsystem with a version
 *               of its own; a file newer than this binary is refused.
 */
#ifndef CRISIS_STORE_H
#define CRISIS_STORE_H

#define STORE_DIR ".crisis"
#define STORE_INDEX_FILE "index.db"
#define STORE_JOURNAL_FILE "journal.db"

enum store_kind { STORE_INDEX, STORE_JOURNAL };

struct store;

/*
 * Open (or create) a database of the workspace at `root` (ending in '/').
 * 0, or a negative code with crisis_error_last(): CRISIS_ELOCKED when
 * another process held it for longer than the wait.
 */
int store_open(struct store **out, const char *root, enum store_kind kind);
void store_close(struct store *s);
/* The file's path, for messages. */
const char *store_path(const struct store *s);

/*
 * A lock of the workspace at `root` named `name` (such as "contacts"), a
 * file of .crisis/ held with flock(2): a writer that reads a file, changes
 * it and writes it back holds it from before its read to after its write,
 * so that two writers at once never lose each other's work. It waits for
 * another holder up to a few seconds, then gives CRISIS_ELOCKED with a
 * message; a holder killed lets go with its process. The descriptor in
 * *fd (>= 0), or a negative code.
 */
int store_lock(const char *root, const char *name, int *fd);
void store_unlock(int fd);

#endif
