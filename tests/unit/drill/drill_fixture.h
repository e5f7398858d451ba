/*
 * A workspace for the drill tests: a git repository made by crisis init,
 * with the example fire plan and its drill, a validator that finds the plan
 * by id, and no configuration of this machine's users.
 */
#ifndef CRISIS_TEST_DRILL_FIXTURE_H
#define CRISIS_TEST_DRILL_FIXTURE_H

#include "unit.h"
#include "check/validate.h"
#include "drill/env.h"
#include "git/workspace.h"
#include "kinds.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FIRE_PLAN "site-incendie-inondation-greve"
#define FIRE_DRILL "exercice-incendie-siege"
#define FIRE_DRILL_PATH "drills/" FIRE_DRILL ".yaml"

struct drill_fixture {
	char root[64];		/* ends in '/' */
	char cwd[4096];
	struct workspace ws;
	struct validator v;
	struct drill_env env;
};

static inline void fixture_copy(const char *from, const char *root, const char *to)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	assert_int_equal(fs_read_file(from, &text), 0);
	buf_addf(&path, "%s%s", root, to);
	assert_int_equal(fs_write_atomic(path.ptr, text.ptr, text.len, 0644), 0);
	buf_release(&text);
	buf_release(&path);
}

static inline int fixture_shell(const struct drill_fixture *fx, const char *cmd)
{
	struct buf line = BUF_INIT;
	buf_addf(&line, "cd '%s' && %s >/dev/null 2>&1", fx->root, cmd);
	int ret = system(line.ptr);
	buf_release(&line);
	return ret;
}

static inline int drill_fixture_setup(void **state)
{
	struct drill_fixture *fx = xcalloc(1, sizeof(*fx));
	struct strlist made = STRLIST_INIT;
	struct buf home = BUF_INIT;

	if (!getcwd(fx->cwd, sizeof(fx->cwd)))
		return -1;
	strcpy(fx->root, "/tmp/crisis-drill-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	strcat(fx->root, "/");
	buf_addf(&home, "%shome", fx->root);
	setenv("HOME", home.ptr, 1);
	setenv("XDG_CONFIG_HOME", home.ptr, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "UTC", 1);
	buf_release(&home);
	struct strlist notes = STRLIST_INIT;
	int made_ws = workspace_init(fx->root, &made, &notes);
	strlist_release(&made);
	strlist_release(&notes);
	if (made_ws < 0)
		return -1;
	if (fixture_shell(fx, "git config user.name Tester && git config user.email t@example.com"))
		return -1;
	fixture_copy("plans/examples/" FIRE_PLAN ".yaml", fx->root, "plans/" FIRE_PLAN ".yaml");
	fixture_copy("plans/examples/" FIRE_DRILL ".yaml", fx->root, FIRE_DRILL_PATH);
	if (chdir(fx->root) < 0 || workspace_open(&fx->ws) < 0 ||
	    validator_init(&fx->v, crisis_kinds(), NULL, NULL, 20000) < 0)
		return -1;
	drill_env_init(&fx->env, &fx->v, fx->ws.root, NULL, 0);
	*state = fx;
	return 0;
}

static inline int drill_fixture_teardown(void **state)
{
	struct drill_fixture *fx = *state;
	struct buf cmd = BUF_INIT;
	drill_env_release(&fx->env);
	validator_release(&fx->v);
	workspace_close(&fx->ws);
	int ret = chdir(fx->cwd);
	buf_addf(&cmd, "rm -rf '%s'", fx->root);
	ret |= system(cmd.ptr);
	buf_release(&cmd);
	free(fx);
	return ret ? -1 : 0;
}

#endif
