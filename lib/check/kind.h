/*
 * The kinds of file crisis reads (`kind: pca`, `contacts`, `drill`...): the
 * table that drives the pipeline. Each kind names its schema and the type
 * of its root element, builds its typed model from a document the schema
 * accepted, and lists the rules that run on that model. Adding a kind is
 * one entry (see lib/kinds.c), its XSD and its rules.
 */
#ifndef CRISIS_KIND_H
#define CRISIS_KIND_H

#include "rule.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

struct kind {
	const char *name;		/* the value of `kind:` */
	const char *schema;		/* the builtin XSD that checks it */
	const char *root_type;		/* the root element's type; NULL: the one the XSD declares */
	/*
	 * The model of a valid document's root (never NULL). `shared` is the
	 * model of the file the workspace shares with it (its contacts.yaml),
	 * or NULL.
	 */
	void *(*build)(xmlNode *root, const void *shared);
	void (*release)(void *model);
	/* Its rules (NULL-terminated), run on the model and listed in this order. */
	const struct rule *const *rules;
	/* Its references may name ids of the workspace's shared file. */
	bool borrows;
	/*
	 * A kind that a workspace shares (contacts.yaml): the ids it lends, with
	 * the node that defines each, and the keys of the borrowing kinds they
	 * take part in (NULL-terminated).
	 */
	void (*lend)(const void *model, void (*add)(void *data, const char *id, const xmlNode *node),
		     void *data);
	const char *const *lend_keys;
};

/*
 * The kinds a program reads, and every rule they report under (the load
 * and schema rules first). The first kind is the one a file without a
 * known `kind:` is checked as, so that its schema says what is wrong.
 */
struct kinds {
	const struct kind *const *items;
	size_t nr;
	struct ruleset rules;
};

const struct kind *kinds_find(const struct kinds *k, const char *name);
/* Does `kind` run or report under rule `id`? */
bool kind_has_rule(const struct kind *kind, const char *id);

#endif
