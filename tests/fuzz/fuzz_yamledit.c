/*
 * libFuzzer target: editing a file as a person wrote it. The input is a
 * contacts.yaml or a plan, a line "%%", then an export to import (CSV or
 * vCard, in any charset the import reads). The export is merged into a
 * valid contacts.yaml as `crisis contacts import` does: the result must
 * load and validate, with every record's contact in it. The first line of
 * the export is also set, as `plan approve` sets its scalars, at a few
 * keys of the file: read back, each holds that value exactly. Build and
 * run with `make fuzz` (clang).
 *
 * Aims at: lib/check/yamledit.c lib/contacts/merge.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "check/load.h"
#include "check/validate.h"
#include "check/yamledit.h"
#include "contacts/merge.h"
#include "kinds.h"
#include "plan/plan.h"
#include "util/charset.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plans of a workspace, whose contacts and cell roles an import must not take. */
static char *const plans[] = {
	"tests/cli/fixtures/contacts/pca-partage.yaml", "tests/cli/fixtures/vc/siege.yaml",
};

static struct validator v;
static struct directory dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	if (directory_load(&dir, &v, "./", NULL, plans, sizeof(plans) / sizeof(*plans)) < 0 ||
	    dir.nr_plans != sizeof(plans) / sizeof(*plans)) {
		fprintf(stderr, "fuzz_yamledit: cannot read the plans (run from the source tree)\n");
		abort();
	}
	return 0;
}

static void fail(const char *why, const struct buf *text, const struct diag_file *f)
{
	fprintf(stderr, "fuzz_yamledit: %s\n", why);
	fuzz_print_findings(f);
	fprintf(stderr, "%s", buf_str(text));
	abort();
}

/*
 * The import merged into the valid contacts.yaml `lp` as the import
 * command does: screened against the plans, what they keep left out.
 */
static void merge(const struct loaded *lp, const char *data, size_t len)
{
	struct buf bytes = BUF_INIT, out = BUF_INIT;
	struct merge_result *results = NULL;
	struct merge_screen screen = { 0 };
	struct import im = { 0 };

	buf_add(&bytes, data, len);
	if (import_decode(&bytes, charset_guess(buf_str(&bytes), bytes.len)) < 0 ||
	    (import_csv(&im, buf_str(&bytes), bytes.len, "33") < 0 &&
	     import_vcard(&im, buf_str(&bytes), bytes.len, "33") < 0))
		goto done;
	merge_screen(&screen, &im, &dir);
	merge_drop_refused(&screen, &im);
	if (!im.nr || merge_records(&im, lp, &screen.taken, &out, &results) < 0)
		goto done;
	struct diag_file *f = diag_file_new("contacts.yaml", NULL);
	struct buf copy = BUF_INIT;
	struct loaded merged;
	buf_add(&copy, out.ptr, out.len);
	if (validate_load_text(&v, f, &copy, &merged) < 0 || f->errors)
		fail("the merged contacts.yaml does not validate", &out, f);
	for (size_t i = 0; i < im.nr; i++) {
		if (!plan_contact(plan_of(&merged), results[i].id))
			fail("a record merged is not in the file", &out, f);
		if (results[i].change == MERGE_ADDED && strmap_get(&screen.taken, results[i].id))
			fail("a contact added took the id of a plan's contact or cell role", &out, f);
	}
	loaded_release(&merged);
	diag_file_free(f);
done:
	merge_screen_release(&screen);
	free(results);
	import_release(&im);
	buf_release(&bytes);
	buf_release(&out);
}

/* The node at `path` ("review.last") under `node`, or NULL. */
static xmlNode *node_at(xmlNode *node, const char *path)
{
	while (node && *path) {
		size_t n = strcspn(path, ".");
		char key[64];
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		node = doc_child(node, key);
		path += n + (path[n] == '.');
	}
	return node;
}

/*
 * Set `key` of the mapping at `where` (NULL: the path from the root, as
 * plan approve does) to `value`; the file read back holds it there.
 */
static void set(const struct buf *file, const struct doc *loaded, const char *where, const char *key,
		const char *value)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	struct doc doc = DOC_INIT;
	xmlNode *root = xmlDocGetRootElement(loaded->xml);
	int ret;

	buf_add(&text, file->ptr, file->len);
	if (where) {
		xmlNode *mapping = doc_first(node_at(root, where));
		if (!mapping || !doc_first(mapping))
			goto done;
		buf_addf(&path, "%s.%s", where, key);
		ret = yamledit_set_key(&text, mapping, key, value);
	} else {
		buf_adds(&path, key);
		ret = yamledit_set_scalar(&text, loaded, key, value);
	}
	if (ret < 0)
		goto done;
	struct diag_file *f = diag_file_new("edited.yaml", NULL);
	if (load_yaml(&doc, buf_str(&text), text.len, f) < 0 || f->errors)
		fail("the edited file no longer loads", &text, f);
	xmlNode *at = node_at(xmlDocGetRootElement(doc.xml), where ? where : key);
	if (where)
		at = doc_child(doc_first(at), key);
	const char *now = at ? doc_text(at) : NULL;
	if (!now || strcmp(now, value)) {
		fprintf(stderr, "fuzz_yamledit: %s set to '%s' reads '%s'\n", path.ptr, value,
			now ? now : "(nothing)");
		fail("a value set is not read back", &text, f);
	}
	diag_file_free(f);
done:
	doc_release(&doc);
	buf_release(&path);
	buf_release(&text);
}

/* The first line of the export, as a value to set: text a person could type. */
static bool value_of(struct buf *value, const char *data, size_t len)
{
	size_t n = 0;
	while (n < len && n < 200 && data[n] != '\n' && data[n] != '\0')
		n++;
	buf_add(value, data, n);
	return n > 0 && fuzz_is_utf8(data, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf text = BUF_INIT, value = BUF_INIT;
	struct loaded lp;
	size_t first, second = fuzz_split(s, size, &first);

	if (first == size)
		return 0;	/* no export */
	struct diag_file *f = diag_file_new("contacts.yaml", NULL);
	buf_add(&text, s, first);
	int ret = validate_load_text(&v, f, &text, &lp);
	if (ret == 0 && !f->errors && lp.kind == &plan_kind_contacts)
		merge(&lp, s + second, size - second);
	/*
	 * A file with a YAML error (a key written twice...) may still have a
	 * document, which says less than the text: it is no file to edit.
	 */
	struct diag_file *yf = diag_file_new("file.yaml", NULL);
	struct doc doc = DOC_INIT;
	if (load_yaml(&doc, s, first, yf) == 0 && !yf->errors &&
	    value_of(&value, s + second, size - second)) {
		struct buf file = BUF_INIT;
		buf_add(&file, s, first);
		set(&file, &doc, NULL, "status", value.ptr);
		set(&file, &doc, NULL, "review.last", value.ptr);
		set(&file, &doc, NULL, "review.approved_by", value.ptr);
		set(&file, &doc, "contacts", "notes", value.ptr);
		set(&file, &doc, "contacts", "name", value.ptr);
		buf_release(&file);
	}
	doc_release(&doc);
	diag_file_free(yf);
	loaded_release(&lp);
	diag_file_free(f);
	buf_release(&value);
	return 0;
}
