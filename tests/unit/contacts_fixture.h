/*
 * What the tests of the contact modules share: a contacts.yaml with
 * comments, a fixture that reads it, and assertions on texts.
 */
#ifndef CRISIS_TEST_CONTACTS_FIXTURE_H
#define CRISIS_TEST_CONTACTS_FIXTURE_H

#include "unit.h"
#include "kinds.h"
#include "plan/plan.h"
#include "util/buf.h"
#include "contacts/export.h"
#include "contacts/import.h"
#include "check/diag.h"
#include "util/error.h"
#include "util/date.h"
#include "check/validate.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * A workspace's contacts.yaml, with comments before, inside and after its entries.
 */
#define CONTACTS \
	"# Shared contacts.\n" \
	"format: crisis/v1\n" \
	"kind: contacts\n" \
	"contacts:\n" \
	"  # The manager.\n" \
	"  - id: j-lefevre\n" \
	"    name: Julien Lefèvre\n" \
	"    title: Directeur général   # since 2024\n" \
	"    org: internal\n" \
	"    phones: [\"+33 6 12 34 56 78\", \"+33 1 99 00 10 01\"]\n" \
	"    email: julien.lefevre@example.fr\n" \
	"    available: 24/7\n" \
	"    verified: 2026-10-05\n" \
	"\n" \
	"  # The call centre.\n" \
	"  - id: voxalia\n" \
	"    name: Voxalia Crise\n" \
	"    title: Astreinte, niveau 2\n" \
	"    org: external\n" \
	"    phones: [\"+33 1 99 00 20 00\"]\n" \
	"    email: astreinte@voxalia.example.com\n" \
	"    available: office-hours\n" \
	"    activation:\n" \
	"      day: PT1H\n" \
	"      night: PT3H\n" \
	"    verified: 2026-09-24\n" \
	"    notes: \"Contrat CC-2026-014; code: AUB-7731\"\n" \
	"# End of the list.\n"

/* Each test's validator, and the contacts.yaml it read. */
struct fixture {
	struct validator v;
	struct loaded lp;
	struct diag_file *f;
};

static inline int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	int64_t today;
	if (date_parse("2026-11-22", &today) < 0 || validator_init(&fx->v, crisis_kinds(), NULL, NULL, today) < 0)
		return -1;
	*state = fx;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *fx = *state;
	loaded_release(&fx->lp);
	diag_file_free(fx->f);
	validator_release(&fx->v);
	free(fx);
	return 0;
}

/* assert_string_equal, that says so when `have` is NULL rather than crash. */
static inline void text_is_at(const char *have, const char *want, const char *file, int line)
{
	if (!have) {
		print_error("NULL where '%s' was expected\n", want);
		_fail(file, line);
	}
	_assert_string_equal(have, want, file, line);
}

#define text_is(have, want) text_is_at((have), (want), __FILE__, __LINE__)

static inline void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %s:%lu:%lu: %s [%s]\n", f->path, f->items[i].line,
			      f->items[i].column, f->items[i].message, f->items[i].rule);
}

/* Check `text` as a contacts.yaml and keep it in fx->lp; it must have no errors. */
static inline void load_contacts(struct fixture *fx, const char *text)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, text);
	loaded_release(&fx->lp);
	diag_file_free(fx->f);
	fx->f = diag_file_new("contacts.yaml", unit_severities());
	if (validate_load_text(&fx->v, fx->f, &b, &fx->lp) < 0 || fx->f->errors) {
		dump(fx->f);
		fail_msg("the contacts file is not valid:\n%s", text);
	}
	text_is(fx->f->kind, "contacts");
}

static inline const struct plan_contact *contact(const struct fixture *fx, const char *id)
{
	const struct plan_contact *c = plan_contact(plan_of(&fx->lp), id);
	assert_non_null(c);
	return c;
}

/* `text` has this whole line, ended by `eol`. */
static inline void has_line_eol(const char *text, const char *line, const char *eol)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && !strncmp(p + n, eol, strlen(eol)))
			return;
	fail_msg("no line '%s' in:\n%s", line, text);
}

#define has_crlf_line(text, line) has_line_eol((text), (line), "\r\n")

static inline void import_text(struct import *im, const char *csv, const char *country)
{
	memset(im, 0, sizeof(*im));
	if (import_csv(im, csv, strlen(csv), country) < 0)
		fail_msg("import_csv: %s", crisis_error_last());
}

static inline void no_problems(const struct import *im)
{
	for (size_t i = 0; i < im->nr_problems; i++)
		print_message("# line %lu: %s\n", im->problems[i].line, im->problems[i].message);
	assert_int_equal(im->nr_problems, 0);
}

static inline void contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in '%s'", part, text);
}

#endif
