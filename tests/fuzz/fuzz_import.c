/*
 * libFuzzer target: any bytes, made UTF-8 from the charset they seem to
 * be in as `crisis contacts import` does, then read as a CSV and as a
 * vCard export, the records merged into a new contacts.yaml. Whatever the
 * import accepts must make a contacts.yaml that validates: a record that
 * passes its checks and then breaks the file would be written nowhere,
 * but it is a bug. Build and run with `make fuzz` (clang); the seeds
 * (tests/fuzz/seeds/import) hold a file of each kind the import reads, as
 * the fuzzer alone never finds its way to BEGIN:VCARD.
 *
 * Aims at: lib/contacts/import.c lib/contacts/vcard.c lib/contacts/merge.c lib/util/csv.c lib/util/charset.c
 */
#include "fuzz.h"
#include "contacts/merge.h"
#include "kinds.h"
#include "check/diag.h"
#include "check/validate.h"
#include "util/charset.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static struct validator v;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	return 0;
}

static void merge(struct import *im)
{
	struct merge_result *results = NULL;
	struct buf text = BUF_INIT;
	if (!im->nr || merge_records(im, NULL, NULL, &text, &results) < 0) {
		free(results);
		buf_release(&text);
		return;
	}
	struct diag_file *f = diag_file_new("contacts.yaml", NULL);
	struct loaded lp;
	if (validate_load_text(&v, f, &text, &lp) < 0 || f->errors) {
		/* Accepted records made an invalid file: say how, then stop. */
		fuzz_print_findings(f);
		fprintf(stderr, "%s", buf_str(&lp.text));
		abort();
	}
	loaded_release(&lp);
	diag_file_free(f);
	free(results);
	buf_release(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	buf_add(&text, (const char *)data, size);
	if (import_decode(&text, charset_guess(buf_str(&text), text.len)) < 0) {
		buf_release(&text);
		return 0;
	}
	for (int country = 0; country < 2; country++) {
		struct import csv = { 0 }, vcf = { 0 };
		if (import_csv(&csv, buf_str(&text), text.len, country ? "33" : NULL) == 0)
			merge(&csv);
		if (import_vcard(&vcf, buf_str(&text), text.len, country ? "33" : NULL) == 0)
			merge(&vcf);
		import_release(&csv);
		import_release(&vcf);
	}
	buf_release(&text);
	return 0;
}
