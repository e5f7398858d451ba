#include "unit.h"
#include "drill/command.h"

#include <string.h>

/* Parse a line the console would take (no time), which must be good. */
static void good(struct command *c, const char *line)
{
	if (command_parse(c, line, false, true) < 0)
		fail_msg("'%s' refused at column %zu: %s", line, c->column, c->error);
	assert_null(c->error);
}

/* Parse a line that must be refused at `column`, its error saying `why`. */
static void bad_at(const char *line, bool timed, bool untimed, size_t column, const char *why,
		   const char *file, int at)
{
	struct command c;
	int ret = command_parse(&c, line, timed, untimed);
	if (ret != -1) {
		command_release(&c);
		print_error("'%s' was accepted\n", line);
		_fail(file, at);
	}
	if (!c.error || !strstr(c.error, why)) {
		print_error("'%s': error \"%s\" does not say '%s'\n", line, c.error ? c.error : "(null)",
			    why);
		_fail(file, at);
	}
	if (c.column != column) {
		print_error("'%s': column %zu, not %zu\n", line, c.column, column);
		_fail(file, at);
	}
	/* Refused: nothing left to free, and releasing again is harmless. */
	assert_null(c.ev.inject);
	assert_null(c.ev.expect);
	assert_null(c.ev.rating);
	assert_null(c.ev.text);
	assert_null(c.ev.by);
	assert_null(c.ev.why);
	command_release(&c);
}

#define bad(line, column, why) bad_at(line, false, true, column, why, __FILE__, __LINE__)
#define bad_script(line, column, why) bad_at(line, true, false, column, why, __FILE__, __LINE__)

static void done_lines(void **state)
{
	struct command c;
	(void)state;
	good(&c, "done e-alert P");
	assert_int_equal(c.kind, CMD_EVENT);
	assert_int_equal(c.ev.type, EV_DONE);
	assert_string_equal(c.ev.expect, "e-alert");
	assert_string_equal(c.ev.rating, "P");
	assert_null(c.ev.text);
	assert_null(c.ev.inject);
	assert_int_equal(c.at, -1);
	command_release(&c);
	assert_null(c.ev.expect);
	assert_null(c.ev.rating);

	good(&c, "d e-alert U cellule   réunie  en retard  ");
	assert_int_equal(c.ev.type, EV_DONE);
	assert_string_equal(c.ev.rating, "U");
	/* The text as typed, its inner spacing kept, without the trailing blanks. */
	assert_string_equal(c.ev.text, "cellule   réunie  en retard");
	command_release(&c);

	good(&c, "  do\te-alert\tS \"well \\\"done\\\" indeed\"");
	assert_int_equal(c.ev.type, EV_DONE);
	assert_string_equal(c.ev.expect, "e-alert");
	assert_string_equal(c.ev.rating, "S");
	assert_string_equal(c.ev.text, "well \"done\" indeed");
	command_release(&c);
}

static void note_lines(void **state)
{
	struct command c;
	(void)state;
	good(&c, "note pompiers   sur place");
	assert_int_equal(c.kind, CMD_EVENT);
	assert_int_equal(c.ev.type, EV_NOTE);
	assert_string_equal(c.ev.text, "pompiers   sur place");
	command_release(&c);

	good(&c, "n \"a \\\"quoted\\\" text\"");
	assert_int_equal(c.ev.type, EV_NOTE);
	assert_string_equal(c.ev.text, "a \"quoted\" text");
	command_release(&c);

	/* A backslash before a backslash is one backslash. */
	good(&c, "no \"C:\\\\crise\"");
	assert_int_equal(c.ev.type, EV_NOTE);
	assert_string_equal(c.ev.text, "C:\\crise");
	command_release(&c);

	/* Several words, one of them quoted: the line as typed. */
	good(&c, "note it said \"stop\" twice");
	assert_string_equal(c.ev.text, "it said \"stop\" twice");
	command_release(&c);
}

/* A quoted last word with \" inside, among other words: the line as typed, to its end. */
static void note_ending_with_an_escaped_quote(void **state)
{
	struct command c;
	(void)state;
	good(&c, "note he said \"go \\\"now\\\"\"");
	char *text = c.ev.text;
	c.ev.text = NULL;
	command_release(&c);
	owned_is(text, "he said \"go \\\"now\\\"\"");
}

