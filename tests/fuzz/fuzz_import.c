/*
 * libFuzzer target: any bytes, read as a CSV and as a vCard export, the
 * records merged into a new contacts.yaml. Whatever the import accepts
 * must make a contacts.yaml that validates: a record that passes its
 * checks and then breaks the file would be written nowhere, but it is a
 * bug. Build and run with `make fuzz` (clang).
 */
#include "contacts/merge.h"
#include "kinds.h"
#include "check/diag.h"
#include "check/validate.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static struct validator v;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	if (validator_init(&v, crisis_kinds(), NULL, NULL, 20000) < 0)
		abort();
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
		for (size_t i = 0; i < f->nr; i++)
			fprintf(stderr, "contacts.yaml:%lu:%lu: %s [%s]\n", f->items[i].line,
				f->items[i].column, f->items[i].message, f->items[i].rule);
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
	const char *text = (const char *)data;
	for (int country = 0; country < 2; country++) {
		struct import csv = { 0 }, vcf = { 0 };
		if (import_csv(&csv, text, size, country ? "33" : NULL) == 0)
			merge(&csv);
		if (import_vcard(&vcf, text, size, country ? "33" : NULL) == 0)
			merge(&vcf);
		import_release(&csv);
		import_release(&vcf);
	}
	return 0;
}
