/*
 * libFuzzer target: PLAN@REV, as a command names a plan at a revision
 * (`crisis plan show plans/siege.yaml@v1`, `siege.yaml@HEAD~2`), resolved
 * in a workspace made once in a temporary folder: a plan committed,
 * approved twice (tags plan/siege/v1 and v2), then renamed, beside a
 * drill. Any string: the plan as it was, or a finding that says why not;
 * never a crash, never a model of something else. An input without '@'
 * is a revision of the plan. Build and run with `make fuzz` (clang).
 *
 * Aims at: lib/plan/versions.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "check/validate.h"
#include "git/workspace.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/versions.h"
#include "util/error.h"
#include "util/fs.h"

#include <fcntl.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLAN "tests/cli/fixtures/vc/siege.yaml"
#define DRILL "tests/bad/drill/good.yaml"
#define TODAY 20788	/* 2026-12-01 */

static struct validator v;
static char root[PATH_MAX];
static int home = -1;		/* the folder the inputs are named from */

static void die(const char *what)
{
	fprintf(stderr, "fuzz_planref: %s: %s\n", what, crisis_error_last());
	abort();
}

static void write_file(const char *path, const struct buf *text)
{
	if (fs_write_atomic(path, buf_str(text), text->len, 0644) < 0)
		die(path);
}

static void commit(struct workspace *ws, const char *const *paths, size_t nr, const char *msg)
{
	char id[REPO_ID_HEX];
	if (repo_commit_paths(ws->repo, paths, nr, msg, id) < 0)
		die(msg);
}

static void approve(struct workspace *ws, const char *path, const char *by)
{
	struct buf tag = BUF_INIT;
	struct diag_file *f = diag_file_new(path, NULL);
	if (versions_approve(ws, &v, path, by, TODAY, &tag, f, false) < 0)
		die("approve");
	diag_file_free(f);
	buf_release(&tag);
}

/* The history PLAN@REV is resolved in, made with the library's own calls. */
static void make_workspace(void)
{
	struct buf plan = BUF_INIT, drill = BUF_INIT;
	struct strlist created = STRLIST_INIT, notes = STRLIST_INIT;
	struct workspace ws;
	const char *tmp = getenv("TMPDIR");

	if (fs_read_file(PLAN, &plan) < 0 || fs_read_file(DRILL, &drill) < 0)
		die("run from the source tree");
	snprintf(root, sizeof(root), "%s/crisis-fuzz-planref-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root) || workspace_init(root, &created, &notes) < 0 || chdir(root) < 0)
		die(root);
	setenv("GIT_AUTHOR_NAME", "Fuzz", 1);
	setenv("GIT_AUTHOR_EMAIL", "fuzz@example.org", 1);
	if (workspace_open(&ws) < 0)
		die("open");
	write_file("plans/siege.yaml", &plan);
	write_file("drills/good.yaml", &drill);
	commit(&ws, (const char *[]){ "plans/siege.yaml", "drills/good.yaml" }, 2, "Add a plan");
	approve(&ws, "plans/siege.yaml", "c-petit");
	char *rto = strstr(plan.ptr, "rto: PT4H");
	if (!rto)
		die("the plan has changed: fix the fuzz target");
	rto[7] = '2';
	write_file("plans/siege.yaml", &plan);
	commit(&ws, (const char *[]){ "plans/siege.yaml" }, 1, "A shorter RTO");
	approve(&ws, "plans/siege.yaml", "c-martin");
	if (rename("plans/siege.yaml", "plans/siege-renamed.yaml") < 0)
		die("rename");
	commit(&ws, (const char *[]){ "plans/siege.yaml", "plans/siege-renamed.yaml" }, 2, "Rename");
	workspace_close(&ws);
	strlist_release(&created);
	strlist_release(&notes);
	buf_release(&plan);
	buf_release(&drill);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* The workspace goes when the fuzzer stops. */
static void remove_workspace(void)
{
	if (*root)
		nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, TODAY);
	if ((home = open(".", O_RDONLY | O_DIRECTORY)) < 0)
		abort();
	make_workspace();
	if (fchdir(home) < 0)
		abort();
	atexit(remove_workspace);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf arg = BUF_INIT;
	struct loaded lp;

	if (size > 512)
		return 0;
	size_t len = strnlen((const char *)data, size);
	bool has_at = memchr(data, '@', len);
	buf_addf(&arg, "%s%.*s", has_at ? "" : "plans/siege.yaml@", (int)len, (const char *)data);
	struct diag_file *f = diag_file_new(arg.ptr, NULL);
	if (chdir(root) < 0)
		abort();
	int ret = versions_load_ref(&v, f, arg.ptr, strrchr(arg.ptr, '@'), &lp);
	if (fchdir(home) < 0)
		abort();
	const struct plan *p = ret == 0 ? plan_of(&lp) : NULL;
	if (ret == 0 && (!p || !p->id || strcmp(p->id, "siege"))) {
		fprintf(stderr, "fuzz_planref: '%s' gave a model that is not the plan\n", arg.ptr);
		abort();
	}
	if (ret < 0 && !f->nr) {
		fprintf(stderr, "fuzz_planref: '%s' refused without a finding\n", arg.ptr);
		abort();
	}
	loaded_release(&lp);
	diag_file_free(f);
	buf_release(&arg);
	return 0;
}