static void decision_lines(void **state)
{
	struct command c;
	(void)state;
	good(&c, "decision évacuer  le site by directeur-crise why fumées   toxiques");
	assert_int_equal(c.ev.type, EV_DECISION);
	assert_string_equal(c.ev.text, "évacuer  le site");
	assert_string_equal(c.ev.by, "directeur-crise");
	assert_string_equal(c.ev.why, "fumées   toxiques");
	command_release(&c);

	/* A unique prefix. */
	good(&c, "dec fermer l'usine");
	assert_int_equal(c.ev.type, EV_DECISION);
	assert_string_equal(c.ev.text, "fermer l'usine");
	assert_null(c.ev.by);
	assert_null(c.ev.why);
	command_release(&c);

	good(&c, "decision fermer why le feu");
	assert_string_equal(c.ev.text, "fermer");
	assert_null(c.ev.by);
	assert_string_equal(c.ev.why, "le feu");
	command_release(&c);

	/* `by` and `why` inside quotes are text. */
	good(&c, "decision \"stop by the gate, why not\" by communicant");
	assert_string_equal(c.ev.text, "stop by the gate, why not");
	assert_string_equal(c.ev.by, "communicant");
	assert_null(c.ev.why);
	command_release(&c);

	/* After `why`, a `by` is part of the reason. */
	good(&c, "decision rester why asked by the mayor");
	assert_string_equal(c.ev.text, "rester");
	assert_null(c.ev.by);
	assert_string_equal(c.ev.why, "asked by the mayor");
	command_release(&c);
}

static void publish_skip_role(void **state)
{
	struct command c;
	(void)state;
	good(&c, "publish i-relance");
	assert_int_equal(c.ev.type, EV_INJECT);
	assert_string_equal(c.ev.inject, "i-relance");
	assert_null(c.ev.expect);
	command_release(&c);

	good(&c, "p i-relance");
	assert_int_equal(c.ev.type, EV_INJECT);
	assert_string_equal(c.ev.inject, "i-relance");
	command_release(&c);

	good(&c, "pub i-relance");
	assert_int_equal(c.ev.type, EV_INJECT);
	command_release(&c);

	good(&c, "skip i-clients no  time left");
	assert_int_equal(c.ev.type, EV_SKIP);
	assert_string_equal(c.ev.inject, "i-clients");
	assert_string_equal(c.ev.why, "no  time left");
	command_release(&c);

	good(&c, "s e-liste");
	assert_int_equal(c.ev.type, EV_SKIP);
	assert_string_equal(c.ev.inject, "e-liste");
	assert_null(c.ev.why);
	command_release(&c);

	good(&c, "role directeur-crise c-aubert");
	assert_int_equal(c.ev.type, EV_ROLE);
	assert_string_equal(c.ev.text, "directeur-crise");
	assert_string_equal(c.ev.by, "c-aubert");
	command_release(&c);

	good(&c, "r communicant c-morel");
	assert_int_equal(c.ev.type, EV_ROLE);
	assert_string_equal(c.ev.text, "communicant");
	assert_string_equal(c.ev.by, "c-morel");
	command_release(&c);

	good(&c, "ro communicant c-morel");
	assert_int_equal(c.ev.type, EV_ROLE);
	command_release(&c);
}

static void bare_commands(void **state)
{
	static const struct {
		const char *line;
		enum command_kind kind;
		enum run_event_type type;
	} cases[] = {
		{ "pause", CMD_EVENT, EV_PAUSE },
		{ "pa", CMD_EVENT, EV_PAUSE },
		{ "resume", CMD_EVENT, EV_RESUME },
		{ "res", CMD_EVENT, EV_RESUME },
		{ "end", CMD_EVENT, EV_END },
		{ "e", CMD_EVENT, EV_END },
		{ "  end  ", CMD_EVENT, EV_END },
		{ "quit", CMD_QUIT, EV_END },
		{ "q", CMD_QUIT, EV_END },
		{ "qu", CMD_QUIT, EV_END },
		{ "help", CMD_HELP, EV_END },
		{ "?", CMD_HELP, EV_END },
		{ "he", CMD_HELP, EV_END },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct command c;
		good(&c, cases[i].line);
		if (c.kind != cases[i].kind || (c.kind == CMD_EVENT && c.ev.type != cases[i].type))
			fail_msg("'%s': kind %d type %d", cases[i].line, c.kind, c.ev.type);
		assert_null(c.ev.text);
		assert_null(c.ev.why);
		command_release(&c);
	}
}

/* The one-letter aliases win over the prefixes they share (d: done, not decision). */
static void aliases(void **state)
{
	static const struct {
		const char *line;
		enum run_event_type type;
	} cases[] = {
		{ "d e-x P", EV_DONE },
		{ "n x", EV_NOTE },
		{ "p i-x", EV_INJECT },
		{ "s i-x", EV_SKIP },
		{ "r a b", EV_ROLE },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct command c;
		good(&c, cases[i].line);
		assert_int_equal(c.kind, CMD_EVENT);
		if (c.ev.type != cases[i].type)
			fail_msg("'%s': type %d, not %d", cases[i].line, c.ev.type, cases[i].type);
		command_release(&c);
	}
}

