/*
 * libFuzzer target: a drill script (`crisis drill run --script`) checked
 * against tests/bad/drill/good.yaml and its plan, as the run would check
 * it before recording anything. A script refused says why, at a line of
 * the script; a script accepted plays to its end on the drill's engine,
 * every line possible where it stands, as the run will record it. Build
 * and run with `make fuzz` (clang).
 *
 * Aims at: lib/drill/script.c lib/drill/command.c lib/drill/engine.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "check/validate.h"
#include "drill/drill.h"
#include "drill/engine.h"
#include "drill/script.h"
#include "kinds.h"
#include "plan/plan.h"
#include "util/error.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DRILL "tests/bad/drill/good.yaml"
#define PLAN "plans/examples/site-incendie-inondation-greve.yaml"

static struct validator v;
static struct loaded drill, plan;

static void load(const char *path, struct loaded *lp)
{
	struct diag_file *f = diag_file_new(path, NULL);
	if (validate_load(&v, f, path, lp) < 0) {
		fprintf(stderr, "fuzz_drillscript: cannot load %s (run from the source tree)\n", path);
		abort();
	}
	diag_file_free(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	load(DRILL, &drill);
	load(PLAN, &plan);
	if (!drill_of(&drill) || !plan_of(&plan))
		abort();
	return 0;
}

static void fail(const char *why, unsigned long line, const struct diag_file *f)
{
	fprintf(stderr, "fuzz_drillscript: line %lu: %s\n", line, why);
	fuzz_print_findings(f);
	abort();
}

/* The script played as script_play() plays it, on the engine alone. */
static void play(const struct script *s, const struct diag_file *f)
{
	struct engine e;
	engine_init(&e, drill_of(&drill));
	for (size_t i = 0; i < s->nr && !e.ended; i++) {
		const struct script_line *sl = &s->lines[i];
		const struct engine_inject *due;
		int64_t at;
		if (i && sl->cmd.at < s->lines[i - 1].cmd.at)
			fail("the time goes back", sl->line, f);
		while ((due = engine_due_at(&e, sl->cmd.at, &at))) {
			struct engine_event pub = { .at = at, .type = EV_INJECT,
						    .inject = (char *)due->in->id };
			if (engine_check(&e, &pub) < 0)
				fail("an inject due cannot be published", sl->line, f);
			engine_apply(&e, &pub);
		}
		if (sl->cmd.kind == CMD_QUIT)
			break;
		struct engine_event ev = sl->cmd.ev;
		ev.at = sl->cmd.at;
		if (engine_check(&e, &ev) < 0) {
			fprintf(stderr, "%s\n", crisis_error_last());
			fail("a line accepted cannot be played", sl->line, f);
		}
		engine_apply(&e, &ev);
	}
	engine_release(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_file *f = diag_file_new("fuzz.script", NULL);
	struct script s;
	unsigned long lines = fuzz_lines(data, size);
	int ret = script_load(&s, (const char *)data, size, drill_of(&drill), plan_of(&plan), NULL, f);
	if ((ret < 0) != (f->nr > 0))
		fail(ret < 0 ? "refused without a finding" : "accepted with findings", 0, f);
	for (size_t i = 0; i < f->nr; i++)
		if (f->items[i].line < 1 || f->items[i].line > lines)
			fail("a finding is not at a line of the script", f->items[i].line, f);
	if (ret == 0)
		play(&s, f);
	script_release(&s);
	diag_file_free(f);
	return 0;
}
