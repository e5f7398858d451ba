/* crisis init: make a workspace. */
#include "cmd.h"
#include "util/error.h"
#include "git/workspace.h"

#include <string.h>

int cmd_init(int argc, char **argv, struct workspace *ws)
{
	const char *dir = ".";
	(void)ws;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout, "init", NULL);
			return EXIT_CLEAN;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return usage_error("init", NULL, "unknown option '%s'", argv[i]);
		if (i > 1)
			return usage_error("init", NULL, "name one folder");
		dir = argv[i];
	}

	struct strlist created = STRLIST_INIT;
	int ret = workspace_init(dir, &created);
	if (ret < 0) {
		error("%s", crisis_error_last());
		strlist_release(&created);
		return EXIT_FATAL;
	}
	if (!created.nr) {
		printf("'%s' is already a crisis workspace: nothing to do\n", dir);
	} else {
		printf("crisis workspace ready in '%s':\n", dir);
		for (size_t i = 0; i < created.nr; i++)
			printf("  created %s\n", created.items[i]);
		printf("next: crisis plan new <id> [--kind pca|pra] [--lang fr|en]\n");
	}
	strlist_release(&created);
	return EXIT_CLEAN;
}
