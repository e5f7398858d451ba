/* The schemas compiled into the binary, so that it works with no files. */
#ifndef CRISIS_EMBEDDED_H
#define CRISIS_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	/* as installed: crisis-plan.xsd */
	const char *data;
	size_t len;
};

/* Fill `out` with the builtin file called `name`: 0, or -1 when none is. */
int embedded_find(const char *name, struct embedded_file *out);

#endif
