#include "unit.h"
#include "util/ptrset.h"

static void set_keeps_every_pointer(void **state)
{
	struct ptrset set = PTRSET_INIT;
	static char ptrs[5000];
	int other;
	(void)state;

	assert_false(ptrset_has(&set, ptrs));
	for (size_t i = 0; i < sizeof(ptrs); i += 2)
		assert_true(ptrset_add(&set, &ptrs[i]));
	assert_int_equal(set.nr, sizeof(ptrs) / 2);
	/* Through every growth, members stay and others stay out. */
	for (size_t i = 0; i < sizeof(ptrs); i++)
		assert_int_equal(ptrset_has(&set, &ptrs[i]), i % 2 == 0);
	/* Adding a member again changes nothing. */
	assert_false(ptrset_add(&set, &ptrs[8]));
	assert_int_equal(set.nr, sizeof(ptrs) / 2);
	assert_false(ptrset_has(&set, &other));
	ptrset_release(&set);
	assert_int_equal(set.nr, 0);
	assert_false(ptrset_has(&set, &ptrs[0]));
}

TEST_MAIN(
	cmocka_unit_test(set_keeps_every_pointer),
)
