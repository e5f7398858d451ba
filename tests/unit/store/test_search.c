#include "unit.h"
#include "store/search.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[64];

static const char ecrire[] = "Écrire la main courante dès la première heure";
static const char equipe[] = "L'équipe d'astreinte n'a pas été prévenue";
static const char vigilis[] = "Mettre à jour la liste d'astreinte de Vigilis";

static int setup(void **state)
{
	(void)state;
	return unit_tmp_root(root, "search");
}

static int teardown(void **state)
{
	(void)state;
	return unit_rm_root(root);
}

static struct search *opened(void)
{
	struct search *s;
	assert_int_equal(search_open(&s, root), 0);
	return s;
}

/* Index `path` (of plan `plan`, year `year`) as saying `texts`, lessons L1, L2, ... on lines 1, 2, ... */
static void put_texts(struct search *s, const char *path, const char *plan, int year,
		      const char *const *texts, const char *const *tags, size_t nr)
{
	struct search_file f = { path, "debrief", "retex", plan, year, 1, 2 };
	struct search_doc docs[8];
	char refs[8][8];
	assert_true(nr <= 8);
	for (size_t i = 0; i < nr; i++) {
		snprintf(refs[i], sizeof(refs[i]), "L%zu", i + 1);
		docs[i] = (struct search_doc){ "lesson", refs[i], texts[i], tags ? tags[i] : NULL,
					       (long)i + 1 };
	}
	assert_int_equal(search_put(s, &f, docs, nr), 0);
}

static void put_one(struct search *s, const char *path, const char *text)
{
	put_texts(s, path, NULL, 0, &text, NULL, 1);
}

static int add_hit(const struct search_hit *h, void *data)
{
	buf_addf(data, "%s:%ld %s %s %s\n", h->path, h->line, h->kind, h->ref ? h->ref : "-",
		 h->text);
	return 0;
}

/* The hits of `q` as lines "path:line kind ref text", best first ("" for none). */
static char *found_by(struct search *s, const struct search_query *q)
{
	struct buf out = BUF_INIT;
	int nr = search_run(s, q, add_hit, &out);
	if (nr < 0)
		print_error("%s\n", crisis_error_last());
	assert_true(nr >= 0);
	buf_adds(&out, "");
	return buf_detach(&out);
}

static char *found(struct search *s, const char *text)
{
	struct search_query q = { .text = text };
	return found_by(s, &q);
}

/* How many hits `text` has, or the negative code. */
static int count(struct search *s, const char *text)
{
	struct buf out = BUF_INIT;
	struct search_query q = { .text = text };
	int nr = search_run(s, &q, add_hit, &out);
	buf_release(&out);
	return nr;
}

static void accents_and_case_do_not_matter_either_way(void **state)
{
	static const char *const texts[] = { ecrire, equipe, "Une equipe de nuit sans accents" };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 3);
	owned_is(found(s, "ECRIRE"),
		 "debriefs/a.yaml:1 lesson L1 \x01" "Écrire\x02 la main courante dès la première heure\n");
	owned_is(found(s, "équipe"),
		 "debriefs/a.yaml:3 lesson L3 Une \x01" "equipe\x02 de nuit sans accents\n"
		 "debriefs/a.yaml:2 lesson L2 L'\x01" "équipe\x02 d'astreinte n'a pas été prévenue\n");
	assert_int_equal(count(s, "ÉQUIPE"), 2);
	assert_int_equal(count(s, "PREVENUE"), 1);
	assert_int_equal(count(s, "écrirE"), 1);
	search_close(s);
}

static void each_word_is_the_start_of_a_word(void **state)
{
	static const char *const texts[] = { "Les astreintes du week-end", equipe };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 2);
	assert_int_equal(count(s, "astreinte"), 2);
	owned_has(found(s, "astreintes"), "\x01" "astreintes\x02 du");
	assert_int_equal(count(s, "astreintes"), 1);
	assert_int_equal(count(s, "astr"), 2);
	/* The start of a word, not any part of it. */
	assert_int_equal(count(s, "treinte"), 0);
	assert_int_equal(count(s, "week"), 1);
	search_close(s);
}

