#include "contacts_fixture.h"

#include <stdio.h>

static void redact_phone_as_documented(void **state)
{
	struct buf out = BUF_INIT;
	(void)state;
	export_redact_phone(&out, "+33 6 12 34 56 78");
	owned_is(buf_detach(&out), "+33 x xx xx xx 78");
}

static void redact_phone_keeps_country_code_and_last_two_digits(void **state)
{
	struct buf out = BUF_INIT;
	(void)state;
	export_redact_phone(&out, "+33612345678");
	text_is(out.ptr, "+33xxxxxxx78");
	buf_reset(&out);
	export_redact_phone(&out, "+1 212 555 0123");
	assert_memory_equal(out.ptr, "+1 ", 3);
	text_is(out.ptr + strlen(out.ptr) - 2, "23");
	assert_null(strstr(out.ptr, "555"));
	assert_null(strstr(out.ptr, "212"));
	buf_release(&out);
}

static void redact_email_keeps_first_character_and_domain(void **state)
{
	struct buf out = BUF_INIT;
	(void)state;
	export_redact_email(&out, "julien.lefevre@example.fr");
	text_is(out.ptr, "j***@example.fr");
	buf_reset(&out);
	/* A first character of two bytes stays whole. */
	export_redact_email(&out, "élodie@example.fr");
	text_is(out.ptr, "é***@example.fr");
	buf_release(&out);
}

static void redact_email_without_a_user_part(void **state)
{
	struct buf out = BUF_INIT;
	(void)state;
	export_redact_email(&out, "not-an-address");
	text_is(out.ptr, "***");
	buf_reset(&out);
	export_redact_email(&out, "@example.fr");
	text_is(out.ptr, "***");
	buf_release(&out);
}

/* ---- vCard ---- */

static char *vcard_of(struct fixture *fx, const char *id, bool redact)
{
	const struct plan_contact *cs[] = { contact(fx, id) };
	struct buf out = BUF_INIT;
	export_vcard(&out, cs, 1, redact);
	return buf_detach(&out);
}

static void vcard_card_fields(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, CONTACTS);
	char *out = vcard_of(fx, "voxalia", false);
	assert_memory_equal(out, "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:", 36);
	text_is(out + strlen(out) - 11, "END:VCARD\r\n");
	has_crlf_line(out, "FN:Voxalia Crise");
	/* The last word is the family name. */
	has_crlf_line(out, "N:Crise;Voxalia;;;");
	has_crlf_line(out, "TITLE:Astreinte\\, niveau 2");
	has_crlf_line(out, "TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+33-1-99-00-20-00");
	has_crlf_line(out, "EMAIL:astreinte@voxalia.example.com");
	has_crlf_line(out, "NOTE:Contrat CC-2026-014\\; code: AUB-7731");
	has_crlf_line(out, "X-CRISIS-ID:voxalia");
	has_crlf_line(out, "X-CRISIS-ORG:external");
	has_crlf_line(out, "X-CRISIS-AVAILABLE:office-hours");
	has_crlf_line(out, "X-CRISIS-ACTIVATION-DAY:PT1H");
	has_crlf_line(out, "X-CRISIS-ACTIVATION-NIGHT:PT3H");
	has_crlf_line(out, "X-CRISIS-VERIFIED:2026-09-24");
	free(out);

	/* The first phone is the preferred one. */
	out = vcard_of(fx, "j-lefevre", false);
	has_crlf_line(out, "TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+33-6-12-34-56-78");
	has_crlf_line(out, "TEL;VALUE=uri;TYPE=voice:tel:+33-1-99-00-10-01");
	assert_null(strstr(out, "X-CRISIS-ACTIVATION"));
	free(out);
}

/* The UID of a card: what follows "UID:" up to the line end. */
static char *uid_in(const char *card)
{
	const char *p = strstr(card, "\r\nUID:");
	assert_non_null(p);
	p += 6;
	return xstrndup(p, strcspn(p, "\r"));
}

