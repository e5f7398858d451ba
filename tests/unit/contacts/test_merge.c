#include "contacts_fixture.h"
#include "contacts/merge.h"
#include "util/strmap.h"

/* ---- matching ---- */

static struct import_record rec_named(const char *name)
{
	struct import_record r;
	memset(&r, 0, sizeof(r));
	r.name = (char *)name;
	return r;
}

static void id_alone_decides(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *c = contact(fx, "j-lefevre");
	struct import_record r = rec_named("Julien Lefèvre");
	r.id = (char *)"j-lefevre";
	assert_true(merge_matches(&r, c));
	/* Another id: not this contact, whatever else is the same. */
	r.id = (char *)"j-lefevre-2";
	r.email = (char *)"julien.lefevre@example.fr";
	assert_false(merge_matches(&r, c));
}

static void matches_by_email_phone_or_name(void **state)
{
	struct fixture *fx = *state;
	load_contacts(fx, CONTACTS);
	const struct plan_contact *c = contact(fx, "j-lefevre");
	struct strlist phones = STRLIST_INIT;

	struct import_record r = rec_named("Someone Else");
	r.email = (char *)"Julien.Lefevre@EXAMPLE.fr";
	assert_true(merge_matches(&r, c));

	r = rec_named("Someone Else");
	strlist_add(&phones, "+33199001001");
	r.phones = phones;
	assert_true(merge_matches(&r, c));

	/* Accents and case aside. */
	r = rec_named("JULIEN LEFEVRE");
	assert_true(merge_matches(&r, c));

	r = rec_named("Julien Lefèvre-Martin");
	r.email = (char *)"other@example.fr";
	assert_false(merge_matches(&r, c));
	strlist_release(&phones);
}

/* ---- merging ---- */

/*
 * Merge the records of `csv` into fx->lp (NULL: a new file), new ids being
 * none of `taken` (which may be NULL); the new text.
 */
static char *merged_taken(struct fixture *fx, bool existing, const struct strmap *taken,
			  const char *csv, struct import *im, struct merge_result **results)
{
	struct buf out = BUF_INIT;
	import_text(im, csv, "33");
	no_problems(im);
	assert_int_equal(merge_records(im, existing ? &fx->lp : NULL, taken, &out, results), 0);
	return buf_detach(&out);
}

static char *merged(struct fixture *fx, bool existing, const char *csv, struct import *im,
		    struct merge_result **results)
{
	return merged_taken(fx, existing, NULL, csv, im, results);
}

/* What import writes must be a valid contacts.yaml. */
static void valid_contacts_file(struct fixture *fx, const char *text)
{
	struct diag_file *f = diag_file_new("contacts.yaml", unit_severities());
	struct loaded lp;
	struct buf b = BUF_INIT;
	buf_adds(&b, text);
	if (validate_load_text(&fx->v, f, &b, &lp) < 0 || f->errors) {
		dump(f);
		fail_msg("not a valid contacts file:\n%s", text);
	}
	text_is(f->kind, "contacts");
	loaded_release(&lp);
	diag_file_free(f);
}