static void every_word_must_match(void **state)
{
	static const char *const texts[] = { ecrire, equipe, vigilis };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 3);
	assert_int_equal(count(s, "astreinte"), 2);
	owned_is(found(s, "astreinte vigilis"),
		 "debriefs/a.yaml:3 lesson L3 Mettre à jour la liste d'\x01" "astreinte\x02 de \x01"
		 "Vigilis\x02\n");
	assert_int_equal(count(s, "vigilis astreinte"), 1);
	assert_int_equal(count(s, "astreinte heure"), 0);
	search_close(s);
}

struct ranks {
	double rank[8];
	int nr;
};

static int add_rank(const struct search_hit *h, void *data)
{
	struct ranks *r = data;
	if (r->nr < 8)
		r->rank[r->nr++] = h->rank;
	return 0;
}

static void fewer_words_and_more_matches_rank_first(void **state)
{
	static const char *const texts[] = {
		"La liste d'astreinte était ancienne et personne ne savait qui appeler la nuit",
		"Astreinte : relire l'astreinte",
		"Le numéro d'astreinte",
		"Un texte sans le mot",
	};
	struct search_query q = { .text = "astreinte" };
	struct ranks r = { .nr = 0 };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 4);
	owned_is(found(s, "astreinte"),
		 "debriefs/a.yaml:2 lesson L2 \x01" "Astreinte\x02 : relire l'\x01" "astreinte\x02\n"
		 "debriefs/a.yaml:3 lesson L3 Le numéro d'\x01" "astreinte\x02\n"
		 "debriefs/a.yaml:1 lesson L1 La liste d'\x01" "astreinte\x02 était ancienne et "
		 "personne ne savait qui appeler la nuit\n");
	/* The ranks given are bm25's: negative, the lowest first. */
	assert_int_equal(search_run(s, &q, add_rank, &r), 3);
	assert_int_equal(r.nr, 3);
	assert_true(r.rank[0] < r.rank[1]);
	assert_true(r.rank[1] < r.rank[2]);
	assert_true(r.rank[2] < 0);
	search_close(s);
}

static void matching_words_are_marked(void **state)
{
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", ecrire);
	owned_is(found(s, "ecrire heure"),
		 "debriefs/a.yaml:1 lesson L1 \x01" "Écrire\x02 la main courante dès la première "
		 "\x01" "heure\x02\n");
	/* A prefix marks the whole word it starts; a word typed twice is marked once. */
	owned_is(found(s, "prem PREM"),
		 "debriefs/a.yaml:1 lesson L1 Écrire la main courante dès la \x01" "première\x02 heure\n");
	/* Every occurrence, nothing else: "la" twice, not "l" of "main". */
	owned_is(found(s, "la"),
		 "debriefs/a.yaml:1 lesson L1 Écrire \x01" "la\x02 main courante dès \x01" "la\x02 "
		 "première heure\n");
	search_close(s);
}

