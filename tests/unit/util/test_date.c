#include "unit.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/duration.h"

#include <time.h>

#define MIN 60
#define HOUR 3600
#define DAY 86400

/* Days since 1970-01-01 of a date that must parse. */
static int64_t day(const char *s)
{
	int64_t d = -1;
	if (date_parse(s, &d) < 0)
		fail_msg("date '%s' did not parse", s);
	return d;
}

/* date_add_duration(date, duration) written back as YYYY-MM-DD. */
static const char *added(const char *date, const char *duration)
{
	static char out[11];
	date_format(date_add_duration(day(date), duration), out);
	return out;
}

static const char *human(int64_t secs)
{
	static char out[64];
	struct buf b = BUF_INIT;
	duration_human(&b, secs);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void duration_single_units(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("PT15M"), 900);
	assert_int_equal(duration_parse("PT3H"), 3 * HOUR);
	assert_int_equal(duration_parse("PT45S"), 45);
	assert_int_equal(duration_parse("P2D"), 2 * DAY);
	assert_int_equal(duration_parse("P1W"), 7 * DAY);
	assert_int_equal(duration_parse("P1M"), 30 * DAY);
	assert_int_equal(duration_parse("P12M"), 360 * DAY);
	assert_int_equal(duration_parse("P1Y"), 365 * DAY);
	assert_int_equal(duration_parse("PT0S"), 0);
	assert_int_equal(duration_parse("P0D"), 0);
}

static void duration_minutes_and_months_share_a_letter(void **state)
{
	(void)state;
	/* M before T is months, after T minutes. */
	assert_int_equal(duration_parse("P1M"), 30 * DAY);
	assert_int_equal(duration_parse("PT1M"), MIN);
	assert_int_equal(duration_parse("P1MT1M"), 30 * DAY + MIN);
}

static void duration_combined_units(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("PT1H30M"), HOUR + 30 * MIN);
	assert_int_equal(duration_parse("PT1H30M15S"), HOUR + 30 * MIN + 15);
	assert_int_equal(duration_parse("P1Y2M"), 365 * DAY + 60 * DAY);
	assert_int_equal(duration_parse("P1DT12H"), DAY + 12 * HOUR);
	assert_int_equal(duration_parse("P1Y2M3DT4H5M6S"),
			 365 * DAY + 60 * DAY + 3 * DAY + 4 * HOUR + 5 * MIN + 6);
	assert_int_equal(duration_parse("PT90M"), 90 * MIN);
	assert_int_equal(duration_parse("PT36H"), 36 * HOUR);
}

static void duration_surrounding_space_is_ignored(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("  PT15M"), 900);
	assert_int_equal(duration_parse("PT15M \n"), 900);
	assert_int_equal(duration_parse("P 1D"), -1);
	assert_int_equal(duration_parse("PT15M x"), -1);
}

static void duration_fractions_of_seconds_are_dropped(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("PT1.5S"), 1);
	assert_int_equal(duration_parse("PT90.999S"), 90);
	assert_int_equal(duration_parse("PT0,5S"), 0);
	assert_int_equal(duration_parse("PT1M0.5S"), MIN);
	/* A fraction needs its unit and a whole part. */
	assert_int_equal(duration_parse("PT1.5"), -1);
	assert_int_equal(duration_parse("PT.5S"), -1);
}

static void duration_rejects_what_is_not_one(void **state)
{
	(void)state;
	assert_int_equal(duration_parse(NULL), -1);
	assert_int_equal(duration_parse(""), -1);
	assert_int_equal(duration_parse("   "), -1);
	assert_int_equal(duration_parse("P"), -1);
	assert_int_equal(duration_parse("PT"), -1);
	assert_int_equal(duration_parse("P1DT"), -1);
	assert_int_equal(duration_parse("1H"), -1);
	assert_int_equal(duration_parse("15"), -1);
	assert_int_equal(duration_parse("p1d"), -1);
	assert_int_equal(duration_parse("P1H"), -1);		/* hours need T */
	assert_int_equal(duration_parse("PT1D"), -1);		/* days must not follow T */
	assert_int_equal(duration_parse("PT1Y"), -1);
	assert_int_equal(duration_parse("-PT1H"), -1);		/* not negative */
	assert_int_equal(duration_parse("P-1D"), -1);
	assert_int_equal(duration_parse("PD"), -1);		/* a unit needs a number */
	assert_int_equal(duration_parse("PTH"), -1);
	assert_int_equal(duration_parse("P1"), -1);		/* a number needs a unit */
	assert_int_equal(duration_parse("P1X"), -1);
	assert_int_equal(duration_parse("PT1H1H"), -1);
	assert_int_equal(duration_parse("PT1HT1M"), -1);
	assert_int_equal(duration_parse("15 minutes"), -1);
	assert_int_equal(duration_parse("garbage"), -1);
}

