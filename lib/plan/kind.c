#include "plan.h"
#include "rules.h"
#include "check/schema.h"

#include <stdlib.h>

static void *build_plan(xmlNode *root, const void *shared)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	plan_build(p, root);
	p->shared = shared;
	return p;
}

static void *build_contacts(xmlNode *root, const void *shared)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	(void)shared;
	plan_build(p, root);
	p->directory = true;
	return p;
}

static void release_plan(void *model)
{
	plan_release(model);
	free(model);
}

/* A contacts.yaml lends its contacts' ids to the plans of the workspace. */
static void lend_contacts(const void *model,
			  void (*add)(void *data, const char *id, const xmlNode *node), void *data)
{
	const struct plan *p = model;
	for (size_t i = 0; i < p->nr_contacts; i++)
		add(data, p->contacts[i].id, doc_child(p->contacts[i].node, "id"));
}

static const char *const contact_keys[] = { "contact", "party", NULL };

const struct kind plan_kind_pca = {
	.name = "pca", .schema = SCHEMA_FILE,
	.build = build_plan, .release = release_plan,
	.rules = plan_rules, .borrows = true,
};

const struct kind plan_kind_pra = {
	.name = "pra", .schema = SCHEMA_FILE,
	.build = build_plan, .release = release_plan,
	.rules = plan_rules, .borrows = true,
};

const struct kind plan_kind_contacts = {
	.name = "contacts", .schema = SCHEMA_FILE, .root_type = SCHEMA_CONTACTS,
	.build = build_contacts, .release = release_plan,
	.rules = plan_contacts_rules,
	.lend = lend_contacts, .lend_keys = contact_keys,
};

struct plan *plan_of(const struct loaded *l)
{
	return l->model && l->kind->release == release_plan ? l->model : NULL;
}

bool plan_kind_is_plan(const struct kind *kind)
{
	return kind == &plan_kind_pca || kind == &plan_kind_pra;
}
