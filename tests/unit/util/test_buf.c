#include "unit.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

static void empty_buffer_reads_as_empty_string(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_null(b.ptr);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
	assert_null(b.ptr);
}

static void add_nothing_still_terminates(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_add(&b, "", 0);
	assert_non_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_adds(&b, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void adds_appends_in_order(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_adds(&b, "plan");
	buf_addc(&b, '-');
	buf_add(&b, "crisis!!", 6);
	assert_string_equal(buf_str(&b), "plan-crisis");
	assert_int_equal(b.len, 11);
	assert_true(b.alloc > b.len);
	buf_release(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
}

static void add_keeps_embedded_nul(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.ptr, "a\0b", 4);	/* and the terminator */
	buf_release(&b);
}

static void addf_formats(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_addf(&b, "%s=%d", "rto", 15);
	buf_addf(&b, "%s", "");
	buf_addf(&b, " %05.1f%%", 2.5);
	assert_string_equal(buf_str(&b), "rto=15 002.5%");
	assert_int_equal(b.len, strlen("rto=15 002.5%"));
	buf_release(&b);
}

static void addf_empty_result_on_empty_buffer(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void addf_larger_than_the_first_allocation(void **state)
{
	struct buf b = BUF_INIT;
	char big[5000];
	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_adds(&b, "<");
	buf_addf(&b, "%s>%d", big, 42);
	assert_int_equal(b.len, 1 + 4999 + 3);
	assert_int_equal(b.ptr[0], '<');
	assert_int_equal(b.ptr[4999], 'x');
	assert_string_equal(b.ptr + 5000, ">42");
	assert_true(b.alloc > b.len);
	buf_release(&b);
}

static void grows_past_many_resizes(void **state)
{
	struct buf b = BUF_INIT;
	size_t resizes = 0, last_alloc = 0;
	(void)state;
	for (size_t i = 0; i < 100000; i++) {
		buf_addc(&b, (char)('a' + i % 26));
		if (b.alloc != last_alloc) {
			resizes++;
			last_alloc = b.alloc;
		}
		assert_true(b.alloc > b.len);
	}
	/* Past several resizes, but few: the buffer grows geometrically. */
	assert_in_range(resizes, 10, 20);
	assert_int_equal(b.len, 100000);
	assert_int_equal(strlen(b.ptr), 100000);
	for (size_t i = 0; i < 100000; i++)
		if (b.ptr[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %c", i, b.ptr[i]);
	buf_release(&b);
}

static void grow_reserves_without_changing_content(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_adds(&b, "abc");
	buf_grow(&b, 1000);
	assert_true(b.alloc >= 3 + 1000 + 1);
	assert_string_equal(b.ptr, "abc");
	assert_int_equal(b.len, 3);
	char *before = b.ptr;
	size_t alloc = b.alloc;
	buf_grow(&b, 10);	/* already room: no reallocation */
	assert_ptr_equal(b.ptr, before);
	assert_int_equal(b.alloc, alloc);
	buf_release(&b);
}

static void reset_empties_but_keeps_memory(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_reset(&b);	/* nothing allocated yet: must not crash */
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "something long enough");
	size_t alloc = b.alloc;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.alloc, alloc);
	buf_adds(&b, "new");
	assert_string_equal(buf_str(&b), "new");
	buf_release(&b);
}

static void detach_hands_over_the_string(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_adds(&b, "owned");
	char *s = buf_detach(&b);
	assert_string_equal(s, "owned");
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	free(s);

	/* An empty buffer still gives a string the caller can free. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void xstrndup_copies_a_prefix(void **state)
{
	(void)state;
	char *s = xstrndup("incident", 3);
	assert_string_equal(s, "inc");
	free(s);
	s = xstrndup("", 0);
	assert_string_equal(s, "");
	free(s);
	s = xstrdup("full copy");
	assert_string_equal(s, "full copy");
	free(s);
}

static void xalloc_of_zero_is_usable(void **state)
{
	(void)state;
	void *p = xmalloc(0);
	assert_non_null(p);
	p = xrealloc(p, 0);
	assert_non_null(p);
	free(p);
	int *z = xcalloc(4, sizeof(int));
	assert_int_equal(z[0] | z[1] | z[2] | z[3], 0);
	free(z);
	p = xcalloc(0, 0);
	assert_non_null(p);
	free(p);
}

static void alloc_grow_doubles_and_keeps_items(void **state)
{
	int *arr = NULL;
	size_t nr = 0, alloc = 0;
	(void)state;
	ALLOC_GROW(arr, 1, alloc);
	assert_int_equal(alloc, 8);
	for (int i = 0; i < 5000; i++) {
		ALLOC_GROW(arr, nr + 1, alloc);
		assert_true(alloc >= nr + 1);
		arr[nr++] = i;
	}
	for (int i = 0; i < 5000; i++)
		assert_int_equal(arr[i], i);
	/* A jump past double the size takes the size asked for. */
	size_t before = alloc;
	ALLOC_GROW(arr, before * 3, alloc);
	assert_int_equal(alloc, before * 3);
	free(arr);
}

TEST_MAIN(
	cmocka_unit_test(empty_buffer_reads_as_empty_string),
	cmocka_unit_test(add_nothing_still_terminates),
	cmocka_unit_test(adds_appends_in_order),
	cmocka_unit_test(add_keeps_embedded_nul),
	cmocka_unit_test(addf_formats),
	cmocka_unit_test(addf_empty_result_on_empty_buffer),
	cmocka_unit_test(addf_larger_than_the_first_allocation),
	cmocka_unit_test(grows_past_many_resizes),
	cmocka_unit_test(grow_reserves_without_changing_content),
	cmocka_unit_test(reset_empties_but_keeps_memory),
	cmocka_unit_test(detach_hands_over_the_string),
	cmocka_unit_test(xstrndup_copies_a_prefix),
	cmocka_unit_test(xalloc_of_zero_is_usable),
	cmocka_unit_test(alloc_grow_doubles_and_keeps_items),
)
