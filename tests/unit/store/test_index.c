#include "unit.h"
#include "store/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/crisis-cache-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	strcat(root, "/");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void changes_survive_a_reopen(void **state)
{
	struct buf summary = BUF_INIT, json = BUF_INIT;
	(void)state;
	struct cache *c = cache_open(root);
	assert_non_null(c);
	assert_int_equal(cache_get_change(c, "abc", "plans/a.yaml", &summary, &json), 0);
	cache_put_change(c, "abc", "plans/a.yaml", "activity `x`: rto PT4H -> PT2H", "[{\"kind\": \"modified\"}]");
	cache_put_change(c, "abc", "plans/b.yaml", "", "[]");
	cache_close(c);

	c = cache_open(root);
	assert_int_equal(cache_get_change(c, "abc", "plans/a.yaml", &summary, &json), 1);
	assert_string_equal(summary.ptr, "activity `x`: rto PT4H -> PT2H");
	assert_string_equal(json.ptr, "[{\"kind\": \"modified\"}]");
	buf_reset(&summary);
	buf_reset(&json);
	/* An empty change is known, not missing. */
	assert_int_equal(cache_get_change(c, "abc", "plans/b.yaml", &summary, &json), 1);
	assert_string_equal(buf_str(&summary), "");
	assert_int_equal(cache_get_change(c, "abd", "plans/a.yaml", &summary, &json), 0);
	cache_close(c);
	buf_release(&summary);
	buf_release(&json);
}

static void the_index_is_private(void **state)
{
	char path[128];
	struct stat st;
	(void)state;
	cache_close(cache_open(root));
	snprintf(path, sizeof(path), "%s%s/%s", root, CACHE_DIR, CACHE_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s%s", root, CACHE_DIR);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void an_unusable_index_is_no_index(void **state)
{
	struct buf summary = BUF_INIT, json = BUF_INIT;
	(void)state;
	/* A workspace whose .crisis is a file: no index, and no failure either. */
	char path[128];
	snprintf(path, sizeof(path), "%s%s", root, CACHE_DIR);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	struct cache *c = cache_open(root);
	assert_null(c);
	cache_put_change(c, "abc", "p", "s", "[]");
	assert_int_equal(cache_get_change(c, "abc", "p", &summary, &json), 0);
	cache_close(c);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(changes_survive_a_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(an_unusable_index_is_no_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
