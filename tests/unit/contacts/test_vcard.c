#include "unit.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "contacts/vcard.h"

#include <stdlib.h>
#include <string.h>

/* Parse from a heap copy of exactly `len` bytes: ASan sees any over-read. */
static int parse(const char *s, size_t len, struct vcard_list *l)
{
	char *copy = calloc(len ? len : 1, 1);
	memcpy(copy, s, len);
	int ret = vcard_parse(copy, len, l);
	free(copy);
	return ret;
}

#define PARSE(lit, l) parse((lit), sizeof(lit) - 1, (l))

/* Undo the folding: drop every CRLF followed by a space. */
static char *unfold(const char *s)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ')
			s += 2;
		else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/* s is one content line folded: every physical line ends in CRLF, holds at
 * most 75 octets and is valid UTF-8 on its own; the next ones start with a
 * space. */
static void assert_folded(const char *s)
{
	for (const char *first = s; *s;) {
		const char *e = strstr(s, "\r\n");
		assert_non_null(e);
		assert_true(e - s <= 75);
		assert_true(s == first || s[0] == ' ');
		for (const char *p = s; p < e; p += utf8_valid_len_n(p, (size_t)(e - p)))
			assert_int_not_equal(utf8_valid_len_n(p, (size_t)(e - p)), 0);
		s = e + 2;
	}
}

static void text_escapes_each_special_character(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	vcard_text(&b, "NOTE", NULL, "a\\b,c;d\ne\r\nf\rg");
	assert_string_equal(buf_str(&b), "NOTE:a\\\\b\\,c\\;d\\ne\\nf\\ng\r\n");
	buf_release(&b);
}

static void params_and_raw_values_are_written_as_given(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	vcard_raw(&b, "TEL", "VALUE=uri;TYPE=cell", "tel:+33612345678");
	vcard_raw(&b, "URL", "", "https://x.example/a,b;c");
	vcard_raw(&b, "X-A", NULL, "one\r\ntwo");
	assert_string_equal(buf_str(&b),
			    "TEL;VALUE=uri;TYPE=cell:tel:+33612345678\r\n"
			    "URL:https://x.example/a,b;c\r\n"
			    "X-A:one  two\r\n");
	buf_release(&b);
}