static void files_can_be_chosen_by_plan_year_and_tag(void **state)
{
	static const char *const a[] = { "Alerte : la cellule a été prévenue tard" };
	static const char *const b[] = { "Alerte : la cellule a été prévenue tôt",
					  "Alerte : la cellule de nuit" };
	static const char *const b_tags[] = { "alerte-nuit", "cellule alerte" };
	struct search_query q = { .text = "cellule" };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", "pca-siege", 2025, a, NULL, 1);
	put_texts(s, "runs/b.yaml", "pca-usine", 2026, b, b_tags, 2);
	assert_int_equal(count(s, "cellule"), 3);

	q.plan = "pca-siege";
	owned_is(found_by(s, &q), "debriefs/a.yaml:1 lesson L1 Alerte : la \x01" "cellule\x02 a été prévenue tard\n");
	q.plan = "pca";
	owned_is(found_by(s, &q), "");
	q.plan = NULL;

	q.year = 2026;
	owned_has(found_by(s, &q), "runs/b.yaml:1");
	q.year = 2024;
	owned_is(found_by(s, &q), "");
	q.year = 2025;
	q.plan = "pca-usine";
	owned_is(found_by(s, &q), "");
	q.year = 0;
	q.plan = NULL;

	/* A tag is matched whole: "alerte" is not "alerte-nuit". */
	q.tag = "alerte";
	owned_is(found_by(s, &q), "runs/b.yaml:2 lesson L2 Alerte : la \x01" "cellule\x02 de nuit\n");
	q.tag = "alerte-nuit";
	owned_is(found_by(s, &q), "runs/b.yaml:1 lesson L1 Alerte : la \x01" "cellule\x02 a été prévenue tôt\n");
	q.tag = "cellule";
	owned_has(found_by(s, &q), "runs/b.yaml:2");
	q.tag = "nuit";
	owned_is(found_by(s, &q), "");
	q.tag = "Alerte";
	owned_is(found_by(s, &q), "");
	q.tag = "cellule alerte";
	owned_is(found_by(s, &q), "");
	q.tag = "";
	owned_is(found_by(s, &q), "");

	/* Tags go with their documents: replaced by a put, forgotten by a drop. */
	static const char *const b_again[] = { "Alerte : la cellule de nuit" };
	static const char *const b_again_tags[] = { "nouveau" };
	put_texts(s, "runs/b.yaml", "pca-usine", 2026, b_again, b_again_tags, 1);
	q.tag = "alerte";
	owned_is(found_by(s, &q), "");
	q.tag = "nouveau";
	owned_has(found_by(s, &q), "runs/b.yaml:1");
	assert_int_equal(search_drop(s, "runs/b.yaml"), 0);
	/* A new file may be given the number of the one dropped: not its tags. */
	put_one(s, "runs/c.yaml", "La cellule");
	owned_is(found_by(s, &q), "");
	q.tag = NULL;
	assert_int_equal(count(s, "cellule"), 2);
	search_close(s);
}

static void a_put_replaces_what_the_file_said(void **state)
{
	static const char *const before[] = { "Ancien texte", "Ancienne leçon" };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, before, NULL, 2);
	put_one(s, "debriefs/b.yaml", "Ancien texte de b");
	put_one(s, "debriefs/a.yaml", "Nouveau texte");
	assert_int_equal(count(s, "ancien"), 1);
	owned_is(found(s, "ancien"), "debriefs/b.yaml:1 lesson L1 \x01" "Ancien\x02 texte de b\n");
	owned_is(found(s, "nouveau"), "debriefs/a.yaml:1 lesson L1 \x01" "Nouveau\x02 texte\n");
	assert_int_equal(count(s, "texte"), 2);
	/* Nothing said is a file indexed still, and no documents. */
	assert_int_equal(search_put(s, &(struct search_file){ "debriefs/a.yaml", "debrief", "a",
							      NULL, 0, 3, 4 }, NULL, 0), 0);
	assert_int_equal(count(s, "nouveau"), 0);
	assert_int_equal(count(s, "texte"), 1);
	search_close(s);
}

static int add_file(const struct search_file *f, void *data)
{
	buf_addf(data, "%s %s %s %s %d %lld %lld\n", f->path, f->source, f->id,
		 f->plan ? f->plan : "-", f->year, (long long)f->mtime_ns, (long long)f->size);
	return 0;
}

static char *files_of(struct search *s)
{
	struct buf out = BUF_INIT;
	assert_int_equal(search_files(s, add_file, &out), 0);
	buf_adds(&out, "");
	return buf_detach(&out);
}

