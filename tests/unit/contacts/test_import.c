#include "contacts_fixture.h"

#include <stdio.h>

/* The one problem of the import, at `line`; its message. */
static const char *one_problem(const struct import *im, unsigned long line)
{
	if (im->nr_problems != 1) {
		for (size_t i = 0; i < im->nr_problems; i++)
			print_message("# line %lu: %s\n", im->problems[i].line, im->problems[i].message);
		fail_msg("expected one problem, got %zu", im->nr_problems);
	}
	assert_int_equal(im->problems[0].line, line);
	return im->problems[0].message;
}

/* The single phone number of a one-record CSV import. */
static void phone_becomes(const char *written, const char *country, const char *e164)
{
	struct import im;
	struct buf csv = BUF_INIT;
	buf_addf(&csv, "name,phone\nA,%s\n", written);
	import_text(&im, csv.ptr, country);
	no_problems(&im);
	assert_int_equal(im.nr, 1);
	assert_int_equal(im.recs[0].phones.nr, 1);
	text_is(im.recs[0].phones.items[0], e164);
	import_release(&im);
	buf_release(&csv);
}

/* A one-record CSV import that is refused at line 2; the problem's message, freed by the caller. */
static char *refused(const char *csv, const char *country)
{
	struct import im;
	import_text(&im, csv, country);
	assert_int_equal(im.nr, 0);
	char *msg = xstrdup(one_problem(&im, 2));
	import_release(&im);
	return msg;
}

/* ---- masks ---- */

/* The country code and the last two digits stay; the grouping too. */
static void phones_keep_their_digit_groups(void **state)
{
	(void)state;
	phone_becomes("+33 6 12 34 56 78", NULL, "+33 6 12 34 56 78");
	phone_becomes("+33612345678", NULL, "+33612345678");
	phone_becomes("tel:+33-6-12-34-56-78", NULL, "+33 6 12 34 56 78");
	phone_becomes("+33.6.12.34.56.78", NULL, "+33 6 12 34 56 78");
	phone_becomes("+1 (212) 555-0123", NULL, "+1 212 555 0123");
}

static void several_phones_in_one_cell(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,phones\nA,\"+33 6 12 34 56 78 / +33 1 99 00 10 01, +33 7 00 00 00 01\"\n", NULL);
	no_problems(&im);
	assert_int_equal(im.recs[0].phones.nr, 3);
	text_is(im.recs[0].phones.items[0], "+33 6 12 34 56 78");
	text_is(im.recs[0].phones.items[1], "+33 1 99 00 10 01");
	text_is(im.recs[0].phones.items[2], "+33 7 00 00 00 01");
	import_release(&im);
}

static void national_numbers_with_a_country(void **state)
{
	(void)state;
	phone_becomes("06 12 34 56 78", "33", "+33 6 12 34 56 78");
	phone_becomes("06.12.34.56.78", "33", "+33 6 12 34 56 78");
	phone_becomes("0612345678", "33", "+33 612345678");
	phone_becomes("020 7946 0018", "44", "+44 20 7946 0018");
	/* International numbers are left as they are. */
	phone_becomes("+32 2 555 12 12", "33", "+32 2 555 12 12");
}

static void national_numbers_without_a_country(void **state)
{
	(void)state;
	char *msg = refused("name,phone\nA,06 12 34 56 78\n", NULL);
	contains(msg, "'06 12 34 56 78' is not a phone number in international form");
	contains(msg, "--country 33");
	free(msg);
}

static void double_zero_prefix_is_international(void **state)
{
	(void)state;
	phone_becomes("0033 6 12 34 56 78", NULL, "+33 6 12 34 56 78");
	phone_becomes("0033612345678", NULL, "+33612345678");
	/* With a country too: 00 is not a national 0. */
	phone_becomes("0033 6 12 34 56 78", "33", "+33 6 12 34 56 78");
}