static void vcard_uid_is_stable_and_version_8(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, CONTACTS);
	char *a = vcard_of(fx, "voxalia", false), *b = vcard_of(fx, "voxalia", true);
	char *c = vcard_of(fx, "j-lefevre", false);
	char *ua = uid_in(a), *ub = uid_in(b), *uc = uid_in(c);

	/* The same id gives the same UID, so that re-importing updates the card. */
	text_is(ua, ub);
	assert_string_not_equal(ua, uc);
	/* urn:uuid:xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx */
	assert_int_equal(strlen(ua), 9 + 36);
	const char *u = ua + 9;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(u[i], '-');
		else if (!strchr("0123456789abcdef", u[i]))
			fail_msg("'%c' in %s is not a lowercase hex digit", u[i], ua);
	}
	assert_int_equal(u[14], '8');
	assert_non_null(strchr("89ab", u[19]));
	free(ua);
	free(ub);
	free(uc);
	free(a);
	free(b);
	free(c);
}

static void vcard_redacted(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, CONTACTS);
	char *out = vcard_of(fx, "j-lefevre", true);
	/* Masked numbers are text, no longer tel: URIs. */
	assert_null(strstr(out, "tel:"));
	assert_null(strstr(out, "12 34 56"));
	assert_null(strstr(out, "julien.lefevre"));
	assert_non_null(strstr(out, "TEL;VALUE=text;TYPE=voice;PREF=1:+33 "));
	assert_non_null(strstr(out, " 78\r\n"));
	has_crlf_line(out, "EMAIL:j***@example.fr");
	/* The name stays: the card is still someone's. */
	has_crlf_line(out, "FN:Julien Lefèvre");
	free(out);
}

/* Two records hold the same fields as the contact. */
static void same_as_contact(const struct import_record *r, const struct plan_contact *c)
{
	const char *have[] = { r->id, r->name, r->title, r->org, r->email, r->available,
			       r->activation_day, r->activation_night, r->verified, r->notes };
	const char *want[] = { c->id, c->name, c->title, c->org, c->email, c->available_text,
			       c->activation_day_text, c->activation_night_text, c->verified, c->notes };
	for (size_t i = 0; i < sizeof(have) / sizeof(*have); i++) {
		if (!want[i])
			assert_null(have[i]);
		else if (!have[i] || strcmp(have[i], want[i]))
			fail_msg("field %zu of '%s': '%s', not '%s'", i, c->id,
				 have[i] ? have[i] : "(null)", want[i]);
	}
	assert_int_equal(r->phones.nr, c->phones.nr);
	for (size_t i = 0; i < r->phones.nr; i++)
		text_is(r->phones.items[i], c->phones.ids[i]);
}

/* Exports contacts A and B as vCards, reads them back into IM and checks each field. */
static void two_read_back(struct fixture *fx, const char *a, const char *b, struct import *im)
{
	struct buf out = BUF_INIT;
	const struct plan_contact *cs[] = { contact(fx, a), contact(fx, b) };
	export_vcard(&out, cs, 2, false);
	assert_int_equal(import_vcard(im, out.ptr, out.len, NULL), 0);
	no_problems(im);
	assert_int_equal(im->nr, 2);
	same_as_contact(&im->recs[0], cs[0]);
	same_as_contact(&im->recs[1], cs[1]);
	buf_release(&out);
}

static void vcard_reads_back(void **state)
{
	struct fixture *fx = *state;
	struct import im = { 0 };
	load_contacts(fx, CONTACTS);
	two_read_back(fx, "j-lefevre", "voxalia", &im);
	/* Each record starts at its BEGIN:VCARD: 14 lines for the first card. */
	assert_int_equal(im.recs[0].line, 1);
	assert_int_equal(im.recs[1].line, 15);
	import_release(&im);
}

#define SUPPLIERS \
	"format: crisis/v1\n" \
	"kind: contacts\n" \
	"contacts:\n" \
	"  - id: bastion\n" \
	"    name: Bastion IR — 24/7 hotline\n" \
	"    title: Incident-response retainer\n" \
	"    org: external\n" \
	"    phones: [\"+33 1 99 00 40 00\"]\n" \
	"  - id: orbis\n" \
	"    name: Orbis ERP - priority support\n" \
	"  - id: roche\n" \
	"    name: Dr Bruno Roche\n" \
	"  - id: dumas\n" \
	"    name: Mme. Claire Dumas-Vidal\n" \
	"  - id: mercier\n" \
	"    name: Mehdi Mercier\n"

