/* What every unit test includes: cmocka, the mocks, and TEST_MAIN. */
#ifndef CRISIS_TEST_UNIT_H
#define CRISIS_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mock.h"

/* main() running the listed tests: TEST_MAIN(cmocka_unit_test(a), ...). */
#define TEST_MAIN(...) \
	int main(void) \
	{ \
		const struct CMUnitTest tests[] = { __VA_ARGS__ }; \
		return cmocka_run_group_tests(tests, NULL, NULL); \
	}

#endif
