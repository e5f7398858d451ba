#include "unit.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANY 20000

static void empty_map_finds_nothing(void **state)
{
	struct strmap m = STRMAP_INIT;
	(void)state;
	assert_null(strmap_get(&m, "anything"));
	assert_null(strmap_get(&m, ""));
	assert_null(strmap_get(&m, NULL));
	strmap_release(&m);
	assert_int_equal(m.nr, 0);
}

static void put_then_get(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1, b = 2;
	(void)state;
	assert_null(strmap_put(&m, "alice", &a));
	assert_null(strmap_put(&m, "bob", &b));
	assert_ptr_equal(strmap_get(&m, "alice"), &a);
	assert_ptr_equal(strmap_get(&m, "bob"), &b);
	assert_null(strmap_get(&m, "carol"));
	assert_null(strmap_get(&m, "alic"));
	assert_null(strmap_get(&m, "alicee"));
	assert_null(strmap_get(&m, NULL));
	assert_int_equal(m.nr, 2);
	strmap_release(&m);
	assert_null(m.slots);
	assert_int_equal(m.cap, 0);
	assert_null(strmap_get(&m, "alice"));
}

static void put_replaces_and_returns_previous(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1, b = 2;
	char key[] = "role";	/* a different pointer to an equal key */
	(void)state;
	assert_null(strmap_put(&m, "role", &a));
	assert_ptr_equal(strmap_put(&m, key, &b), &a);
	assert_ptr_equal(strmap_get(&m, "role"), &b);
	assert_int_equal(m.nr, 1);
	strmap_release(&m);
}

static void empty_string_is_a_key(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1;
	(void)state;
	assert_null(strmap_put(&m, "", &a));
	assert_ptr_equal(strmap_get(&m, ""), &a);
	assert_null(strmap_get(&m, "x"));
	strmap_release(&m);
}

static void null_value_is_stored(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1;
	(void)state;
	assert_null(strmap_put(&m, "k", NULL));
	assert_int_equal(m.nr, 1);
	assert_null(strmap_put(&m, "k", &a));	/* previous value was NULL */
	assert_int_equal(m.nr, 1);
	assert_ptr_equal(strmap_get(&m, "k"), &a);
	strmap_release(&m);
}

static void keys_are_not_copied(void **state)
{
	struct strmap m = STRMAP_INIT;
	int a = 1;
	char key[] = "same";
	(void)state;
	strmap_put(&m, key, &a);
	/* The map keeps the caller's pointer, wherever the slot is. */
	int found = 0;
	for (size_t i = 0; i < m.cap; i++)
		found += m.slots[i].key == key;
	assert_int_equal(found, 1);
	strmap_release(&m);
}

static char **make_keys(size_t n)
{
	char **keys = malloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		keys[i] = malloc(32);
		snprintf(keys[i], 32, "activity-%zu", i);
	}
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

static void thousands_survive_many_resizes(void **state)
{
	struct strmap m = STRMAP_INIT;
	char **keys = make_keys(MANY);
	size_t resizes = 0, last_cap = 0;
	(void)state;
	for (size_t i = 0; i < MANY; i++) {
		assert_null(strmap_put(&m, keys[i], keys[i]));
		if (m.cap != last_cap) {
			resizes++;
			last_cap = m.cap;
		}
		/* Always at most half full, and a power of two. */
		assert_true(m.nr * 2 <= m.cap);
		assert_int_equal(m.cap & (m.cap - 1), 0);
	}
	assert_in_range(resizes, 10, 20);	/* doubling, not growing by steps */
	assert_int_equal(m.nr, MANY);
	for (size_t i = 0; i < MANY; i++)
		assert_ptr_equal(strmap_get(&m, keys[i]), keys[i]);
	assert_null(strmap_get(&m, "activity-20000"));
	assert_null(strmap_get(&m, "activity-"));
	assert_null(strmap_get(&m, "activity--1"));
	strmap_release(&m);
	free_keys(keys, MANY);
}

static void replacing_after_resizes_keeps_count(void **state)
{
	struct strmap m = STRMAP_INIT;
	char **keys = make_keys(5000);
	int marker;
	(void)state;
	for (size_t i = 0; i < 5000; i++)
		strmap_put(&m, keys[i], keys[i]);
	for (size_t i = 0; i < 5000; i += 2)
		assert_ptr_equal(strmap_put(&m, keys[i], &marker), keys[i]);
	assert_int_equal(m.nr, 5000);
	for (size_t i = 0; i < 5000; i++)
		assert_ptr_equal(strmap_get(&m, keys[i]), i % 2 ? (void *)keys[i] : &marker);
	strmap_release(&m);
	free_keys(keys, 5000);
}

static void colliding_prefixes_stay_distinct(void **state)
{
	struct strmap m = STRMAP_INIT;
	static const char *const keys[] = { "a", "aa", "aaa", "ab", "ba", "b", "A" };
	size_t n = sizeof(keys) / sizeof(*keys);
	(void)state;
	for (size_t i = 0; i < n; i++)
		strmap_put(&m, keys[i], (void *)keys[i]);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(strmap_get(&m, keys[i]), keys[i]);
	assert_int_equal(m.nr, n);
	strmap_release(&m);
}

TEST_MAIN(
	cmocka_unit_test(empty_map_finds_nothing),
	cmocka_unit_test(put_then_get),
	cmocka_unit_test(put_replaces_and_returns_previous),
	cmocka_unit_test(empty_string_is_a_key),
	cmocka_unit_test(null_value_is_stored),
	cmocka_unit_test(keys_are_not_copied),
	cmocka_unit_test(thousands_survive_many_resizes),
	cmocka_unit_test(replacing_after_resizes_keeps_count),
	cmocka_unit_test(colliding_prefixes_stay_distinct),
)
