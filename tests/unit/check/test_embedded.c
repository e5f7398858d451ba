#include "unit.h"
#include "check/embedded.h"

#include <string.h>

static void builtin_schema_is_there(void **state)
{
	struct embedded_file file;
	(void)state;
	assert_int_equal(embedded_find("crisis-plan.xsd", &file), 0);
	assert_true(file.len > 1000);
	assert_non_null(strstr(file.data, "<xs:schema"));
	/* The file is followed by a NUL, so it can be read as a string. */
	assert_int_equal(file.data[file.len], '\0');
	assert_int_equal(embedded_find("nonexistent.xsd", &file), -1);
}

TEST_MAIN(
	cmocka_unit_test(builtin_schema_is_there),
)
