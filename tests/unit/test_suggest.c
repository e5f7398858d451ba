#include "unit.h"
#include "../../lib/suggest.h"

static void distance_counts_edits(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("owner", "owner"), 0);
	assert_int_equal(suggest_distance("titel", "title"), 1);	/* transposition */
	assert_int_equal(suggest_distance("deputy", "deptuy"), 1);
	assert_int_equal(suggest_distance("rto", "rpo"), 1);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

static void best_picks_the_closest(void **state)
{
	const char *keys[] = { "title", "owner", "status", "review" };
	(void)state;
	assert_string_equal(suggest_best("titel", keys, 4), "title");
	assert_string_equal(suggest_best("reveiw", keys, 4), "review");
	assert_null(suggest_best("completely-different", keys, 4));
	/* The exact word is not a suggestion for itself. */
	assert_null(suggest_best("owner", (const char *[]){ "owner" }, 1));
}

TEST_MAIN(
	cmocka_unit_test(distance_counts_edits),
	cmocka_unit_test(best_picks_the_closest),
)