static void merge_into_a_new_file(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	char *out = merged(fx, false,
			   "Nom;Téléphone;Courriel;Interne ou externe;Activation jour;Remarques\n"
			   "Hélène Lefèvre;06 12 34 56 78;helene@example.fr;externe;PT1H;Code: 42 # x\n"
			   "Jean Petit;+33 6 00 00 00 02;;;;\n", &im, &res);
	text_is(out,
		"# The contacts every plan of the workspace shares (crisis contacts).\n"
		"format: crisis/v1\n"
		"kind: contacts\n"
		"contacts:\n"
		"  - id: helene-lefevre\n"
		"    name: Hélène Lefèvre\n"
		"    org: external\n"
		"    phones: [\"+33 6 12 34 56 78\"]\n"
		"    email: helene@example.fr\n"
		"    activation:\n"
		"      day: PT1H\n"
		"    notes: \"Code: 42 # x\"\n"
		"  - id: jean-petit\n"
		"    name: Jean Petit\n"
		"    phones: [\"+33 6 00 00 00 02\"]\n");
	valid_contacts_file(fx, out);
	assert_int_equal(res[0].change, MERGE_ADDED);
	text_is(res[0].id, "helene-lefevre");
	assert_int_equal(res[0].line, 2);
	assert_int_equal(res[1].change, MERGE_ADDED);
	text_is(res[1].id, "jean-petit");
	assert_int_equal(res[1].line, 3);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_makes_ids_from_names(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	char *out = merged(fx, false,
			   "name,phone\n"
			   "Hélène Lefèvre,+33 6 00 00 00 01\n"
			   "  Jean-Pierre  O'Neil (DSI) ,+33 6 00 00 00 02\n"
			   "Jean Petit,+33 6 00 00 00 03\n"
			   "Jean Petit,+33 6 00 00 00 04\n"
			   "Jean Petit,+33 6 00 00 00 05\n"
			   "李 小龍,+33 6 00 00 00 06\n", &im, &res);
	static const char *const want[] = {
		"helene-lefevre", "jean-pierre-o-neil-dsi", "jean-petit", "jean-petit-2",
		"jean-petit-3", "contact",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		assert_int_equal(res[i].change, MERGE_ADDED);
		text_is(res[i].id, want[i]);
	}
	valid_contacts_file(fx, out);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_adds_to_an_existing_file(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, CONTACTS);
	char *out = merged(fx, true, "name,phone,verified\nAnne Dubois,06 00 00 10 02,05/10/2026\n",
			   &im, &res);
	/* Everything as it was, the new entry after the last one. */
	size_t before = strlen(CONTACTS) - strlen("# End of the list.\n");
	assert_memory_equal(out, CONTACTS, before);
	text_is(out + before,
			    "  - id: anne-dubois\n"
			    "    name: Anne Dubois\n"
			    "    phones: [\"+33 6 00 00 10 02\"]\n"
			    "    verified: 2026-10-05\n"
			    "# End of the list.\n");
	valid_contacts_file(fx, out);
	assert_int_equal(res[0].change, MERGE_ADDED);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_updates_one_entry_in_place(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, CONTACTS);
	/* Found by its e-mail address; only the title changes. */
	char *out = merged(fx, true, "name,email,title\nJ. Lefèvre,julien.lefevre@example.fr,Président\n",
			   &im, &res);
	char *want = replaced(CONTACTS, "    name: Julien Lefèvre\n    title: Directeur général   # since 2024\n",
			      "    name: J. Lefèvre\n    title: Président\n");
	text_is(out, want);
	valid_contacts_file(fx, out);
	assert_int_equal(res[0].change, MERGE_UPDATED);
	text_is(res[0].id, "j-lefevre");
	assert_int_equal(res[0].line, 2);
	free(want);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_updates_several_entries(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, CONTACTS);
	char *out = merged(fx, true,
			   "id,name,available\n"
			   "voxalia,Voxalia Crise,24/7\n"
			   ",Nouveau Contact,24/7\n"
			   "j-lefevre,Julien Lefèvre,office-hours\n", &im, &res);
	/* An entry that changes is written anew: its own comments go. */
	char *t = replaced(CONTACTS, "   # since 2024\n", "\n");
	char *a = replaced(t, "    available: 24/7\n", "    available: office-hours\n");
	char *b = replaced(a, "    available: office-hours\n    activation:",
			   "    available: 24/7\n    activation:");
	char *want = replaced(b, "# End of the list.\n",
			      "  - id: nouveau-contact\n    name: Nouveau Contact\n    available: 24/7\n"
			      "# End of the list.\n");
	text_is(out, want);
	assert_int_equal(res[0].change, MERGE_UPDATED);
	assert_int_equal(res[1].change, MERGE_ADDED);
	assert_int_equal(res[2].change, MERGE_UPDATED);
	free(t);
	free(a);
	free(b);
	free(want);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_reports_unchanged_records(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, CONTACTS);
	/* The same numbers written otherwise, and a French date: nothing changes. */
	char *out = merged(fx, true,
			   "Nom;Téléphone;Vérifié le\n"
			   "Julien Lefèvre;06 12 34 56 78 / +33199001001;05/10/2026\n", &im, &res);
	text_is(out, CONTACTS);
	assert_int_equal(res[0].change, MERGE_UNCHANGED);
	text_is(res[0].id, "j-lefevre");
	free(res);
	free(out);
	import_release(&im);
}

static void merge_same_contact_twice_the_last_wins(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, CONTACTS);
	char *out = merged(fx, true,
			   "id,name,title\n"
			   "voxalia,Voxalia Crise,Premier\n"
			   "voxalia,Voxalia Crise,Second\n", &im, &res);
	char *want = replaced(CONTACTS, "    title: Astreinte, niveau 2\n", "    title: Second\n");
	text_is(out, want);
	assert_int_equal(res[0].change, MERGE_UPDATED);
	assert_int_equal(res[1].change, MERGE_UPDATED);
	free(want);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_id_taken_by_another_contact(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, "format: crisis/v1\nkind: contacts\ncontacts:\n"
			  "  - id: jean-petit\n    name: Jean-Pierre Petit\n");
	char *out = merged(fx, true, "name\nJean Petit\n", &im, &res);
	assert_int_equal(res[0].change, MERGE_ADDED);
	text_is(res[0].id, "jean-petit-2");
	text_is(out, "format: crisis/v1\nkind: contacts\ncontacts:\n"
				 "  - id: jean-petit\n    name: Jean-Pierre Petit\n"
				 "  - id: jean-petit-2\n    name: Jean Petit\n");
	free(res);
	free(out);
	import_release(&im);
}

