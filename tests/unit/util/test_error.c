#include "unit.h"
#include "util/error.h"

#include <string.h>

static void errors_keep_the_last_message(void **state)
{
	(void)state;
	crisis_error_clear();
	assert_string_equal(crisis_error_last(), "unknown error");
	assert_int_equal(crisis_error("cannot open '%s'", "x.yaml"), -1);
	assert_string_equal(crisis_error_last(), "cannot open 'x.yaml'");
	assert_int_equal(crisis_error("second"), -1);
	assert_string_equal(crisis_error_last(), "second");
}

static void errors_are_not_truncated_midway(void **state)
{
	char long_name[2000];
	(void)state;
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	crisis_error("cannot open '%s'", long_name);
	/* Cut to the buffer, still a string that starts as written. */
	assert_true(strlen(crisis_error_last()) > 500);
	assert_memory_equal(crisis_error_last(), "cannot open 'xxx", 16);
}

TEST_MAIN(
	cmocka_unit_test(errors_keep_the_last_message),
	cmocka_unit_test(errors_are_not_truncated_midway),
)
