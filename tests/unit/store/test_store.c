#include "unit.h"
#include "store/store-internal.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static int setup(void **state)
{
	(void)state;
	return unit_tmp_root(root, "store");
}

static int teardown(void **state)
{
	(void)state;
	return unit_rm_root(root);
}

static long long one_number(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(s, &st, sql), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *const steps[] = {
	"CREATE TABLE t (a INTEGER);",
	"ALTER TABLE t ADD COLUMN b TEXT;",
	"CREATE TABLE u (c INTEGER);",
};

static void journal_is_migrated_never_dropped(void **state)
{
	struct store *s;
	(void)state;
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(store_migrate(s, "drill", steps, 1), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES (42)", "t"), 0);
	store_close(s);

	/* A newer binary adds two steps: the row is still there, with the new column. */
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(store_migrate(s, "drill", steps, 3), 0);
	assert_int_equal(one_number(s, "SELECT a FROM t WHERE b IS NULL"), 42);
	assert_int_equal(one_number(s, "SELECT count(*) FROM u"), 0);
	/* Running it again changes nothing (the steps are not replayed). */
	assert_int_equal(store_migrate(s, "drill", steps, 3), 0);
	/* Another subsystem has a version of its own. */
	assert_int_equal(store_migrate(s, "debrief", steps + 2, 0), 0);
	assert_int_equal(one_number(s, "SELECT version FROM store_version WHERE subsystem = 'drill'"), 3);
	store_close(s);
}

static void a_newer_journal_is_refused(void **state)
{
	struct store *s;
	(void)state;
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(store_migrate(s, "drill", steps, 3), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES (7, 'x')", "t"), 0);
	store_close(s);

	/* An older binary knows two steps only. */
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(store_migrate(s, "drill", steps, 2), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "version 3, newer than this crisis reads (2)"));
	assert_non_null(strstr(crisis_error_last(), "journal.db"));
	/* Nothing was touched. */
	assert_int_equal(one_number(s, "SELECT a FROM t WHERE b = 'x'"), 7);
	assert_int_equal(one_number(s, "SELECT version FROM store_version WHERE subsystem = 'drill'"), 3);
	store_close(s);
}

static void a_failed_step_changes_nothing(void **state)
{
	static const char *const broken[] = { "CREATE TABLE v (a);", "NOT SQL AT ALL;" };
	struct store *s;
	(void)state;
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(store_migrate(s, "x", broken, 2), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "cannot upgrade the journal"));
	assert_int_equal(one_number(s, "SELECT count(*) FROM sqlite_master WHERE name = 'v'"), 0);
	store_close(s);
}

static void journal_reaches_the_disk_at_each_commit(void **state)
{
	struct store *s;
	(void)state;
	assert_int_equal(store_open(&s, root, STORE_JOURNAL), 0);
	assert_int_equal(one_number(s, "PRAGMA synchronous"), 2);	/* FULL */
	sqlite3_stmt *st;
	assert_int_equal(store_prepare(s, &st, "PRAGMA journal_mode"), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	store_close(s);
}

static void index_tables_are_made_again_on_a_new_version(void **state)
{
	struct store *s;
	(void)state;
	assert_int_equal(store_open(&s, root, STORE_INDEX), 0);
	assert_int_equal(store_schema(s, "c", 1, "CREATE TABLE IF NOT EXISTS c (a);",
				      "DROP TABLE IF EXISTS c;"), 0);
	assert_int_equal(store_exec(s, "INSERT INTO c VALUES (1)", "c"), 0);
	/* The same version keeps the rows; another one drops them. */
	assert_int_equal(store_schema(s, "c", 1, "CREATE TABLE IF NOT EXISTS c (a);",
				      "DROP TABLE IF EXISTS c;"), 0);
	assert_int_equal(one_number(s, "SELECT count(*) FROM c"), 1);
	assert_int_equal(store_schema(s, "c", 2, "CREATE TABLE IF NOT EXISTS c (a);",
				      "DROP TABLE IF EXISTS c;"), 0);
	assert_int_equal(one_number(s, "SELECT count(*) FROM c"), 0);
	store_close(s);
}

static void a_busy_database_says_so(void **state)
{
	struct store *a, *b;
	(void)state;
	assert_int_equal(store_open(&a, root, STORE_JOURNAL), 0);
	assert_int_equal(store_open(&b, root, STORE_JOURNAL), 0);
	sqlite3_busy_timeout(b->db, 10);
	assert_int_equal(store_exec(a, "BEGIN IMMEDIATE", "a"), 0);
	assert_int_equal(store_exec(b, "BEGIN IMMEDIATE", "cannot write"), CRISIS_ELOCKED);
	assert_non_null(strstr(crisis_error_last(), "in use by another crisis command"));
	assert_int_equal(store_exec(a, "COMMIT", "a"), 0);
	store_close(a);
	store_close(b);
}

TEST_MAIN(
	cmocka_unit_test_setup_teardown(journal_is_migrated_never_dropped, setup, teardown),
	cmocka_unit_test_setup_teardown(a_newer_journal_is_refused, setup, teardown),
	cmocka_unit_test_setup_teardown(a_failed_step_changes_nothing, setup, teardown),
	cmocka_unit_test_setup_teardown(journal_reaches_the_disk_at_each_commit, setup, teardown),
	cmocka_unit_test_setup_teardown(index_tables_are_made_again_on_a_new_version, setup, teardown),
	cmocka_unit_test_setup_teardown(a_busy_database_says_so, setup, teardown),
)
