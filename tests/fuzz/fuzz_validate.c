/*
 * libFuzzer target: any bytes, read as YAML and as XML, through the whole
 * pipeline (load, schema, identity constraints, model, rules, formatters).
 * Build and run with `make fuzz` (clang); the seed corpus is the bad-input
 * corpus, the examples and the YAML test suite.
 *
 * Aims at: lib/check/load.c lib/check/schema.c lib/check/keys.c lib/check/validate.c lib/check/findings.c lib/plan/rules.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "kinds.h"
#include "check/findings.h"
#include "check/validate.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>

static struct validator v;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	return 0;
}

static void check(const char *name, const uint8_t *data, size_t size)
{
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new(name, NULL);
	struct buf out = BUF_INIT;
	diag_set_add(&set, f);
	validate_buffer(&v, f, name, (const char *)data, size);
	for (int format = FORMAT_TEXT; format <= FORMAT_GITHUB; format++) {
		struct findings_opts o = { .format = (enum findings_format)format, .version = "fuzz" };
		findings_write(&out, &set, &o);
		buf_reset(&out);
	}
	buf_release(&out);
	diag_set_release(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check("fuzz.yaml", data, size);
	check("fuzz.xml", data, size);
	return 0;
}