/* A supplier is an organisation, and an honorific is no given name. */
static void vcard_suppliers_and_honorifics(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, SUPPLIERS);
	char *out = vcard_of(fx, "bastion", false);
	has_crlf_line(out, "FN:Bastion IR — 24/7 hotline");
	has_crlf_line(out, "KIND:org");
	has_crlf_line(out, "N:;;;;");
	has_crlf_line(out, "ORG:Bastion IR;24/7 hotline");
	has_crlf_line(out, "X-ABSHOWAS:COMPANY");
	free(out);
	out = vcard_of(fx, "orbis", false);
	has_crlf_line(out, "ORG:Orbis ERP;priority support");
	free(out);
	out = vcard_of(fx, "roche", false);
	has_crlf_line(out, "FN:Dr Bruno Roche");
	has_crlf_line(out, "N:Roche;Bruno;;Dr;");
	assert_null(strstr(out, "KIND:"));
	assert_null(strstr(out, "ORG:"));
	free(out);
	out = vcard_of(fx, "dumas", false);
	has_crlf_line(out, "N:Dumas-Vidal;Claire;;Mme.;");
	free(out);
	/* "Me" is an honorific only as a word of its own: Mehdi stays. */
	out = vcard_of(fx, "mercier", false);
	has_crlf_line(out, "N:Mercier;Mehdi;;;");
	free(out);
}

/* Read back, a supplier's card keeps its name and title: ORG is in the name already. */
static void vcard_supplier_reads_back(void **state)
{
	struct fixture *fx = *state;
	struct import im = { 0 };
	load_contacts(fx, SUPPLIERS);
	two_read_back(fx, "bastion", "roche", &im);
	import_release(&im);
}

/* ---- CSV ---- */

static void csv_header_and_rows(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "j-lefevre"), contact(fx, "voxalia") };
	export_csv(&out, cs, 2, false, false);
	text_is(out.ptr,
		"id,name,title,org,phones,email,available,activation_day,activation_night,verified,notes\r\n"
		"j-lefevre,Julien Lefèvre,Directeur général,internal,+33 6 12 34 56 78 / +33 1 99 00 10 01,"
		"julien.lefevre@example.fr,24/7,,,2026-10-05,\r\n"
		"voxalia,Voxalia Crise,\"Astreinte, niveau 2\",external,+33 1 99 00 20 00,"
		"astreinte@voxalia.example.com,office-hours,PT1H,PT3H,2026-09-24,"
		"Contrat CC-2026-014; code: AUB-7731\r\n");
	buf_release(&out);
}

#define FORMULAS \
	"format: crisis/v1\n" \
	"kind: contacts\n" \
	"contacts:\n" \
	"  - id: f\n" \
	"    name: \"=HYPERLINK(1)\"\n" \
	"    title: \"@SUM(A1)\"\n" \
	"    notes: \"+1 rappel\"\n"

static void csv_guards_formulas(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, FORMULAS);
	const struct plan_contact *cs[] = { contact(fx, "f") };
	export_csv(&out, cs, 1, false, false);
	assert_non_null(strstr(out.ptr, "\r\nf,'=HYPERLINK(1),'@SUM(A1),,,,,,,,'+1 rappel\r\n"));
	buf_release(&out);
}

/*
 * An e-mail address may start with '=' (the schema takes "=1+2@x.fr"):
 * like the name, title and notes it gets the leading quote that keeps a
 * spreadsheet from running it.
 */
static void csv_guards_a_formula_in_an_email(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, "format: crisis/v1\nkind: contacts\ncontacts:\n"
			  "  - id: f\n    name: F\n    email: \"=1+2@example.fr\"\n");
	const struct plan_contact *cs[] = { contact(fx, "f") };
	export_csv(&out, cs, 1, false, false);
	owned_has(buf_detach(&out), "\r\nf,F,,,,'=1+2@example.fr,");
}

static void csv_reads_back(void **state)
{
	struct fixture *fx = *state;
	struct import im = { 0 };
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "j-lefevre"), contact(fx, "voxalia") };
	export_csv(&out, cs, 2, false, false);
	assert_int_equal(import_csv(&im, out.ptr, out.len, NULL), 0);
	no_problems(&im);
	assert_int_equal(im.nr, 2);
	same_as_contact(&im.recs[0], cs[0]);
	same_as_contact(&im.recs[1], cs[1]);
	assert_int_equal(im.recs[0].line, 2);
	assert_int_equal(im.recs[1].line, 3);
	import_release(&im);
	buf_release(&out);

	/* The quotes that guard formulas go on the way back. */
	load_contacts(fx, FORMULAS);
	const struct plan_contact *f[] = { contact(fx, "f") };
	export_csv(&out, f, 1, false, false);
	assert_int_equal(import_csv(&im, out.ptr, out.len, NULL), 0);
	no_problems(&im);
	same_as_contact(&im.recs[0], f[0]);
	import_release(&im);
	buf_release(&out);
}

