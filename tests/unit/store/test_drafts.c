#include "unit.h"
#include "store/drafts.h"
#include "util/error.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char root[64];

static int setup(void **state)
{
	(void)state;
	return unit_tmp_root(root, "drafts");
}

static int teardown(void **state)
{
	(void)state;
	return unit_rm_root(root);
}

static struct drafts *open_drafts(void)
{
	struct drafts *d = NULL;
	if (drafts_open(&d, root) < 0)
		fail_msg("drafts_open: %s", crisis_error_last());
	assert_non_null(d);
	return d;
}

static const struct draft a_draft = {
	.id = "retex-incendie", .run = "2026-11-22-exercice-incendie", .plan = "site-incendie",
	.title = "Retour d'expérience : incendie", .date = "2026-11-26", .started_ms = 1000,
};

/* The entries of a draft, as "section:text" lines, with their numbers checked 1..N. */
struct collected {
	struct buf lines;
	int64_t next;
	bool gap;
};

static int collect(const struct draft_entry *e, void *data)
{
	struct collected *c = data;
	c->gap |= e->seq != ++c->next;
	buf_addf(&c->lines, "%s:%s%s%s\n", e->section, e->text ? e->text : "",
		 e->owner ? " owner=" : "", e->owner ? e->owner : "");
	return 0;
}

static void entries_of(struct drafts *d, const char *id, struct collected *c)
{
	memset(c, 0, sizeof(*c));
	if (drafts_entries(d, id, collect, c) < 0)
		fail_msg("drafts_entries: %s", crisis_error_last());
}

static void a_draft_with_its_material_round_trips(void **state)
{
	struct draft_entry material[] = {
		{ .section = "participant", .text = "c-renaud" },
		{ .section = "went_wrong", .text = "Alerte en retard" },
	};
	struct draft got;
	struct collected c;
	(void)state;
	struct drafts *d = open_drafts();
	assert_int_equal(drafts_add(d, &a_draft, material, 2), 0);
	assert_int_equal(material[1].seq, 2);
	drafts_close(d);

	d = open_drafts();
	assert_int_equal(drafts_get(d, "retex-incendie", &got), 0);
	assert_string_equal(got.run, a_draft.run);
	assert_string_equal(got.plan, "site-incendie");
	assert_string_equal(got.title, a_draft.title);
	assert_string_equal(got.date, "2026-11-26");
	assert_null(got.crisis);
	draft_release(&got);

	struct draft_entry e = { .section = "action", .text = "Mettre à jour la liste", .owner = "c-leroy",
				 .due = "2027-01-15", .element = "planning", .id = "a-liste" };
	assert_int_equal(drafts_append(d, "retex-incendie", &e), 0);
	assert_int_equal(e.seq, 3);
	entries_of(d, "retex-incendie", &c);
	assert_false(c.gap);
	assert_string_equal(c.lines.ptr, "participant:c-renaud\nwent_wrong:Alerte en retard\n"
			    "action:Mettre à jour la liste owner=c-leroy\n");
	buf_release(&c.lines);
	drafts_close(d);
}

static void the_same_id_twice_is_refused_and_nothing_changes(void **state)
{
	struct draft_entry one = { .section = "lesson", .text = "premier" };
	struct draft_entry other = { .section = "lesson", .text = "second" };
	struct collected c;
	(void)state;
	struct drafts *d = open_drafts();
	assert_int_equal(drafts_add(d, &a_draft, &one, 1), 0);
	crisis_error_clear();
	assert_true(drafts_add(d, &a_draft, &other, 1) < 0);
	assert_non_null(strstr(crisis_error_last(), "being written already"));
	/* all or nothing: the refused draft's entry is not there */
	entries_of(d, "retex-incendie", &c);
	assert_string_equal(c.lines.ptr, "lesson:premier\n");
	buf_release(&c.lines);
	drafts_close(d);
}

static void unknown_draft_and_remove(void **state)
{
	struct draft got;
	struct draft *all;
	size_t nr;
	struct draft b = a_draft;
	(void)state;
	struct drafts *d = open_drafts();
	assert_int_equal(drafts_get(d, "nope", &got), CRISIS_ENOTFOUND);
	assert_int_equal(drafts_add(d, &a_draft, NULL, 0), 0);
	b.id = "cyber";
	b.started_ms = 500;
	assert_int_equal(drafts_add(d, &b, NULL, 0), 0);
	struct draft_entry e = { .section = "lesson", .text = "x" };
	assert_int_equal(drafts_append(d, "cyber", &e), 0);
	assert_int_equal(drafts_list(d, &all, &nr), 0);
	assert_int_equal(nr, 2);
	assert_string_equal(all[0].id, "cyber");	/* oldest first */
	drafts_free(all, nr);

	assert_int_equal(drafts_remove(d, "cyber"), 0);
	assert_int_equal(drafts_get(d, "cyber", &got), CRISIS_ENOTFOUND);
	struct collected c;
	entries_of(d, "cyber", &c);
	assert_int_equal(c.next, 0);	/* its entries went with it */
	assert_int_equal(drafts_list(d, &all, &nr), 0);
	assert_int_equal(nr, 1);
	drafts_free(all, nr);
	drafts_close(d);
}

/* Two processes adding at once: both keep every entry, numbered 1..N without gap or repeat. */
static void two_processes_adding_at_once(void **state)
{
	enum { EACH = 40 };
	struct collected c;
	(void)state;
	struct drafts *d = open_drafts();
	assert_int_equal(drafts_add(d, &a_draft, NULL, 0), 0);
	drafts_close(d);

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct drafts *cd = NULL;
		int ok = drafts_open(&cd, root) == 0;
		for (int i = 0; ok && i < EACH; i++) {
			struct draft_entry e = { .section = "went_well", .text = "child" };
			ok = drafts_append(cd, "retex-incendie", &e) == 0;
		}
		drafts_close(cd);
		_exit(ok ? 0 : 1);
	}
	d = open_drafts();
	int failed = 0;
	for (int i = 0; i < EACH; i++) {
		struct draft_entry e = { .section = "went_wrong", .text = "parent" };
		failed += drafts_append(d, "retex-incendie", &e) != 0;
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(failed, 0);
	entries_of(d, "retex-incendie", &c);
	assert_false(c.gap);
	assert_int_equal(c.next, 2 * EACH);
	size_t child = 0;
	for (const char *p = c.lines.ptr; (p = strstr(p, "went_well:child")); p++)
		child++;
	assert_int_equal(child, EACH);
	buf_release(&c.lines);
	drafts_close(d);
}

static void a_newer_journal_is_refused(void **state)
{
	char path[128];
	sqlite3 *db;
	(void)state;
	struct drafts *d = open_drafts();
	drafts_close(d);
	snprintf(path, sizeof(path), "%s.crisis/journal.db", root);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE store_version SET version = 7"
				      " WHERE subsystem = 'debrief'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	d = (struct drafts *)1;
	crisis_error_clear();
	assert_true(drafts_open(&d, root) < 0);
	assert_null(d);
	assert_non_null(strstr(crisis_error_last(), "newer"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

TEST_MAIN(
	T(a_draft_with_its_material_round_trips),
	T(the_same_id_twice_is_refused_and_nothing_changes),
	T(unknown_draft_and_remove),
	T(two_processes_adding_at_once),
	T(a_newer_journal_is_refused),
)