static void merge_ids_taken_elsewhere(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	struct strmap taken = STRMAP_INIT;
	/* A cell role and a plan's contact of the workspace. */
	strmap_put(&taken, "pilote", (void *)"role");
	strmap_put(&taken, "jean-petit", (void *)"contact");
	strmap_put(&taken, "jean-petit-2", (void *)"contact");
	char *out = merged_taken(fx, false, &taken, "name\nPilote\nJean Petit\nAnne\n", &im, &res);
	text_is(res[0].id, "pilote-2");
	text_is(res[1].id, "jean-petit-3");
	text_is(res[2].id, "anne");
	valid_contacts_file(fx, out);
	strmap_release(&taken);
	free(res);
	free(out);
	import_release(&im);
}

static void merge_into_an_empty_list(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, "format: crisis/v1\r\nkind: contacts\r\ncontacts: []\r\n");
	char *out = merged(fx, true, "name\nAnne\n", &im, &res);
	text_is(out, "format: crisis/v1\r\nkind: contacts\r\ncontacts:\r\n"
				 "  - id: anne\r\n    name: Anne\r\n");
	valid_contacts_file(fx, out);
	free(res);
	free(out);
	import_release(&im);
}

/*
 * Updating a contact whose notes are a block scalar takes the lines of the
 * old notes away, or they would continue the new value (or break the file).
 */
static void merge_updates_an_entry_with_multiline_notes(void **state)
{
	struct fixture *fx = *state;
	struct import im;
	struct merge_result *res;
	load_contacts(fx, "format: crisis/v1\nkind: contacts\ncontacts:\n"
			  "  - id: anne\n    name: Anne\n    notes: >-\n      ligne 1\n      ligne 2\n"
			  "  - id: bob\n    name: Bob\n");
	char *out = merged(fx, true, "id,name,title\nanne,Anne,DSI\n", &im, &res);
	free(res);
	import_release(&im);
	owned_is(out, "format: crisis/v1\nkind: contacts\ncontacts:\n"
		      "  - id: anne\n    name: Anne\n    title: DSI\n    notes: ligne 1 ligne 2\n"
		      "  - id: bob\n    name: Bob\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	T(id_alone_decides),
	T(matches_by_email_phone_or_name),
	T(merge_into_a_new_file),
	T(merge_makes_ids_from_names),
	T(merge_adds_to_an_existing_file),
	T(merge_updates_one_entry_in_place),
	T(merge_updates_several_entries),
	T(merge_reports_unchanged_records),
	T(merge_same_contact_twice_the_last_wins),
	T(merge_id_taken_by_another_contact),
	T(merge_ids_taken_elsewhere),
	T(merge_into_an_empty_list),
	T(merge_updates_an_entry_with_multiline_notes),
)