static void begin_and_end_frame_a_4_0_card(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	vcard_begin(&b);
	vcard_text(&b, "FN", NULL, "Jean");
	vcard_end(&b);
	assert_string_equal(buf_str(&b),
			    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jean\r\nEND:VCARD\r\n");
	buf_release(&b);
}

static void param_add_quotes_and_carets(void **state)
{
	struct buf p = BUF_INIT;
	(void)state;
	vcard_param_add(&p, "TYPE", "work");
	vcard_param_add(&p, "LABEL", "1 rue X, Paris; FR");
	vcard_param_add(&p, "X-Q", "say \"hi\"^\nbye");
	assert_string_equal(buf_str(&p),
			    "TYPE=work;LABEL=\"1 rue X, Paris; FR\";X-Q=say ^'hi^'^^^nbye");
	buf_release(&p);
}

static void long_lines_fold_at_75_octets(void **state)
{
	struct buf b = BUF_INIT;
	char text[201];
	(void)state;
	memset(text, 'x', 200);
	text[200] = '\0';
	vcard_text(&b, "NOTE", NULL, text);
	/* 5 + 200 octets: 75, then 1 + 74, then 1 + 56. */
	assert_int_equal(b.len, 75 + 2 + 75 + 2 + 57 + 2);
	assert_memory_equal(b.ptr + 75, "\r\n x", 4);
	assert_memory_equal(b.ptr + 75 + 2 + 75, "\r\n x", 4);
	assert_folded(buf_str(&b));
	char *back = unfold(buf_str(&b));
	assert_memory_equal(back, "NOTE:", 5);
	assert_memory_equal(back + 5, text, 200);
	assert_string_equal(back + 205, "\r\n");
	free(back);
	buf_release(&b);
}

static void a_line_of_exactly_75_octets_is_not_folded(void **state)
{
	struct buf b = BUF_INIT;
	char text[71];
	(void)state;
	memset(text, 'y', 70);
	text[70] = '\0';
	vcard_text(&b, "NOTE", NULL, text);	/* 5 + 70 */
	assert_int_equal(b.len, 77);
	assert_null(strstr(buf_str(&b), "\r\n "));
	buf_release(&b);
}

static void folding_never_splits_a_character(void **state)
{
	struct buf b = BUF_INIT;
	char text[80];
	(void)state;
	/* "NOTE:" + 69 'a' is 74 octets: "é" (2) would end on octet 76. */
	memset(text, 'a', 69);
	strcpy(text + 69, "\xC3\xA9t\xC3\xA9");
	vcard_text(&b, "NOTE", NULL, text);
	assert_memory_equal(b.ptr + 74, "\r\n \xC3\xA9t\xC3\xA9\r\n", 10);
	buf_release(&b);

	const char *note = "R\xC3\xA9union de crise \xC3\xA0 l'\xC3\xA9tage : "
		"pr\xC3\xA9venir \xC3\xA9quipes, fournisseurs ; \xC5\x93uvre "
		"\xC3\xA9l\xC3\xA9ments d\xC3\xA9j\xC3\xA0 pr\xC3\xAAts \xE2\x82\xAC "
		"\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5 \xC3\xA7\xC3\xA0 "
		"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
		"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 fin";
	for (size_t shift = 0; shift < 4; shift++) {
		char name[8] = "NOTE";
		memset(name + 4, 'X', shift);
		name[4 + shift] = '\0';
		vcard_raw(&b, name, NULL, note);
		assert_true(b.len > 150);
		assert_folded(buf_str(&b));
		char *back = unfold(buf_str(&b));
		assert_string_equal(back + strlen(name) + 1 + strlen(note), "\r\n");
		assert_memory_equal(back + strlen(name) + 1, note, strlen(note));
		free(back);
		buf_reset(&b);
	}
	buf_release(&b);
}

static void invalid_utf8_is_written_as_replacement(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	vcard_text(&b, "FN", NULL, "Ren\xE9");
	assert_string_equal(buf_str(&b), "FN:Ren\xEF\xBF\xBD\r\n");
	buf_release(&b);
}

static void tricky_text_survives_a_round_trip(void **state)
{
	const char *texts[] = {
		"a,b;c\\d\\,e\\\\;f",
		"line one\nline two\n\n\\n is not a newline",
		"\xC3\x89l\xC3\xA9onore ; \xC3\xA7" "a co\xC3\xBBte 10 \xE2\x82\xAC, "
		"\xF0\x9F\x98\x80\xF0\x9F\x94\xA5 ",
		"",
		"trailing backslash \\",
	};
	struct buf b = BUF_INIT;
	struct vcard_list l;
	(void)state;
	vcard_begin(&b);
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		vcard_text(&b, "NOTE", "LANGUAGE=fr", texts[i]);
	for (int i = 0; i < 30; i++)
		vcard_text(&b, "X-LONG", NULL, texts[2]);
	vcard_end(&b);
	assert_int_equal(parse(b.ptr, b.len, &l), 0);
	assert_int_equal(l.nr, 1);
	assert_null(l.cards[0].error);
	assert_int_equal(l.cards[0].nr_props, 1 + 5 + 30);
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		char *t = vcard_unescape(l.cards[0].props[1 + i].value);
		assert_string_equal(t, texts[i]);
		free(t);
	}
	char *t = vcard_unescape(l.cards[0].props[35].value);
	assert_string_equal(t, texts[2]);
	free(t);
	vcard_list_release(&l);
	buf_release(&b);
}

