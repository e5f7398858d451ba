/*
 * libFuzzer target: any bytes, read as a workspace's .crisis.yaml. What it
 * accepts must be a configuration the rules can use: every rule keeps a
 * severity, the load and schema rules keep theirs, the thresholds are in
 * range; what it refuses is said in findings that point into the file.
 * A plan checked with the configuration shows no finding of a rule it
 * turned off. Build and run with `make fuzz` (clang).
 *
 * Aims at: lib/check/config.c
 */
#include "fuzz.h"
#include "check/config.h"
#include "check/diag.h"
#include "check/rule.h"
#include "check/validate.h"
#include "kinds.h"
#include "util/date.h"
#include "util/fs.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plan with warnings of several rules, to check with each configuration. */
#define PLAN "tests/cli/fixtures/warn.yaml"

static struct validator v;
static struct buf plan = BUF_INIT;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	if (fs_read_file(PLAN, &plan) < 0) {
		fprintf(stderr, "fuzz_config: cannot read %s (run from the source tree)\n", PLAN);
		abort();
	}
	return 0;
}

static void fail(const char *why, const struct diag_file *f)
{
	fprintf(stderr, "fuzz_config: %s\n", why);
	fuzz_print_findings(f);
	abort();
}

/* What a configuration the loader accepted must hold. */
static void check_accepted(const struct config *cfg, const struct diag_file *f)
{
	const struct ruleset *rs = &crisis_kinds()->rules;
	for (size_t i = 0; i < rs->nr; i++) {
		const struct rule *r = rs->items[i];
		const struct diag_severity *s = diag_severities_get(&cfg->severities, r->id);
		if (!s || s->severity > SEV_ERROR)
			fail("a rule lost its severity", f);
		if ((r->stage == STAGE_LOAD || r->stage == STAGE_SCHEMA) && s->severity != r->severity)
			fail("a load or schema rule was given another severity", f);
	}
	if (cfg->spof_max < 1)
		fail("single-point-of-failure threshold below 1", f);
	if (cfg->stale_after && date_add_duration(0, cfg->stale_after) <= 0)
		fail("contact-stale threshold is no duration", f);
}

/* The plan checked with the configuration: no finding of a rule turned off. */
static void check_plan(const struct config *cfg)
{
	struct diag_file *f = diag_file_new(PLAN, &cfg->severities);
	v.config = cfg;
	validate_buffer(&v, f, PLAN, buf_str(&plan), plan.len);
	v.config = NULL;
	for (size_t i = 0; i < f->nr; i++) {
		const struct diag_severity *s = diag_severities_get(&cfg->severities, f->items[i].rule);
		if (s && s->severity == SEV_OFF)
			fail("a rule turned off still reports", f);
	}
	diag_file_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct diag_file *f = diag_file_new(CONFIG_FILE, NULL);
	unsigned long lines = fuzz_lines(data, size);

	config_init(&cfg, &crisis_kinds()->rules);
	int ret = config_load_text(&cfg, CONFIG_FILE, (const char *)data, size, f);
	if ((ret == 0) != (f->errors == 0))
		fail(ret == 0 ? "accepted with errors" : "refused without an error", f);
	for (size_t i = 0; i < f->nr; i++)
		if (f->items[i].line > lines)
			fail("a finding points past the end of the file", f);
	if (ret == 0) {
		check_accepted(&cfg, f);
		check_plan(&cfg);
	}
	config_release(&cfg);
	diag_file_free(f);
	return 0;
}
