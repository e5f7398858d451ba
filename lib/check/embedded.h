/* The schemas compiled into the binary, so that it works with no files. */
#ifndef CRISIS_EMBEDDED_H
#define CRISIS_EMBEDDED_H

#include <stddef.h>

/*
 * Where `make install` puts the schemas (DATADIR/schemas, given at build
 * time), so that the files crisis writes name the installed JSON Schema in
 * their first line and an editor running yaml-language-server checks them.
 */
#ifndef CRISIS_SCHEMADIR
#define CRISIS_SCHEMADIR "/usr/local/share/crisis/schemas"
#endif
#define SCHEMA_MODELINE(file) "# yaml-language-server: $schema=" CRISIS_SCHEMADIR "/" file "\n"

struct embedded_file {
	const char *name;	/* as installed: crisis-plan.xsd */
	const char *data;
	size_t len;
};

/* Fill `out` with the builtin file called `name`: 0, or -1 when none is. */
int embedded_find(const char *name, struct embedded_file *out);

#endif