static void structured_values_join_escaped_components(void **state)
{
	const char *n[] = { "Dupont", "Jean", "Marie, Claire", "", "Jr;" };
	struct buf b = BUF_INIT;
	struct vcard_list l;
	(void)state;
	vcard_begin(&b);
	vcard_structured(&b, "N", NULL, n, 5);
	vcard_end(&b);
	assert_non_null(strstr(buf_str(&b), "\r\nN:Dupont;Jean;Marie\\, Claire;;Jr\\;\r\n"));
	assert_int_equal(parse(b.ptr, b.len, &l), 0);
	const struct vcard_prop *p = vcard_get(&l.cards[0], "N");
	assert_non_null(p);
	for (size_t i = 0; i < 5; i++) {
		char *c = vcard_component(p->value, i);
		assert_string_equal(c, n[i]);
		free(c);
	}
	assert_null(vcard_component(p->value, 5));
	vcard_list_release(&l);
	buf_release(&b);
}

static void components_split_only_on_unescaped_semicolons(void **state)
{
	char *c;
	(void)state;
	c = vcard_component("a\\;b;c\\\\;", 0);
	assert_string_equal(c, "a;b");
	free(c);
	c = vcard_component("a\\;b;c\\\\;", 1);
	assert_string_equal(c, "c\\");
	free(c);
	c = vcard_component("a\\;b;c\\\\;", 2);
	assert_string_equal(c, "");
	free(c);
	assert_null(vcard_component("a\\;b;c\\\\;", 3));
	c = vcard_component("", 0);
	assert_string_equal(c, "");
	free(c);
}

static void unescape_decodes_the_five_escapes_only(void **state)
{
	char *t;
	(void)state;
	t = vcard_unescape("a\\nb\\Nc\\,d\\;e\\\\f");
	assert_string_equal(t, "a\nb\nc,d;e\\f");
	free(t);
	t = vcard_unescape("C:\\Users\\x\\");
	assert_string_equal(t, "C:\\Users\\x\\");
	free(t);
}

static void properties_keep_group_params_value_and_line(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\r\nVERSION:4.0\r\n"
			       "item1.tel;type=cell:tel:+33 6\r\n"
			       "fn:A\r\n"
			       " B\r\n"
			       "\tC\r\n"
			       "NOTE:\r\n"
			       "END:VCARD\r\n", &l), 0);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.cards[0].line, 1);
	const struct vcard_prop *p = &l.cards[0].props[1];
	assert_string_equal(p->group, "item1");
	assert_string_equal(p->name, "TEL");
	assert_string_equal(p->params, "type=cell");
	assert_string_equal(p->value, "tel:+33 6");
	assert_int_equal(p->line, 3);
	p = vcard_get(&l.cards[0], "Fn");
	assert_non_null(p);
	assert_null(p->group);
	assert_null(p->params);
	assert_string_equal(p->value, "ABC");
	assert_int_equal(p->line, 4);
	p = vcard_get(&l.cards[0], "NOTE");
	assert_string_equal(p->value, "");
	assert_int_equal(p->line, 7);
	assert_null(vcard_get(&l.cards[0], "EMAIL"));
	vcard_list_release(&l);
}

static void params_are_found_in_any_case_without_quotes(void **state)
{
	struct vcard_list l;
	char *v;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\n"
			       "ADR;type=\"work,voice\";label=\"1 rue X: Paris; FR\";PREF=1:;;1 rue X\n"
			       "TEL;TYPE=work;TYPE=cell;X-Q=a^'b^^c^nd:1\n"
			       "END:VCARD\n", &l), 0);
	const struct vcard_prop *adr = vcard_get(&l.cards[0], "ADR");
	assert_string_equal(adr->params,
			    "type=\"work,voice\";label=\"1 rue X: Paris; FR\";PREF=1");
	assert_string_equal(adr->value, ";;1 rue X");
	v = vcard_param(adr, "TYPE");
	assert_string_equal(v, "work,voice");
	free(v);
	v = vcard_param(adr, "Label");
	assert_string_equal(v, "1 rue X: Paris; FR");
	free(v);
	v = vcard_param(adr, "pref");
	assert_string_equal(v, "1");
	free(v);
	assert_null(vcard_param(adr, "LANGUAGE"));
	assert_null(vcard_param(adr, "PRE"));
	const struct vcard_prop *tel = vcard_get(&l.cards[0], "TEL");
	v = vcard_param(tel, "type");
	assert_string_equal(v, "work,cell");
	free(v);
	v = vcard_param(tel, "X-Q");
	assert_string_equal(v, "a\"b^c\nd");
	free(v);
	vcard_list_release(&l);
}

