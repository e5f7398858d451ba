#include "unit.h"
#include "plan/versions.h"

#include <string.h>

/* What PLAN@REV asks git for. */
static const char *spec(const char *id, const char *rev)
{
	static struct buf out;
	buf_reset(&out);
	versions_rev_spec(id, rev, &out);
	return buf_str(&out);
}

static void vn_is_the_plans_approval(void **state)
{
	(void)state;
	assert_string_equal(spec("pca-siege", "v3"), "plan/pca-siege/v3");
	assert_string_equal(spec("pca-siege", "v12"), "plan/pca-siege/v12");
}

static void anything_else_is_a_git_revision(void **state)
{
	(void)state;
	assert_string_equal(spec("pca-siege", "HEAD~2"), "HEAD~2");
	assert_string_equal(spec("pca-siege", "v0"), "v0");
	assert_string_equal(spec("pca-siege", "v"), "v");
	assert_string_equal(spec("pca-siege", "v3x"), "v3x");
	assert_string_equal(spec("pca-siege", "v+3"), "v+3");
	assert_string_equal(spec("pca-siege", "version-1"), "version-1");
	assert_string_equal(spec("pca-siege", "3f2a9c1"), "3f2a9c1");
}

TEST_MAIN(
	cmocka_unit_test(vn_is_the_plans_approval),
	cmocka_unit_test(anything_else_is_a_git_revision),
)
