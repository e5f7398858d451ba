/*
 * The directory of a workspace: the contacts of its contacts.yaml and of
 * every plan, merged by id, with where each is defined and what names them.
 */
#ifndef CRISIS_DIRECTORY_H
#define CRISIS_DIRECTORY_H

#include "check/diag.h"
#include "util/strmap.h"
#include "check/validate.h"
#include "git/workspace.h"
#include "plan/plan.h"

#include <stdbool.h>


/*
 * Share the workspace's contacts.yaml (under `root`, ending in '/') with
 * every plan `v` checks from now on. No file is not an error. *f gets the
 * file's findings (the caller frees it), or NULL when there is no file.
 * 0, or -1 when the file is unusable (its errors are in *f).
 */
int directory_share(struct validator *v, const char *root, const struct config *cfg,
		    struct diag_file **f);

/* What names a contact: in which plan, as what. */
struct dir_use {
	const char *plan;	/* the plan's id */
	char *what;		/* "holder of cell role 'communication'" */
};

struct dir_contact {
	const struct plan_contact *c;	/* the definition */
	const char *file;		/* where it is: contacts.yaml, plans/a.yaml */
	const char *plan;		/* the plan defining it, NULL for contacts.yaml */
	struct dir_use *uses;
	size_t nr_uses, alloc_uses;
	unsigned also_defined;		/* other plans defining the same id */
};

struct dir_plan {
	char *path;			/* as shown */
	struct diag_file *f;		/* its findings */
	struct loaded lp;		/* lp.has_plan when it could be read */
	/*
	 * A plan that does not validate (a reference to a contact that is
	 * gone, say) still defines contacts: read from its document, they
	 * are listed and never imported twice, but what it names is unknown.
	 */
	struct plan partial;
	bool has_partial;
};

struct directory {
	struct dir_plan *plans;
	size_t nr_plans;
	struct dir_contact *contacts;	/* contacts.yaml's first, then by plan */
	size_t nr, alloc;
	struct strmap index;		/* id -> position in contacts, plus one */
	const struct loaded *shared;	/* contacts.yaml, or NULL */
	const char *shared_path;
	const struct config *cfg;	/* thresholds, or NULL */
};

/*
 * Read the plans at `paths` (files or folders), or every plan under
 * root/plans/ when there are none, with `v` (which may share a
 * contacts.yaml), and merge their contacts. The plans' findings stay in
 * each dir_plan. 0, or -1 with crisis_error_last() when a folder cannot be read.
 */
int directory_load(struct directory *d, struct validator *v, const char *root,
		   const struct config *cfg, char *const *paths, size_t nr_paths);
void directory_release(struct directory *d);

const struct dir_contact *directory_get(const struct directory *d, const char *id);
/* The plan with this id, or read from this path, or NULL. */
const struct dir_plan *directory_plan(const struct directory *d, const char *id_or_path);
/* Does the contact match `text`: any part of its name, title, organisation, e-mail or phone? */
bool directory_match(const struct plan_contact *c, const char *text);
/* The closest id to a mistyped one, or NULL. */
const char *directory_suggest(const struct directory *d, const char *id);

/* Which contacts list, find and export keep (NULL or 0: any). */
struct directory_filter {
	const char *org, *available, *text;
	size_t nr_plans;	/* plans were named: only their contacts, and those they name */
};
bool directory_keep(const struct dir_contact *dc, const struct directory_filter *f);

/*
 * The checks that need the whole workspace, reported in the file that
 * defines the contact: contacts.yaml entries that no plan names
 * (contact-unused), the same id defined differently by two plans
 * (duplicate-id, with a hint to move it to contacts.yaml), one person the
 * only holder (no deputy) of more cell roles across plans than the
 * single-point-of-failure threshold.
 */
void directory_check(const struct directory *d, struct diag_file *shared_f);

/*
 * Run directory_check(), then count the contacts' findings in every file:
 * one line for `crisis status`. Returns how many need attention.
 */
size_t directory_status_text(struct buf *out, struct directory *d, struct diag_file *shared_f);

#endif