static void version_3_0_and_2_1_are_read(void **state)
{
	struct vcard_list l;
	char *v;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupont;Jean;;;\r\n"
			       "TEL;TYPE=CELL:+33 6\r\n"
			       "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\nEND:VCARD\r\n"
			       "BEGIN:VCARD\r\nVERSION:2.1\r\nTEL;WORK;VOICE:+33 1\r\n"
			       "END:VCARD\r\n", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_null(l.cards[0].error);
	assert_null(l.cards[1].error);
	assert_int_equal(l.cards[1].line, 7);
	assert_string_equal(vcard_get(&l.cards[0], "PHOTO")->value, "/9j/4AAQ");
	v = vcard_param(vcard_get(&l.cards[1], "TEL"), "TYPE");
	assert_string_equal(v, "WORK,VOICE");
	free(v);
	vcard_list_release(&l);
}

static void missing_or_unknown_version_makes_the_card_unusable(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nFN:A\nEND:VCARD\n"
			       "BEGIN:VCARD\nVERSION:5.0\nFN:B\nEND:VCARD\n", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.cards[0].error,
			    "line 3: the card starting on line 1 has no VERSION");
	assert_int_equal(l.cards[0].error_line, 3);
	assert_int_equal(l.cards[0].nr_props, 0);
	assert_non_null(strstr(l.cards[1].error, "line 5: unknown VERSION"));
	assert_int_equal(l.cards[1].error_line, 5);
	vcard_list_release(&l);
}

/* The value of `name` in card `i`, unescaped as a text. */
static void text_is(const struct vcard_list *l, size_t i, const char *name, const char *want)
{
	const struct vcard_prop *p = vcard_get(&l->cards[i], name);
	assert_non_null(p);
	char *v = vcard_unescape(p->value);
	assert_string_equal(v, want);
	free(v);
}

/* vCard 2.1 as Android exports it: quoted-printable values, soft line breaks, CHARSET. */
static void quoted_printable_is_decoded(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\r\nVERSION:2.1\r\n"
			       "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Lef=C3=A8vre;H=C3=A9l=C3=A8ne;;;\r\n"
			       "FN;QUOTED-PRINTABLE:H=C3=A9l=C3=A8ne Lef=C3=A8vre\r\n"
			       "NOTE;ENCODING=QUOTED-PRINTABLE:Astreinte=3B pr=C3=A9venir =\r\n"
			       "la veille=0D=0Asinon le DSI\r\n"
			       "ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Soci=E9t=E9\r\n"
			       "TITLE;ENCODING=QUOTED-PRINTABLE:Co=FBt=3D=\r\n"
			       "\r\n"
			       "TEL;CELL:+33 6 00 00 96 01\r\n"
			       "END:VCARD\r\n", &l), 0);
	assert_int_equal(l.nr, 1);
	assert_null(l.cards[0].error);
	char *family = vcard_component(vcard_get(&l.cards[0], "N")->value, 0);
	char *given = vcard_component(vcard_get(&l.cards[0], "N")->value, 1);
	assert_string_equal(family, "Lefèvre");
	assert_string_equal(given, "Hélène");
	free(family);
	free(given);
	text_is(&l, 0, "FN", "Hélène Lefèvre");
	/* An encoded ';' is text, CRLF a line break, the soft break joins the lines. */
	text_is(&l, 0, "NOTE", "Astreinte; prévenir la veille\nsinon le DSI");
	text_is(&l, 0, "ORG", "Société");
	/* No CHARSET and not UTF-8: Windows-1252; a soft break before an empty line. */
	text_is(&l, 0, "TITLE", "Coût=");
	text_is(&l, 0, "TEL", "+33 6 00 00 96 01");
	assert_int_equal(vcard_get(&l.cards[0], "TEL")->line, 10);
	vcard_list_release(&l);
}