static void a_drop_forgets_a_file(void **state)
{
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", equipe);
	put_one(s, "debriefs/b.yaml", vigilis);
	assert_int_equal(search_drop(s, "debriefs/a.yaml"), 0);
	owned_is(found(s, "astreinte"), "debriefs/b.yaml:1 lesson L1 Mettre à jour la liste d'"
		 "\x01" "astreinte\x02 de Vigilis\n");
	owned_is(files_of(s), "debriefs/b.yaml debrief retex - 0 1 2\n");
	assert_int_equal(search_drop(s, "debriefs/a.yaml"), 0);
	assert_int_equal(search_drop(s, "debriefs/none.yaml"), 0);
	/* The path again: its old documents do not come back. */
	put_one(s, "debriefs/a.yaml", ecrire);
	assert_int_equal(count(s, "astreinte"), 1);
	assert_int_equal(count(s, "ecrire"), 1);
	search_close(s);
}

static void a_clear_forgets_everything(void **state)
{
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", equipe);
	put_one(s, "debriefs/b.yaml", vigilis);
	assert_int_equal(search_clear(s), 0);
	assert_int_equal(count(s, "astreinte"), 0);
	owned_is(files_of(s), "");
	put_one(s, "debriefs/c.yaml", vigilis);
	owned_has(found(s, "vigilis"), "debriefs/c.yaml:1");
	/* In a batch as well. */
	assert_int_equal(search_begin(s), 0);
	assert_int_equal(search_clear(s), 0);
	put_one(s, "debriefs/d.yaml", ecrire);
	assert_int_equal(search_commit(s), 0);
	owned_is(files_of(s), "debriefs/d.yaml debrief retex - 0 1 2\n");
	search_close(s);
}

static int stop_at_second(const struct search_file *f, void *data)
{
	int *seen = data;
	(void)f;
	return ++*seen == 2 ? 7 : 0;
}

static void files_keep_their_stamps(void **state)
{
	struct search_file z = { "runs/z.yaml", "drill-run", "2026-11-26-incendie", "pca-siege",
				 2026, INT64_C(1795000000123456789), INT64_C(5000000000) };
	struct search_file a = { "debriefs/a.yaml", "debrief", "retex-a", NULL, 0, -1, 0 };
	struct search_doc doc = { "note", NULL, "Un texte", NULL, 12 };
	struct search *s = opened();
	int seen = 0;
	(void)state;
	assert_int_equal(search_put(s, &z, &doc, 1), 0);
	assert_int_equal(search_put(s, &a, NULL, 0), 0);
	owned_is(files_of(s), "debriefs/a.yaml debrief retex-a - 0 -1 0\n"
		 "runs/z.yaml drill-run 2026-11-26-incendie pca-siege 2026 1795000000123456789 5000000000\n");
	owned_is(found(s, "texte"), "runs/z.yaml:12 note - Un \x01" "texte\x02\n");
	/* A non-zero return stops the walk, and is returned. */
	assert_int_equal(search_files(s, stop_at_second, &seen), 7);
	assert_int_equal(seen, 2);
	search_close(s);
}

static int add_hit_fields(const struct search_hit *h, void *data)
{
	buf_addf(data, "%s|%s|%s|%s|%d|%s|%s|%ld\n", h->path, h->source, h->id,
		 h->plan ? h->plan : "(null)", h->year, h->kind, h->ref ? h->ref : "(null)",
		 h->line);
	return 0;
}

static void a_hit_says_where_it_is(void **state)
{
	struct search_file f = { "runs/z.yaml", "drill-run", "2026-11-26-incendie", "pca-siege",
				 2026, 1, 2 };
	struct search_doc docs[] = {
		{ "timeline", NULL, "Appel du préfet", NULL, 40 },
		{ "action", "A3", "Rappeler le préfet", "prefecture", 77 },
	};
	struct search_query q = { .text = "prefet" };
	struct buf out = BUF_INIT;
	struct search *s = opened();
	(void)state;
	assert_int_equal(search_put(s, &f, docs, 2), 0);
	assert_int_equal(search_run(s, &q, add_hit_fields, &out), 2);
	assert_string_equal(buf_str(&out),
			    "runs/z.yaml|drill-run|2026-11-26-incendie|pca-siege|2026|timeline|(null)|40\n"
			    "runs/z.yaml|drill-run|2026-11-26-incendie|pca-siege|2026|action|A3|77\n");
	buf_release(&out);
	search_close(s);
}