static void not_phone_numbers(void **state)
{
	static const char *const bad[] = {
		"+33 6 12 34 56 7a", "+33 6", "+0 12 34 56 78", "+33 6 12 34 56 78 90 12 34",
		"6 12 34 56 78", "poste 4521", "+33 6 12 +34 56 78",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct buf csv = BUF_INIT;
		buf_addf(&csv, "name,phone\nA,%s\n", bad[i]);
		char *msg = refused(csv.ptr, "33");
		struct buf quoted = BUF_INIT;
		buf_addf(&quoted, "'%s' is not a phone number", bad[i]);
		contains(msg, quoted.ptr);
		buf_release(&quoted);
		buf_release(&csv);
		free(msg);
	}
}

/*
 * "+33 (0)6 12 34 56 78", how French and British numbers are often
 * written: the trunk 0 is not dialled from abroad and goes, or the number
 * would be another one that the schema accepts.
 */
static void trunk_zero_in_brackets(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,phone\nA,+33 (0)6 12 34 56 78\n", NULL);
	char *phone = im.nr == 1 ? xstrdup(im.recs[0].phones.items[0]) : NULL;
	bool refused_at_2 = im.nr == 0 && im.nr_problems == 1 && im.problems[0].line == 2;
	import_release(&im);
	if (!refused_at_2)
		owned_is(phone, "+33 6 12 34 56 78");
}

/* ---- reading CSV: the other fields ---- */

static void email_is_checked(void **state)
{
	static const char *const bad[] = {
		"julien.example.fr", "julien@example", "julien lefevre@example.fr",
		"a@example.fr;b@example.fr", "julien@.fr", "@example.fr",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct buf csv = BUF_INIT, quoted = BUF_INIT;
		buf_addf(&csv, "name,email\nA,\"%s\"\n", bad[i]);
		buf_addf(&quoted, "'%s' is not an e-mail address", bad[i]);
		char *msg = refused(csv.ptr, NULL);
		contains(msg, quoted.ptr);
		free(msg);
		buf_release(&csv);
		buf_release(&quoted);
	}
	struct import im;
	import_text(&im, "name,email\nA, julien.lefevre@example.fr \n", NULL);
	no_problems(&im);
	text_is(im.recs[0].email, "julien.lefevre@example.fr");
	import_release(&im);
}

static void control_characters_are_problems(void **state)
{
	(void)state;
	char *msg = refused("name,title\nA,\"Chef\x7f\"\n", NULL);
	text_is(msg, "the title holds a control character");
	free(msg);
	msg = refused("name,phone\n\"A\x01\",+33 6 12 34 56 78\n", NULL);
	text_is(msg, "the name holds a control character");
	free(msg);
	/* Notes may hold line breaks and tabs. */
	struct import im;
	import_text(&im, "name,notes\nA,\"ligne 1\r\nligne\t2\"\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].notes, "ligne 1\r\nligne\t2");
	import_release(&im);
}

/* The company follows the title unless the name says it; alone, it is the name. */
static void company_goes_after_the_title(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,title,company,phone\n"
		    "Lucie Garnier,Acheteuse,Transalp,+33 6 00 00 95 01\n"
		    "Lucie Garnier,,Transalp,+33 6 00 00 95 01\n"
		    "Transalp — astreinte,Astreinte,TRANSALP,+33 6 00 00 95 01\n"
		    ",,Transalp,+33 6 00 00 95 01\n", NULL);
	no_problems(&im);
	assert_int_equal(im.nr, 4);
	text_is(im.recs[0].title, "Acheteuse, Transalp");
	text_is(im.recs[1].title, "Transalp");
	text_is(im.recs[2].title, "Astreinte");
	text_is(im.recs[3].name, "Transalp");
	assert_null(im.recs[3].title);
	import_release(&im);
}