static void undecodable_values_make_the_card_unusable(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:2.1\n"
			       "FN;CHARSET=UTF-8;QUOTED-PRINTABLE:=E9t=E9\n"
			       "END:VCARD\n"
			       "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=KLINGON;QUOTED-PRINTABLE:A\n"
			       "END:VCARD\n"
			       "BEGIN:VCARD\nVERSION:2.1\nFN;QUOTED-PRINTABLE:A=00B\n"
			       "END:VCARD\n"
			       "BEGIN:VCARD\nVERSION:3.0\nNOTE;ENCODING=b:aGk=\n"
			       "END:VCARD\n", &l), 0);
	assert_int_equal(l.nr, 4);
	assert_string_equal(l.cards[0].error, "line 3: the value is not UTF-8; name its CHARSET");
	assert_int_equal(l.cards[0].error_line, 3);
	assert_string_equal(l.cards[1].error, "line 7: unknown CHARSET 'KLINGON'");
	assert_string_equal(l.cards[2].error, "line 11: the value holds a NUL byte");
	assert_non_null(strstr(l.cards[3].error, "line 15: base64"));
	vcard_list_release(&l);
}

static void truncated_card_has_no_end(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\n"
			       "BEGIN:VCARD\nVERSION:4.0\nFN:B", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_null(l.cards[0].error);
	assert_string_equal(l.cards[1].error, "card starting on line 5 has no END:VCARD");
	assert_int_equal(l.cards[1].error_line, 5);
	assert_int_equal(l.cards[1].nr_props, 0);
	vcard_list_release(&l);
}

static void line_without_colon_is_an_error(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN A\nEND:VCARD\n", &l), 0);
	assert_string_equal(l.cards[0].error, "line 3: expected NAME:VALUE");
	assert_int_equal(l.cards[0].error_line, 3);
	vcard_list_release(&l);
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nTEL;TYPE=\"a:b\n"
			       "END:VCARD\n", &l), 0);
	assert_string_equal(l.cards[0].error, "line 3: expected NAME:VALUE");
	vcard_list_release(&l);
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\n:value\nEND:VCARD\n", &l), 0);
	assert_string_equal(l.cards[0].error, "line 3: expected NAME:VALUE");
	vcard_list_release(&l);
}

static void latin1_bytes_are_reported_on_their_line(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:caf\xC3\xA9\r\n"
			       " et r\xE9sum\xE9\r\nEND:VCARD\r\n", &l), 0);
	assert_string_equal(l.cards[0].error,
			    "line 4: not UTF-8 (Latin-1?); save the file as UTF-8");
	assert_int_equal(l.cards[0].error_line, 4);
	vcard_list_release(&l);
}

static void a_character_split_by_a_fold_is_joined(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:Ren\xC3\n \xA9\nEND:VCARD\n",
			       &l), 0);
	assert_null(l.cards[0].error);
	assert_string_equal(vcard_get(&l.cards[0], "FN")->value, "Ren\xC3\xA9");
	vcard_list_release(&l);
}

static void nul_byte_is_an_error(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:a\0b\nEND:VCARD\n", &l), 0);
	assert_string_equal(l.cards[0].error, "line 3: NUL byte");
	vcard_list_release(&l);
}

static void bom_is_skipped(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("\xEF\xBB\xBF" "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\n"
			       "END:VCARD\r\n", &l), 0);
	assert_int_equal(l.nr, 1);
	assert_null(l.cards[0].error);
	assert_string_equal(vcard_get(&l.cards[0], "FN")->value, "A");
	vcard_list_release(&l);
}

static void utf16_is_refused(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("\xFF\xFE" "B\0E\0G\0", &l), -1);
	assert_string_equal(crisis_error_last(), "the file is UTF-16; save it as UTF-8");
	assert_null(l.cards);
}