static void typed_syntax_is_only_text(void **state)
{
	static const char *const texts[] = { "Plan A or plan B, near the site", equipe };
	static const char *const no_word[] = { "\"", "*", ":", "()", "", "   ", "!?;,.-\"'*:()",
					       "«»—…", "\"\"", "^" };
	static const char *const some_word[] = { "NEAR(", "a OR", "-x", "NOT", "near/2", "a AND",
						 "\"astreinte", "astreinte*", "text:astreinte",
						 "{text}: x", "NEAR(a b, 2)", "^plan", "+plan",
						 "astreinte\"\"", "l'équipe" };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 2);
	for (size_t i = 0; i < sizeof(no_word) / sizeof(*no_word); i++) {
		crisis_error_clear();
		assert_int_equal(count(s, no_word[i]), CRISIS_ERROR);
		assert_non_null(strstr(crisis_error_last(), "no word"));
	}
	struct search_query q = { .text = NULL };
	assert_int_equal(search_run(s, &q, add_hit, NULL), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "nothing to search for"));
	for (size_t i = 0; i < sizeof(some_word) / sizeof(*some_word); i++) {
		int nr = count(s, some_word[i]);
		if (nr < 0)
			print_error("'%s': %s\n", some_word[i], crisis_error_last());
		assert_true(nr >= 0);
	}
	/* The operators are words like any other. */
	owned_has(found(s, "NEAR("), "\x01" "near\x02 the site");
	owned_has(found(s, "a OR"), "Plan \x01" "A\x02 \x01" "or\x02 plan B");
	assert_int_equal(count(s, "NOT"), 0);
	assert_int_equal(count(s, "-x"), 0);
	assert_int_equal(count(s, "\"astreinte"), 1);
	assert_int_equal(count(s, "astreinte*"), 1);
	assert_int_equal(count(s, "l'équipe"), 1);
	assert_int_equal(count(s, "text:astreinte"), 0);
	search_close(s);
}

static void too_many_words_are_refused(void **state)
{
	struct buf text = BUF_INIT;
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", vigilis);
	for (int i = 0; i < SEARCH_MAX_WORDS - 1; i++)
		buf_adds(&text, "la ");
	buf_adds(&text, "vigilis");
	assert_int_equal(count(s, text.ptr), 1);
	buf_adds(&text, " de");
	assert_int_equal(count(s, text.ptr), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "at most"));
	buf_release(&text);
	search_close(s);
}

static void the_index_survives_a_reopen(void **state)
{
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", equipe);
	assert_int_equal(search_close(s), 0);
	s = opened();
	owned_has(found(s, "astreinte"), "debriefs/a.yaml:1");
	owned_is(files_of(s), "debriefs/a.yaml debrief retex - 0 1 2\n");
	/* A batch left open is written by search_close. */
	assert_int_equal(search_begin(s), 0);
	assert_int_equal(search_begin(s), 0);
	put_one(s, "debriefs/b.yaml", vigilis);
	assert_int_equal(search_drop(s, "debriefs/a.yaml"), 0);
	assert_int_equal(search_close(s), 0);
	s = opened();
	owned_is(files_of(s), "debriefs/b.yaml debrief retex - 0 1 2\n");
	assert_int_equal(search_commit(s), 0);
	search_close(s);
}