static void org_and_availability_in_english_or_french(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,org,available\n"
			 "A,Externe,24h/24\n"
			 "B,interne,Heures ouvrées\n"
			 "C,EXTERNAL,office hours\n"
			 "D,internal,24/7\n", NULL);
	no_problems(&im);
	assert_int_equal(im.nr, 4);
	static const char *const want[][2] = {
		{ "external", "24/7" }, { "internal", "office-hours" },
		{ "external", "office-hours" }, { "internal", "24/7" },
	};
	for (size_t i = 0; i < 4; i++) {
		text_is(im.recs[i].org, want[i][0]);
		text_is(im.recs[i].available, want[i][1]);
	}
	import_release(&im);
}

static void unknown_org_or_availability(void **state)
{
	(void)state;
	char *msg = refused("name,org\nA,partenaire\n", NULL);
	contains(msg, "org 'partenaire' is neither 'internal' nor 'external'");
	free(msg);
	msg = refused("name,available\nA,parfois\n", NULL);
	contains(msg, "available 'parfois' is neither '24/7' nor 'office-hours'");
	free(msg);
}

static void durations_are_checked(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,activation_day,activation_night\nA,PT1H,PT3H30M\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].activation_day, "PT1H");
	text_is(im.recs[0].activation_night, "PT3H30M");
	import_release(&im);

	char *msg = refused("name,activation_night\nA,3 heures\n", NULL);
	contains(msg, "'3 heures' is not a duration such as PT1H");
	free(msg);
}

static void french_dates_for_verified(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,verified\nA,08/10/2026\nB,8/1/2026\nC,2026-10-08\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].verified, "2026-10-08");
	text_is(im.recs[1].verified, "2026-01-08");
	text_is(im.recs[2].verified, "2026-10-08");
	import_release(&im);
}

static void bad_dates_for_verified(void **state)
{
	static const char *const bad[] = { "2026-02-30", "hier", "2026-10-8", "10/08/2026/1" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct buf csv = BUF_INIT, quoted = BUF_INIT;
		buf_addf(&csv, "name,verified\nA,%s\n", bad[i]);
		buf_addf(&quoted, "verified '%s' is not a date such as 2026-10-08", bad[i]);
		char *msg = refused(csv.ptr, NULL);
		contains(msg, quoted.ptr);
		free(msg);
		buf_release(&csv);
		buf_release(&quoted);
	}
}

/*
 * A French date that does not exist is reported as written in the file,
 * not as the ISO date it would have become ('2026-02-31').
 */
static void bad_french_date_is_quoted_as_written(void **state)
{
	(void)state;
	owned_has(refused("name,verified\nA,31/02/2026\n", NULL), "verified '31/02/2026' is not a date");
}

/*
 * A two-digit year (08/10/26, as spreadsheets often write it) would be the
 * year 26: only DD/MM/YYYY is a French date here, the rest is a problem.
 */
static void two_digit_year_is_refused(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,verified\nA,08/10/26\n", NULL);
	char *verified = im.nr ? xstrdup(im.recs[0].verified) : NULL;
	unsigned long line = im.nr_problems == 1 ? im.problems[0].line : 0;
	import_release(&im);
	if (verified)
		owned_is(verified, "(a problem, not a date)");
	assert_int_equal(line, 2);
}

static void bad_id_is_a_problem(void **state)
{
	(void)state;
	char *msg = refused("id,name\nJ Petit,Jean Petit\n", NULL);
	contains(msg, "id 'J Petit' is not a lowercase name");
	free(msg);
}

static void record_without_a_name(void **state)
{
	(void)state;
	char *msg = refused("name,phone\n,+33 6 12 34 56 78\n", NULL);
	text_is(msg, "no name");
	free(msg);
}

/* ---- reading CSV: columns ---- */

