#include "unit.h"
#include "store/index.h"
#include "store/store.h"
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
	return unit_tmp_root(root, "index");
}

static int teardown(void **state)
{
	(void)state;
	return unit_rm_root(root);
}

static void changes_survive_a_reopen(void **state)
{
	struct buf summary = BUF_INIT, json = BUF_INIT;
	struct index *ix;
	(void)state;
	assert_int_equal(index_open(&ix, root), 0);
	assert_int_equal(index_get_change(ix, "abc", "plans/a.yaml", &summary, &json), 0);
	assert_int_equal(index_put_change(ix, "abc", "plans/a.yaml", "activity `x`: rto PT4H -> PT2H",
					  "[{\"kind\": \"modified\"}]"), 0);
	assert_int_equal(index_put_change(ix, "abc", "plans/b.yaml", "", "[]"), 0);
	assert_int_equal(index_close(ix), 0);

	assert_int_equal(index_open(&ix, root), 0);
	assert_int_equal(index_get_change(ix, "abc", "plans/a.yaml", &summary, &json), 1);
	assert_string_equal(summary.ptr, "activity `x`: rto PT4H -> PT2H");
	assert_string_equal(json.ptr, "[{\"kind\": \"modified\"}]");
	buf_reset(&summary);
	buf_reset(&json);
	/* An empty change is known, not missing. */
	assert_int_equal(index_get_change(ix, "abc", "plans/b.yaml", &summary, &json), 1);
	assert_string_equal(buf_str(&summary), "");
	assert_int_equal(index_get_change(ix, "abd", "plans/a.yaml", &summary, &json), 0);
	assert_int_equal(index_close(ix), 0);
	buf_release(&summary);
	buf_release(&json);
}

static void the_index_is_private(void **state)
{
	char path[128];
	struct stat st;
	struct index *ix;
	(void)state;
	assert_int_equal(index_open(&ix, root), 0);
	index_close(ix);
	snprintf(path, sizeof(path), "%s%s/%s", root, STORE_DIR, STORE_INDEX_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s%s", root, STORE_DIR);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void an_unusable_index_says_why(void **state)
{
	struct index *ix = (struct index *)1;
	char path[128];
	(void)state;
	/* A workspace whose .crisis is a file: no index, and a message that names it. */
	snprintf(path, sizeof(path), "%s%s", root, STORE_DIR);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_true(index_open(&ix, root) < 0);
	assert_null(ix);
	assert_non_null(strstr(crisis_error_last(), ".crisis"));
	unlink(path);
}

static void the_file_it_replaces_is_removed(void **state)
{
	char path[128];
	struct index *ix;
	(void)state;
	snprintf(path, sizeof(path), "%s%s", root, STORE_DIR);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s%s/crisis.db", root, STORE_DIR);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(index_open(&ix, root), 0);
	assert_int_equal(access(path, F_OK), -1);
	index_close(ix);
}

TEST_MAIN(
	cmocka_unit_test_setup_teardown(changes_survive_a_reopen, setup, teardown),
	cmocka_unit_test_setup_teardown(the_index_is_private, setup, teardown),
	cmocka_unit_test_setup_teardown(an_unusable_index_says_why, setup, teardown),
	cmocka_unit_test_setup_teardown(the_file_it_replaces_is_removed, setup, teardown),
)
