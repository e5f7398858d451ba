/*
 * The pipeline for one file: load, schema, model, rules. Findings go to the
 * file's diagnostics; nothing is printed here.
 */
#ifndef CRISIS_VALIDATE_H
#define CRISIS_VALIDATE_H

#include "util/buf.h"
#include "diag.h"
#include "doc.h"
#include "plan/plan.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct schema;
struct config;

struct shared_contacts;

struct validator {
	struct schema *schema;
	struct schema *contacts_schema;	/* for a contacts.yaml, made when one is read */
	const char *schema_file;
	const struct config *config;
	int64_t today;		/* days since 1970-01-01 */
	bool skip_rules;	/* models only: for history and diffs */
	struct shared_contacts *shared;	/* the workspace's contacts.yaml, or NULL */
	pthread_mutex_t lock;	/* threads share the validator */
};

/* The builtin schema unless `schema_file`. 0, or -1 with crisis_error_last(). */
int validator_init(struct validator *v, const char *schema_file,
		   const struct config *config, int64_t today);
void validator_release(struct validator *v);

/*
 * Share the contacts of a workspace's contacts.yaml (`kind: contacts`) with
 * every plan checked from now on: they take part in reference checks and
 * the plans' models see them. The file's own findings go to `f`, whose path
 * names it in messages. 0, or -1 when the file is unusable.
 */
int validator_share_contacts(struct validator *v, struct diag_file *f, struct buf *text);

/* Check `len` bytes read from `name`; an .xml name is read as XML. */
void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len);
/* Read and check a file ("-" for standard input, named as f->path). */
void validate_file(struct validator *v, struct diag_file *f, const char *path);

/*
 * A plan read for a command that works on its model. A file that loads
 * but does not validate keeps its document (doc.xml) and has no model.
 */
struct loaded_plan {
	struct buf text;
	struct doc doc;
	struct plan plan;
	bool has_plan;
	struct shared_contacts *own_shared;	/* the contacts it was read with, when its own */
};

/*
 * Read, check and keep a plan. Returns 0 when the model was built (findings
 * such as warnings may still be in `f`), -1 when the plan is unusable.
 */
int validate_load(struct validator *v, struct diag_file *f, const char *path,
		  struct loaded_plan *out);
/* The same from bytes already read (taken over by `out`, which frees them). */
int validate_load_text(struct validator *v, struct diag_file *f, struct buf *text,
		       struct loaded_plan *out);
/*
 * The same with the contacts.yaml of the plan's own revision (`contacts`,
 * taken over, or NULL for none) instead of the shared one: a plan read as
 * it was is checked against the contacts it had then.
 */
int validate_load_text_with(struct validator *v, struct diag_file *f, struct buf *text,
			    struct buf *contacts, struct loaded_plan *out);
void loaded_plan_release(struct loaded_plan *lp);

/* The shared contacts.yaml, or NULL. */
const struct loaded_plan *validator_shared(const struct validator *v);
/* Its path as shown, or NULL. */
const char *validator_shared_path(const struct validator *v);

#endif