static void columns_in_french(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "\xEF\xBB\xBF" "Identifiant;Nom complet;Fonction;Interne ou externe;Téléphone;"
			 "Courriel;Disponibilité;Activation jour;Activation nuit;Vérifié le;Remarques\r\n"
			 "j-petit;Jean Petit;Directeur;interne;+33 6 12 34 56 78;jean.petit@example.fr;"
			 "24/7;PT1H;PT2H;08/10/2026;Astreinte le week-end\r\n", NULL);
	no_problems(&im);
	assert_int_equal(im.nr, 1);
	const struct import_record *r = &im.recs[0];
	text_is(r->id, "j-petit");
	text_is(r->name, "Jean Petit");
	text_is(r->title, "Directeur");
	text_is(r->org, "internal");
	text_is(r->phones.items[0], "+33 6 12 34 56 78");
	text_is(r->email, "jean.petit@example.fr");
	text_is(r->available, "24/7");
	text_is(r->activation_day, "PT1H");
	text_is(r->activation_night, "PT2H");
	text_is(r->verified, "2026-10-08");
	text_is(r->notes, "Astreinte le week-end");
	import_release(&im);
}

static void columns_as_address_books_name_them(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "Display Name,Email Address,Mobile Phone,Work Phone,Job Title,Notes,Birthday\n"
			 "Jean Petit,jean.petit@example.fr,+33 6 12 34 56 78,+33 1 99 00 10 01,DSI,x,1970-01-01\n",
		    NULL);
	no_problems(&im);
	const struct import_record *r = &im.recs[0];
	text_is(r->name, "Jean Petit");
	text_is(r->email, "jean.petit@example.fr");
	/* Every phone column adds its number; unknown columns are left out. */
	assert_int_equal(r->phones.nr, 2);
	text_is(r->phones.items[1], "+33 1 99 00 10 01");
	text_is(r->title, "DSI");
	import_release(&im);
}

/*
 * Outlook's CSV export names its columns "E-mail Address" and "Business
 * Phone": both are known, or the address and the number would be left out
 * without a word.
 */
static void outlook_columns(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "First Name,Last Name,E-mail Address,Business Phone\n"
			 "Jean,Petit,jean.petit@example.fr,+33 1 99 00 10 01\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].name, "Jean Petit");
	char *email = im.recs[0].email ? xstrdup(im.recs[0].email) : NULL;
	size_t phones = im.recs[0].phones.nr;
	import_release(&im);
	owned_is(email, "jean.petit@example.fr");
	assert_int_equal(phones, 1);
}

static void nom_alone_is_the_full_name(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "Nom;Téléphone\nJean Petit;+33 6 12 34 56 78\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].name, "Jean Petit");
	import_release(&im);
}

static void first_and_last_names(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "Prénom;Nom\nJean;Petit\n;Martin\nClaire;\n", NULL);
	no_problems(&im);
	assert_int_equal(im.nr, 3);
	text_is(im.recs[0].name, "Jean Petit");
	text_is(im.recs[1].name, "Martin");
	text_is(im.recs[2].name, "Claire");
	import_release(&im);

	import_text(&im, "First Name,Last Name\nJean,Petit\n", NULL);
	text_is(im.recs[0].name, "Jean Petit");
	import_release(&im);

	/* A full name column wins over the parts. */
	import_text(&im, "First Name,Last Name,Name\nJean,Petit,Jean-Pierre Petit\n", NULL);
	text_is(im.recs[0].name, "Jean-Pierre Petit");
	import_release(&im);
}

static void company_is_appended_to_the_title(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "Name,Job Title,Company\nJean Petit,Directeur,ACME\nA,,Voxalia\n", NULL);
	no_problems(&im);
	text_is(im.recs[0].title, "Directeur, ACME");
	text_is(im.recs[1].title, "Voxalia");
	import_release(&im);

	import_text(&im, "Nom;Prénom;Société;Fonction\nPetit;Jean;ACME;Directeur\n", NULL);
	text_is(im.recs[0].name, "Jean Petit");
	text_is(im.recs[0].title, "Directeur, ACME");
	import_release(&im);
}