static void lf_and_cr_line_ends_are_read(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:A\n B\nEMAIL:a@x\nEND:VCARD", &l), 0);
	assert_null(l.cards[0].error);
	assert_string_equal(vcard_get(&l.cards[0], "FN")->value, "AB");
	assert_int_equal(vcard_get(&l.cards[0], "EMAIL")->line, 5);
	vcard_list_release(&l);
	assert_int_equal(PARSE("BEGIN:VCARD\rVERSION:4.0\rFN:A\r B\rEMAIL:a@x\rEND:VCARD\r", &l), 0);
	assert_null(l.cards[0].error);
	assert_string_equal(vcard_get(&l.cards[0], "FN")->value, "AB");
	assert_int_equal(vcard_get(&l.cards[0], "EMAIL")->line, 5);
	vcard_list_release(&l);
}

static void blank_lines_between_cards_are_fine(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("\r\n\r\nbegin:vcard\r\nversion:4.0\r\nEND:VCARD  \r\n\r\n"
			       "  \r\nBEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n\r\n", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_null(l.cards[0].error);
	assert_null(l.cards[1].error);
	assert_int_equal(l.cards[0].line, 3);
	assert_int_equal(l.cards[1].line, 8);
	vcard_list_release(&l);
}

static void empty_or_foreign_file_is_refused(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("", &l), -1);
	assert_string_equal(crisis_error_last(), "empty file: no BEGIN:VCARD");
	assert_int_equal(PARSE("\r\n \r\n\t\n", &l), -1);
	assert_string_equal(crisis_error_last(), "empty file: no BEGIN:VCARD");
	assert_int_equal(PARSE("\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", &l), -1);
	assert_string_equal(crisis_error_last(), "line 3: expected BEGIN:VCARD");
	assert_null(l.cards);
	assert_int_equal(l.nr, 0);
}

static void binary_input_is_refused_without_overread(void **state)
{
	static const char bin[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\xFF\xFE";
	struct vcard_list l;
	unsigned seed = 12345;
	(void)state;
	assert_int_equal(parse(bin, sizeof(bin) - 1, &l), -1);
	assert_string_equal(crisis_error_last(), "line 1: expected BEGIN:VCARD");

	/* Random bytes after a valid start: a result, never a crash. */
	for (int round = 0; round < 500; round++) {
		char data[300] = "BEGIN:VCARD\r\nVERSION:4.0\r\n";
		size_t len = 26 + (size_t)round % 270;
		for (size_t i = 26; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			data[i] = "\r\n \t:;.\"\\=aZ\xC3\xA9\0\xFF"[(seed >> 16) % 16];
			if ((seed >> 8) % 7 == 0)
				data[i] = (char)(seed >> 24);
		}
		assert_int_equal(parse(data, len, &l), 0);
		assert_true(l.nr >= 1);
		for (size_t c = 0; c < l.nr; c++)
			assert_true(l.cards[c].error || vcard_get(&l.cards[c], "VERSION"));
		vcard_list_release(&l);
	}
}

static void broken_first_card_leaves_the_second_readable(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:A\nNO COLON HERE\nEMAIL:a@x\n"
			       "END:VCARD\n"
			       "BEGIN:VCARD\nVERSION:4.0\nFN:B\nEND:VCARD\n", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.cards[0].error, "line 4: expected NAME:VALUE");
	assert_int_equal(l.cards[0].nr_props, 0);
	assert_null(l.cards[1].error);
	assert_int_equal(l.cards[1].line, 7);
	assert_string_equal(vcard_get(&l.cards[1], "FN")->value, "B");
	vcard_list_release(&l);
}

static void nested_begin_ends_the_card_in_error(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nFN:A\n"
			       "BEGIN:VCARD\nVERSION:4.0\nFN:B\nEND:VCARD\n", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.cards[0].error, "line 4: BEGIN:VCARD before the END:VCARD "
			    "of the card starting on line 1");
	assert_int_equal(l.cards[0].error_line, 4);
	assert_null(l.cards[1].error);
	assert_string_equal(vcard_get(&l.cards[1], "FN")->value, "B");
	vcard_list_release(&l);
}