static void duration_units_must_come_in_order(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("P1M2Y"), -1);
	assert_int_equal(duration_parse("P1D1W"), -1);
	assert_int_equal(duration_parse("P1D1M"), -1);
	assert_int_equal(duration_parse("PT1M1H"), -1);
	assert_int_equal(duration_parse("PT1S1M"), -1);
	assert_int_equal(duration_parse("P1D1D"), -1);
}

static void duration_huge_numbers_are_refused(void **state)
{
	(void)state;
	assert_int_equal(duration_parse("P99999999999999999999Y"), -1);
	assert_int_equal(duration_parse("PT99999999999999999999S"), -1);
	/* A large but sane value still works. */
	assert_int_equal(duration_parse("P1000Y"), (int64_t)1000 * 365 * DAY);
}

static void human_durations(void **state)
{
	(void)state;
	assert_string_equal(human(0), "0 min");
	assert_string_equal(human(-5), "0 min");
	assert_string_equal(human(45), "45 s");
	assert_string_equal(human(900), "15 min");
	assert_string_equal(human(HOUR + 30 * MIN), "1 h 30 min");
	assert_string_equal(human(2 * DAY), "2 d");
	assert_string_equal(human(DAY + 1), "1 d 1 s");
	assert_string_equal(human(DAY + HOUR + MIN + 1), "1 d 1 h 1 min 1 s");
}

static void date_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("1970-01-02"), 1);
	assert_int_equal(day("1969-12-31"), -1);
	assert_int_equal(day("2000-03-01"), 11017);
	assert_int_equal(day("2026-01-01"), 20454);
	assert_int_equal(day("2026-03-01") - day("2026-02-28"), 1);
	assert_int_equal(day("2024-03-01") - day("2024-02-28"), 2);
	assert_int_equal(day("2027-01-01") - day("2026-01-01"), 365);
	assert_int_equal(day("2025-01-01") - day("2024-01-01"), 366);
}

static void date_leap_years(void **state)
{
	int64_t d;
	(void)state;
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_equal(date_parse("2000-02-29", &d), 0);	/* divisible by 400 */
	assert_int_equal(date_parse("2026-02-29", &d), -1);
	assert_int_equal(date_parse("1900-02-29", &d), -1);	/* divisible by 100 */
	assert_int_equal(date_parse("2100-02-29", &d), -1);
	assert_int_equal(date_parse("2024-02-30", &d), -1);
}

static void date_rejects_impossible_dates(void **state)
{
	int64_t d = 12345;
	(void)state;
	assert_int_equal(date_parse("2026-13-01", &d), -1);
	assert_int_equal(date_parse("2026-00-10", &d), -1);
	assert_int_equal(date_parse("2026-01-00", &d), -1);
	assert_int_equal(date_parse("2026-01-32", &d), -1);
	assert_int_equal(date_parse("2026-04-31", &d), -1);
	assert_int_equal(date_parse("2026-1-01", &d), -1);
	assert_int_equal(date_parse("2026-01-1", &d), -1);
	assert_int_equal(date_parse("26-01-01", &d), -1);
	assert_int_equal(date_parse("2026/01/01", &d), -1);
	assert_int_equal(date_parse("20260101", &d), -1);
	assert_int_equal(date_parse("", &d), -1);
	assert_int_equal(date_parse("tomorrow", &d), -1);
	assert_int_equal(date_parse(NULL, &d), -1);
	/* A failed parse leaves the result alone. */
	assert_int_equal(d, 12345);
}

static void date_may_carry_a_time_zone(void **state)
{
	(void)state;
	assert_int_equal(day("2026-03-01Z"), day("2026-03-01"));
	assert_int_equal(day("2026-03-01+02:00"), day("2026-03-01"));
	assert_int_equal(day(" 2026-03-01"), day("2026-03-01"));
}