static void problems_have_their_line(void **state)
{
	struct import im;
	(void)state;
	import_text(&im, "name,phone,notes\n"
			 "Good One,+33 6 12 34 56 78,\n"			/* 2 */
			 "Bad Phone,06 12,\n"					/* 3 */
			 "Multi Line,+33 6 12 34 56 79,\"line 1\nline 2\"\n"	/* 4-5 */
			 "Too,Many,Fields,Here\n"				/* 6 */
			 "\n"
			 ",+33 6 12 34 56 80,\n"				/* 8 */
			 "Last,+33 6 12 34 56 81,\n", NULL);			/* 9 */
	assert_int_equal(im.nr, 3);
	text_is(im.recs[0].name, "Good One");
	assert_int_equal(im.recs[0].line, 2);
	assert_int_equal(im.recs[1].line, 4);
	text_is(im.recs[1].notes, "line 1\nline 2");
	assert_int_equal(im.recs[2].line, 9);
	assert_int_equal(im.nr_problems, 3);
	assert_int_equal(im.problems[0].line, 3);
	contains(im.problems[0].message, "'06 12'");
	assert_int_equal(im.problems[1].line, 6);
	text_is(im.problems[1].message, "4 fields where the header has 3");
	assert_int_equal(im.problems[2].line, 8);
	text_is(im.problems[2].message, "no name");
	import_release(&im);
}

static void file_without_a_name_column(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char csv[] = "\nphone,email\n+33 6 12 34 56 78,a@example.fr\n";
	assert_int_equal(import_csv(&im, csv, strlen(csv), NULL), -1);
	contains(crisis_error_last(), "line 2: no name column");
	assert_int_equal(im.nr, 0);
	import_release(&im);

	assert_int_equal(import_csv(&im, "", 0, NULL), -1);
	contains(crisis_error_last(), "no records");
	import_release(&im);
}

/* ---- reading vCard ---- */

static void vcard_3_with_n_and_org(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char vcf[] =
		"BEGIN:VCARD\r\n"
		"VERSION:3.0\r\n"
		"N:Lefèvre;Hélène;;;\r\n"
		"TITLE:Responsable\r\n"
		"ORG:ACME;Direction\r\n"
		"TEL;TYPE=CELL:06 12 34 56 78\r\n"
		"TEL;TYPE=WORK:tel:+33-1-99-00-10-01\r\n"
		"EMAIL;TYPE=INTERNET:helene@example.fr\r\n"
		"NOTE:Astreinte\\, le week-end\r\n"
		"END:VCARD\r\n";
	assert_int_equal(import_vcard(&im, vcf, strlen(vcf), "33"), 0);
	no_problems(&im);
	assert_int_equal(im.nr, 1);
	const struct import_record *r = &im.recs[0];
	/* No FN: the name from N, given name first. */
	text_is(r->name, "Hélène Lefèvre");
	/* The organisation (its first part) after the title. */
	text_is(r->title, "Responsable, ACME");
	assert_int_equal(r->phones.nr, 2);
	text_is(r->phones.items[0], "+33 6 12 34 56 78");
	text_is(r->phones.items[1], "+33 1 99 00 10 01");
	text_is(r->email, "helene@example.fr");
	text_is(r->notes, "Astreinte, le week-end");
	assert_null(r->id);
	assert_int_equal(r->line, 1);
	import_release(&im);
}

/*
 * The name comes from N only when there is no FN, even when N comes first
 * (as Apple Contacts writes them): "Dr Jean Pierre Petit" stays whole.
 */
static void vcard_fn_wins_over_n(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char vcf[] =
		"BEGIN:VCARD\r\n"
		"VERSION:3.0\r\n"
		"N:Petit;Jean;Pierre;Dr;\r\n"
		"FN:Dr Jean Pierre Petit\r\n"
		"END:VCARD\r\n";
	assert_int_equal(import_vcard(&im, vcf, strlen(vcf), NULL), 0);
	char *name = im.nr == 1 ? xstrdup(im.recs[0].name) : NULL;
	import_release(&im);
	owned_is(name, "Dr Jean Pierre Petit");
}