static void a_failed_put_changes_nothing(void **state)
{
	struct search_file bad = { "debriefs/a.yaml", NULL, "a", NULL, 0, 9, 9 };
	struct search_doc doc = { "lesson", NULL, "Nouveau texte", NULL, 1 };
	struct search *s = opened();
	(void)state;
	put_one(s, "debriefs/a.yaml", "Ancien texte");
	assert_true(search_put(s, &bad, &doc, 1) < 0);
	assert_non_null(strstr(crisis_error_last(), "cannot write the index"));
	assert_int_equal(count(s, "ancien"), 1);
	assert_int_equal(count(s, "nouveau"), 0);
	/* In a batch, only that put is undone. */
	assert_int_equal(search_begin(s), 0);
	put_one(s, "debriefs/b.yaml", "Autre texte");
	assert_true(search_put(s, &bad, &doc, 1) < 0);
	assert_int_equal(search_commit(s), 0);
	owned_is(files_of(s), "debriefs/a.yaml debrief retex - 0 1 2\n"
		 "debriefs/b.yaml debrief retex - 0 1 2\n");
	assert_int_equal(count(s, "ancien"), 1);
	assert_int_equal(count(s, "nouveau"), 0);
	/* Too many documents for one file: refused before anything is written. */
	assert_true(search_put(s, &bad, &doc, SEARCH_MAX_DOCS + 1) < 0);
	assert_non_null(strstr(crisis_error_last(), "more than"));
	search_close(s);
}

static int stop_after_one(const struct search_hit *h, void *data)
{
	(void)h;
	(void)data;
	return 1;
}

static void the_limit_keeps_the_best(void **state)
{
	static const char *const texts[] = {
		"Une note sur la cellule de crise et beaucoup d'autres choses encore",
		"Cellule cellule cellule",
		"La cellule de crise",
		"Rien à voir",
		"Cellule, cellule",
	};
	struct search_query q = { .text = "cellule", .limit = 2 };
	struct search *s = opened();
	(void)state;
	put_texts(s, "debriefs/a.yaml", NULL, 0, texts, NULL, 5);
	assert_int_equal(count(s, "cellule"), 4);
	owned_is(found_by(s, &q), "debriefs/a.yaml:2 lesson L2 \x01" "Cellule\x02 \x01" "cellule\x02 \x01"
		 "cellule\x02\n"
		 "debriefs/a.yaml:5 lesson L5 \x01" "Cellule\x02, \x01" "cellule\x02\n");
	q.limit = 0;
	assert_int_equal(search_run(s, &q, stop_after_one, NULL), 1);
	search_close(s);
}

TEST_MAIN(
	cmocka_unit_test_setup_teardown(accents_and_case_do_not_matter_either_way, setup, teardown),
	cmocka_unit_test_setup_teardown(each_word_is_the_start_of_a_word, setup, teardown),
	cmocka_unit_test_setup_teardown(every_word_must_match, setup, teardown),
	cmocka_unit_test_setup_teardown(fewer_words_and_more_matches_rank_first, setup, teardown),
	cmocka_unit_test_setup_teardown(matching_words_are_marked, setup, teardown),
	cmocka_unit_test_setup_teardown(files_can_be_chosen_by_plan_year_and_tag, setup, teardown),
	cmocka_unit_test_setup_teardown(a_put_replaces_what_the_file_said, setup, teardown),
	cmocka_unit_test_setup_teardown(a_drop_forgets_a_file, setup, teardown),
	cmocka_unit_test_setup_teardown(a_clear_forgets_everything, setup, teardown),
	cmocka_unit_test_setup_teardown(files_keep_their_stamps, setup, teardown),
	cmocka_unit_test_setup_teardown(a_hit_says_where_it_is, setup, teardown),
	cmocka_unit_test_setup_teardown(typed_syntax_is_only_text, setup, teardown),
	cmocka_unit_test_setup_teardown(too_many_words_are_refused, setup, teardown),
	cmocka_unit_test_setup_teardown(the_index_survives_a_reopen, setup, teardown),
	cmocka_unit_test_setup_teardown(a_failed_put_changes_nothing, setup, teardown),
	cmocka_unit_test_setup_teardown(the_limit_keeps_the_best, setup, teardown),
)