static void date_format_round_trips(void **state)
{
	static const char *const dates[] = {
		"1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2024-12-31",
		"2026-01-31", "2026-11-22", "1600-03-01", "9999-12-31", "0001-01-01",
	};
	char out[11];
	(void)state;
	for (size_t i = 0; i < sizeof(dates) / sizeof(*dates); i++) {
		date_format(day(dates[i]), out);
		assert_string_equal(out, dates[i]);
	}
	/* Every day for eight years, across two leap days. */
	int64_t start = day("2023-01-01");
	for (int64_t d = start; d < start + 8 * 366; d++) {
		int64_t back;
		date_format(d, out);
		assert_int_equal(date_parse(out, &back), 0);
		assert_int_equal(back, d);
	}
}

static void add_days_and_weeks(void **state)
{
	(void)state;
	assert_string_equal(added("2026-02-27", "P2D"), "2026-03-01");
	assert_string_equal(added("2024-02-28", "P2D"), "2024-03-01");
	assert_string_equal(added("2026-12-31", "P1D"), "2027-01-01");
	assert_string_equal(added("2026-01-01", "P1W"), "2026-01-08");
	assert_string_equal(added("2026-01-01", "P2W3D"), "2026-01-18");
}

static void add_months_clamps_the_day(void **state)
{
	(void)state;
	assert_string_equal(added("2026-01-31", "P1M"), "2026-02-28");
	assert_string_equal(added("2024-01-31", "P1M"), "2024-02-29");
	assert_string_equal(added("2026-03-31", "P1M"), "2026-04-30");
	assert_string_equal(added("2026-01-15", "P6M"), "2026-07-15");
	assert_string_equal(added("2026-08-31", "P6M"), "2027-02-28");
	assert_string_equal(added("2026-11-30", "P3M"), "2027-02-28");
	assert_string_equal(added("2026-12-15", "P1M"), "2027-01-15");
}

static void add_twelve_months_is_a_year(void **state)
{
	(void)state;
	assert_string_equal(added("2026-05-10", "P12M"), "2027-05-10");
	assert_string_equal(added("2026-05-10", "P1Y"), "2027-05-10");
	assert_string_equal(added("2024-02-29", "P1Y"), "2025-02-28");
	assert_string_equal(added("2024-02-29", "P12M"), "2025-02-28");
	assert_string_equal(added("2024-02-29", "P4Y"), "2028-02-29");
	assert_string_equal(added("2026-01-31", "P1Y1M"), "2027-02-28");
	assert_string_equal(added("2026-01-01", "P24M"), "2028-01-01");
}

static void add_calendar_then_days(void **state)
{
	(void)state;
	/* The month moves first (and clamps), then the days are counted. */
	assert_string_equal(added("2026-01-31", "P1M1D"), "2026-03-01");
	assert_string_equal(added("2026-01-10", "P1DT36H"), "2026-01-12");
	assert_string_equal(added("2026-01-10", "PT36H"), "2026-01-11");
	assert_string_equal(added("2026-01-10", "PT12H"), "2026-01-10");
}

static void add_nothing_for_no_duration(void **state)
{
	int64_t d = day("2026-06-15");
	(void)state;
	assert_int_equal(date_add_duration(d, NULL), d);
	assert_int_equal(date_add_duration(d, ""), d);
	assert_int_equal(date_add_duration(d, "garbage"), d);
	assert_int_equal(date_add_duration(d, "P0D"), d);
}

static void add_agrees_with_parse_on_fractions(void **state)
{
	int64_t d = day("2026-06-15");
	(void)state;
	/*
	 * duration_parse drops the fraction of P1.5D (one day); adding it to a
	 * date must not read the fraction's digits as days of their own.
	 */
	assert_int_equal(duration_parse("P1.5D"), DAY);
	assert_int_equal(date_add_duration(d, "P1.5D"), d + 1);
}

static void today_is_near_the_system_clock(void **state)
{
	(void)state;
	int64_t utc_days = (int64_t)time(NULL) / DAY;
	int64_t today = date_today();
	/* Local time is at most a day away from UTC. */
	assert_in_range(today, utc_days - 1, utc_days + 1);
}

