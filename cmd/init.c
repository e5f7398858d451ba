/* crisis init: make a workspace. */
#include "cmd.h"
#include "git/workspace.h"
#include "util/error.h"

#include <string.h>

static int init(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *dir = ".";
	int c;
	(void)ws;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1)
		return EXIT_USAGE;
	if (argc - optind > 1)
		return usage_error(self, "name one folder");
	if (optind < argc)
		dir = argv[optind];

	struct strlist created = STRLIST_INIT, notes = STRLIST_INIT;
	if (workspace_init(dir, &created, &notes) < 0) {
		strlist_release(&created);
		strlist_release(&notes);
		return fail(CRISIS_ERROR);
	}
	if (!created.nr) {
		printf("'%s' is already a crisis workspace: nothing to do\n", dir);
	} else {
		printf("crisis workspace ready in '%s':\n", dir);
		for (size_t i = 0; i < created.nr; i++)
			printf("  created %s\n", created.items[i]);
		/* Nothing is committed for the user: say what colleagues and CI need to share. */
		printf("share the settings with colleagues and CI: git -C '%s' add .gitignore .crisis.yaml "
		       "plans drills debriefs && git -C '%s' commit -m 'A crisis workspace'\n", dir, dir);
		printf("next: crisis plan new <id> [--kind pca|pra] [--lang fr|en]\n");
	}
	for (size_t i = 0; i < notes.nr; i++)
		printf("%s\n", notes.items[i]);
	strlist_release(&created);
	strlist_release(&notes);
	return EXIT_CLEAN;
}

const struct cmd init_cmd = {
	.name = "init", .fn = init, .usage = "[<dir>]",
	.summary = "make a workspace: a git repository with plans/, drills/ and debriefs/",
	.complete = "dirs",
};
