#include "unit.h"
#include "util/suggest.h"

#include <string.h>

static void distance_counts_edits(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("owner", "owner"), 0);
	assert_int_equal(suggest_distance("titel", "title"), 1);	/* transposition */
	assert_int_equal(suggest_distance("deputy", "deptuy"), 1);
	assert_int_equal(suggest_distance("rto", "rpo"), 1);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("abc", ""), 3);
	/* Past the rows kept on the stack: the same distance. */
	char a[200], b[200];
	memset(a, 'x', 150);
	a[150] = '\0';
	memcpy(b, a, 151);
	b[70] = 'y';
	b[149] = '\0';
	assert_int_equal(suggest_distance(a, b), 2);
	assert_int_equal(suggest_distance(b, a), 2);
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
	/* The closest wins wherever it stands; among equals, the first. */
	const char *ids[] = { "c-durand", "c-durant", "c-duran", "c-dupont", "c-durandal" };
	assert_string_equal(suggest_best("c-durann", ids, 5), "c-durand");
	assert_string_equal(suggest_best("c-duranx", ids + 1, 4), "c-durant");
	assert_string_equal(suggest_best("c-duran", ids + 2, 3), "c-dupont");	/* 3 and 3 */
	/* A candidate farther than the limit is none, even when it is the closest. */
	assert_null(suggest_best("abcdef", (const char *[]){ "abwxyz", NULL, "uvwxef" }, 3));
}

TEST_MAIN(
	cmocka_unit_test(distance_counts_edits),
	cmocka_unit_test(best_picks_the_closest),
)