static void duration_in_milliseconds(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_int_equal(duration_parse_ms("PT12M34.567S"), 754567);
	assert_int_equal(duration_parse_ms("PT0.5H"), 1800000);
	assert_int_equal(duration_parse_ms("PT1.0004S"), 1000);
	assert_int_equal(duration_parse_ms("PT0S"), 0);
	assert_int_equal(duration_parse_ms("P1DT1S"), 86401000);
	assert_int_equal(duration_parse_ms("12M"), -1);
	/* Whole seconds drop fractions as before. */
	assert_int_equal(duration_parse("PT1.9S"), 1);
	assert_int_equal(duration_parse("PT0.5H"), 0);
	static const struct { int64_t ms; const char *text; } back[] = {
		{ 0, "PT0S" }, { 1, "PT0.001S" }, { 754567, "PT12M34.567S" },
		{ 3600000, "PT1H" }, { 3720000, "PT1H2M" }, { 90061005, "PT25H1M1.005S" },
	};
	for (size_t i = 0; i < sizeof(back) / sizeof(*back); i++) {
		buf_reset(&b);
		duration_format_ms(&b, back[i].ms);
		assert_string_equal(buf_str(&b), back[i].text);
		assert_int_equal(duration_parse_ms(buf_str(&b)), back[i].ms);
	}
	buf_reset(&b);
	duration_clock(&b, 3723999);
	assert_string_equal(buf_str(&b), "01:02:03");
	buf_reset(&b);
	duration_clock(&b, -5000);
	assert_string_equal(buf_str(&b), "-00:00:05");
	buf_release(&b);
}

static char *words(const char *iso, bool fr)
{
	struct buf b = BUF_INIT;
	duration_words(&b, iso, fr);
	return buf_detach(&b);
}

static void duration_words_as_people_say_them(void **state)
{
	(void)state;
	owned_is(words("PT4H", false), "4 h");
	owned_is(words("PT1H30M", true), "1 h 30 min");
	owned_is(words("PT15M", false), "15 min");
	owned_is(words("P2D", false), "2 days");
	owned_is(words("P2D", true), "2 jours");
	owned_is(words("P1D", true), "1 jour");
	owned_is(words("P1DT12H", false), "1 day 12 h");
	/* A month stays a month: P12M is not 360 days. */
	owned_is(words("P12M", true), "12 mois");
	owned_is(words("P1Y", false), "1 year");
	owned_is(words("P2Y", true), "2 ans");
	owned_is(words("P1W", false), "1 week");
	owned_is(words("P1.5D", true), "1.5 jour");
	owned_is(words("P1.5D", false), "1.5 days");
	/* What is no duration is written as it is, never dropped. */
	owned_is(words("soon", false), "soon");
	owned_is(words("P", false), "P");
	owned_is(words(NULL, false), "");
}

TEST_MAIN(
	cmocka_unit_test(duration_words_as_people_say_them),
	cmocka_unit_test(duration_in_milliseconds),
	cmocka_unit_test(duration_single_units),
	cmocka_unit_test(duration_minutes_and_months_share_a_letter),
	cmocka_unit_test(duration_combined_units),
	cmocka_unit_test(duration_surrounding_space_is_ignored),
	cmocka_unit_test(duration_fractions_of_seconds_are_dropped),
	cmocka_unit_test(duration_rejects_what_is_not_one),
	cmocka_unit_test(duration_units_must_come_in_order),
	cmocka_unit_test(duration_huge_numbers_are_refused),
	cmocka_unit_test(human_durations),
	cmocka_unit_test(date_epoch_and_known_days),
	cmocka_unit_test(date_leap_years),
	cmocka_unit_test(date_rejects_impossible_dates),
	cmocka_unit_test(date_may_carry_a_time_zone),
	cmocka_unit_test(date_format_round_trips),
	cmocka_unit_test(add_days_and_weeks),
	cmocka_unit_test(add_months_clamps_the_day),
	cmocka_unit_test(add_twelve_months_is_a_year),
	cmocka_unit_test(add_calendar_then_days),
	cmocka_unit_test(add_nothing_for_no_duration),
	cmocka_unit_test(add_agrees_with_parse_on_fractions),
	cmocka_unit_test(today_is_near_the_system_clock),
)