static void vcard_problems_have_their_line(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char vcf[] =
		"BEGIN:VCARD\n"			/* 1 */
		"VERSION:4.0\n"
		"FN:Jean Petit\n"
		"TEL:+33 6 12 34 56 78\n"
		"END:VCARD\n"
		"BEGIN:VCARD\n"			/* 6 */
		"VERSION:4.0\n"
		"TEL:+33 6 12 34 56 79\n"
		"END:VCARD\n"
		"BEGIN:VCARD\n"			/* 10 */
		"VERSION:4.0\n"
		"FN:Anne Dubois\n"
		"EMAIL:anne.example.fr\n"	/* 13 */
		"END:VCARD\n";
	assert_int_equal(import_vcard(&im, vcf, strlen(vcf), NULL), 0);
	assert_int_equal(im.nr, 1);
	text_is(im.recs[0].name, "Jean Petit");
	assert_int_equal(im.nr_problems, 2);
	assert_int_equal(im.problems[0].line, 6);
	text_is(im.problems[0].message, "no name");
	assert_int_equal(im.problems[1].line, 10);
	contains(im.problems[1].message, "'anne.example.fr' is not an e-mail address");
	import_release(&im);
}

static void vcard_unusable_card_is_a_problem(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char vcf[] =
		"BEGIN:VCARD\n"
		"VERSION:4.0\n"
		"FN:Jean Petit\n"
		"BEGIN:VCARD\n"
		"VERSION:4.0\n"
		"FN:Anne Dubois\n"
		"END:VCARD\n";
	assert_int_equal(import_vcard(&im, vcf, strlen(vcf), NULL), 0);
	/* The card left open is a problem; the next one is read. */
	contains(one_problem(&im, 4), "BEGIN:VCARD before the END:VCARD");
	assert_int_equal(im.nr, 1);
	text_is(im.recs[0].name, "Anne Dubois");
	import_release(&im);
}

static void not_vcard_is_an_error(void **state)
{
	struct import im = { 0 };
	(void)state;
	static const char csv[] = "name,phone\nJean,+33 6 12 34 56 78\n";
	assert_int_equal(import_vcard(&im, csv, strlen(csv), NULL), -1);
	assert_int_equal(im.nr, 0);
	assert_int_equal(im.nr_problems, 0);
	import_release(&im);
}

TEST_MAIN(
	cmocka_unit_test(phones_keep_their_digit_groups),
	cmocka_unit_test(several_phones_in_one_cell),
	cmocka_unit_test(national_numbers_with_a_country),
	cmocka_unit_test(national_numbers_without_a_country),
	cmocka_unit_test(double_zero_prefix_is_international),
	cmocka_unit_test(not_phone_numbers),
	cmocka_unit_test(trunk_zero_in_brackets),
	cmocka_unit_test(email_is_checked),
	cmocka_unit_test(control_characters_are_problems),
	cmocka_unit_test(company_goes_after_the_title),
	cmocka_unit_test(org_and_availability_in_english_or_french),
	cmocka_unit_test(unknown_org_or_availability),
	cmocka_unit_test(durations_are_checked),
	cmocka_unit_test(french_dates_for_verified),
	cmocka_unit_test(bad_dates_for_verified),
	cmocka_unit_test(bad_french_date_is_quoted_as_written),
	cmocka_unit_test(two_digit_year_is_refused),
	cmocka_unit_test(bad_id_is_a_problem),
	cmocka_unit_test(record_without_a_name),
	cmocka_unit_test(columns_in_french),
	cmocka_unit_test(columns_as_address_books_name_them),
	cmocka_unit_test(outlook_columns),
	cmocka_unit_test(nom_alone_is_the_full_name),
	cmocka_unit_test(first_and_last_names),
	cmocka_unit_test(company_is_appended_to_the_title),
	cmocka_unit_test(problems_have_their_line),
	cmocka_unit_test(file_without_a_name_column),
	cmocka_unit_test(vcard_3_with_n_and_org),
	cmocka_unit_test(vcard_fn_wins_over_n),
	cmocka_unit_test(vcard_problems_have_their_line),
	cmocka_unit_test(vcard_unusable_card_is_a_problem),
	cmocka_unit_test(not_vcard_is_an_error),
)