static void csv_redacted(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "j-lefevre") };
	export_csv(&out, cs, 1, true, false);
	assert_null(strstr(out.ptr, "12 34 56"));
	assert_null(strstr(out.ptr, "99 00 10"));
	assert_null(strstr(out.ptr, "julien.lefevre@"));
	assert_non_null(strstr(out.ptr, ",j***@example.fr,"));
	assert_non_null(strstr(out.ptr, " 78 / +33 "));
	buf_release(&out);
}

/* ---- JSON ---- */

static void json_shape(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "voxalia"), contact(fx, "j-lefevre") };
	export_json(&out, NULL, cs, 2, false);
	text_is(out.ptr,
		"{\"version\": 1, \"contacts\": [\n"
		"  {\"id\": \"voxalia\", \"name\": \"Voxalia Crise\", \"title\": \"Astreinte, niveau 2\", "
		"\"org\": \"external\", \"phones\": [\"+33 1 99 00 20 00\"], "
		"\"email\": \"astreinte@voxalia.example.com\", \"available\": \"office-hours\", "
		"\"activation\": {\"day\": \"PT1H\", \"night\": \"PT3H\"}, \"verified\": \"2026-09-24\", "
		"\"notes\": \"Contrat CC-2026-014; code: AUB-7731\"},\n"
		"  {\"id\": \"j-lefevre\", \"name\": \"Julien Lefèvre\", \"title\": \"Directeur général\", "
		"\"org\": \"internal\", \"phones\": [\"+33 6 12 34 56 78\", \"+33 1 99 00 10 01\"], "
		"\"email\": \"julien.lefevre@example.fr\", \"available\": \"24/7\", "
		"\"activation\": {\"day\": null, \"night\": null}, \"verified\": \"2026-10-05\", "
		"\"notes\": null}\n"
		"]}\n");
	buf_release(&out);

	export_json(&out, NULL, cs, 0, false);
	text_is(out.ptr, "{\"version\": 1, \"contacts\": []}\n");
	buf_release(&out);
}

static void json_redacted(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "j-lefevre") };
	export_json(&out, NULL, cs, 1, true);
	assert_null(strstr(out.ptr, "12 34 56"));
	assert_null(strstr(out.ptr, "julien.lefevre@"));
	assert_non_null(strstr(out.ptr, "\"email\": \"j***@example.fr\""));
	assert_non_null(strstr(out.ptr, " 78\", \"+33 "));
	buf_release(&out);
}

/* Notes are free text that may hold other numbers: left out when masking. */
static void redacted_exports_leave_notes_out(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *cs[] = { contact(fx, "voxalia") };
	export_csv(&out, cs, 1, false, false);
	assert_non_null(strstr(out.ptr, "AUB-7731"));
	buf_reset(&out);
	export_csv(&out, cs, 1, true, false);
	assert_null(strstr(out.ptr, "AUB-7731"));
	buf_reset(&out);
	export_json(&out, NULL, cs, 1, true);
	assert_null(strstr(out.ptr, "AUB-7731"));
	assert_non_null(strstr(out.ptr, "\"notes\": null"));
	buf_reset(&out);
	export_vcard(&out, cs, 1, true);
	assert_null(strstr(out.ptr, "NOTE"));
	buf_release(&out);
}

/* ---- reading CSV: phone numbers ---- */

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	cmocka_unit_test(redact_phone_as_documented),
	cmocka_unit_test(redact_phone_keeps_country_code_and_last_two_digits),
	cmocka_unit_test(redact_email_keeps_first_character_and_domain),
	cmocka_unit_test(redact_email_without_a_user_part),
	T(vcard_card_fields),
	T(vcard_uid_is_stable_and_version_8),
	T(vcard_redacted),
	T(vcard_reads_back),
	T(vcard_suppliers_and_honorifics),
	T(vcard_supplier_reads_back),
	T(csv_header_and_rows),
	T(csv_guards_formulas),
	T(csv_guards_a_formula_in_an_email),
	T(csv_reads_back),
	T(csv_redacted),
	T(json_shape),
	T(json_redacted),
	T(redacted_exports_leave_notes_out),
)