static void times(void **state)
{
	struct command c;
	(void)state;
	assert_int_equal(command_parse(&c, "+01:02:03 note x", true, false), 0);
	assert_int_equal(c.at, 3723000);
	assert_int_equal(c.ev.type, EV_NOTE);
	assert_string_equal(c.ev.text, "x");
	command_release(&c);

	assert_int_equal(command_parse(&c, "  +00:00:00\tpause", true, false), 0);
	assert_int_equal(c.at, 0);
	assert_int_equal(c.ev.type, EV_PAUSE);
	command_release(&c);

	/* Hours past 99. */
	assert_int_equal(command_parse(&c, "+100:00:59 end", true, true), 0);
	assert_int_equal(c.at, (100 * 3600 + 59) * 1000LL);
	command_release(&c);

	/* Both allowed: with or without a time. */
	assert_int_equal(command_parse(&c, "note x", true, true), 0);
	assert_int_equal(c.at, -1);
	command_release(&c);
}

static void blank_and_comment_lines(void **state)
{
	static const char *const lines[] = { "", "   ", "\t", "# a comment", "   # indented", "#" };
	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		struct command c;
		/* Whatever is allowed, as a script or typed. */
		assert_int_equal(command_parse(&c, lines[i], true, false), 0);
		assert_int_equal(c.kind, CMD_NONE);
		assert_null(c.error);
		command_release(&c);
		assert_int_equal(command_parse(&c, lines[i], false, true), 0);
		assert_int_equal(c.kind, CMD_NONE);
		command_release(&c);
	}
}

static void bad_times(void **state)
{
	(void)state;
	bad_script("+5:00 note x", 1, "a time is +HH:MM:SS");
	bad_script("   +5:00 note x", 4, "a time is +HH:MM:SS");
	bad_script("+00:61:00 note x", 1, "minutes and seconds under 60");
	bad_script("+00:00:60 note x", 1, "a time is +HH:MM:SS");
	bad_script("+00:01:00note x", 1, "a time is +HH:MM:SS");
	bad_script("+:01:00 note x", 1, "a time is +HH:MM:SS");
	/* A time and nothing after it. */
	bad_script("+00:01:00", 10, "a time, then a command");
}

static void untimed_line_in_a_script(void **state)
{
	(void)state;
	bad_script("note x", 1, "starts with its time");
	bad_script("   note x", 4, "starts with its time");
}

/* A time where none is taken is reported where the time is. */
static void timed_line_at_the_console(void **state)
{
	(void)state;
	bad("+00:01:00 note x", 1, "no time here");
	bad("  +00:01:00 note x", 3, "no time here");
}

static void bad_commands(void **state)
{
	(void)state;
	bad("frobnicate x", 1, "unknown command");
	bad("   frob", 4, "unknown command");
	bad_script("+00:00:01 frob", 11, "unknown command");
	/* Not a prefix: longer than the name. */
	bad("ends", 1, "unknown command");
	bad("\"\" x", 1, "unknown command");
	bad("DONE e-x P", 1, "unknown command");
}

static void bad_arguments(void **state)
{
	(void)state;
	bad("done e-alert", 1, "done EXPECT RATING");
	bad("  d", 3, "done EXPECT RATING");
	bad("done e-alert X", 14, "the rating is P");
	bad("done e-alert PS", 14, "the rating is P");
	bad("done e-alert p", 14, "the rating is P");
	bad("note", 1, "note TEXT");
	bad("publish", 1, "publish INJECT");
	bad("publish i-a i-b", 13, "publish INJECT");
	bad("skip", 1, "skip INJECT|EXPECT");
	bad("role directeur-crise", 1, "role ROLE PARTY");
	bad("role directeur-crise c-aubert c-morel", 31, "role ROLE PARTY");
	bad("decision", 1, "say what was decided");
	bad("decision by c-aubert", 1, "say what was decided");
	bad("decision close by", 16, "name one party");
	bad("decision close by a b", 16, "name one party");
	bad("decision close why", 16, "say why");
	bad("pause now", 7, "takes nothing after it");
	bad("resume  please", 9, "takes nothing after it");
	bad("end x", 5, "takes nothing after it");
	bad("quit now", 6, "takes nothing after it");
	bad("help me", 6, "takes nothing after it");
}

static void unclosed_quotes(void **state)
{
	(void)state;
	bad("note \"abc", 6, "a quote is not closed");
	bad("note abc \"def ghi", 10, "a quote is not closed");
	bad("note \"abc\\\"", 6, "a quote is not closed");
	bad("done e-x P \"ok", 12, "a quote is not closed");
}

TEST_MAIN(
	cmocka_unit_test(done_lines),
	cmocka_unit_test(note_lines),
	cmocka_unit_test(note_ending_with_an_escaped_quote),
	cmocka_unit_test(decision_lines),
	cmocka_unit_test(publish_skip_role),
	cmocka_unit_test(bare_commands),
	cmocka_unit_test(aliases),
	cmocka_unit_test(times),
	cmocka_unit_test(blank_and_comment_lines),
	cmocka_unit_test(bad_times),
	cmocka_unit_test(untimed_line_in_a_script),
	cmocka_unit_test(timed_line_at_the_console),
	cmocka_unit_test(bad_commands),
	cmocka_unit_test(bad_arguments),
	cmocka_unit_test(unclosed_quotes),
)