static void stray_lines_between_cards_are_reported(void **state)
{
	struct vcard_list l;
	(void)state;
	assert_int_equal(PARSE("BEGIN:VCARD\nVERSION:4.0\nEND:VCARD\nEND:VCARD\n"
			       "junk\nmore junk\nEND:VCARD\n"
			       "BEGIN:VCARD\nVERSION:4.0\nEND:VCARD\n", &l), 0);
	assert_int_equal(l.nr, 4);
	assert_null(l.cards[0].error);
	assert_string_equal(l.cards[1].error, "line 4: END:VCARD without BEGIN:VCARD");
	assert_string_equal(l.cards[2].error, "line 5: expected BEGIN:VCARD");
	assert_int_equal(l.cards[2].error_line, 5);
	assert_null(l.cards[3].error);
	vcard_list_release(&l);
}

static void too_many_properties_make_the_card_unusable(void **state)
{
	struct buf b = BUF_INIT;
	struct vcard_list l;
	(void)state;
	buf_adds(&b, "BEGIN:VCARD\nVERSION:4.0\n");
	for (int i = 0; i < VCARD_MAX_PROPS; i++)
		buf_adds(&b, "X:1\n");
	buf_adds(&b, "END:VCARD\n");
	assert_int_equal(parse(b.ptr, b.len, &l), 0);
	assert_non_null(l.cards[0].error);
	assert_int_equal(l.cards[0].error_line, VCARD_MAX_PROPS + 2);
	assert_int_equal(l.cards[0].nr_props, 0);
	vcard_list_release(&l);
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(text_escapes_each_special_character),
	cmocka_unit_test(params_and_raw_values_are_written_as_given),
	cmocka_unit_test(begin_and_end_frame_a_4_0_card),
	cmocka_unit_test(param_add_quotes_and_carets),
	cmocka_unit_test(long_lines_fold_at_75_octets),
	cmocka_unit_test(a_line_of_exactly_75_octets_is_not_folded),
	cmocka_unit_test(folding_never_splits_a_character),
	cmocka_unit_test(invalid_utf8_is_written_as_replacement),
	cmocka_unit_test(tricky_text_survives_a_round_trip),
	cmocka_unit_test(structured_values_join_escaped_components),
	cmocka_unit_test(components_split_only_on_unescaped_semicolons),
	cmocka_unit_test(unescape_decodes_the_five_escapes_only),
	cmocka_unit_test(properties_keep_group_params_value_and_line),
	cmocka_unit_test(params_are_found_in_any_case_without_quotes),
	cmocka_unit_test(version_3_0_and_2_1_are_read),
	cmocka_unit_test(missing_or_unknown_version_makes_the_card_unusable),
	cmocka_unit_test(quoted_printable_is_decoded),
	cmocka_unit_test(undecodable_values_make_the_card_unusable),
	cmocka_unit_test(truncated_card_has_no_end),
	cmocka_unit_test(line_without_colon_is_an_error),
	cmocka_unit_test(latin1_bytes_are_reported_on_their_line),
	cmocka_unit_test(a_character_split_by_a_fold_is_joined),
	cmocka_unit_test(nul_byte_is_an_error),
	cmocka_unit_test(bom_is_skipped),
	cmocka_unit_test(utf16_is_refused),
	cmocka_unit_test(lf_and_cr_line_ends_are_read),
	cmocka_unit_test(blank_lines_between_cards_are_fine),
	cmocka_unit_test(empty_or_foreign_file_is_refused),
	cmocka_unit_test(binary_input_is_refused_without_overread),
	cmocka_unit_test(broken_first_card_leaves_the_second_readable),
	cmocka_unit_test(nested_begin_ends_the_card_in_error),
	cmocka_unit_test(stray_lines_between_cards_are_reported),
	cmocka_unit_test(too_many_properties_make_the_card_unusable),
)
