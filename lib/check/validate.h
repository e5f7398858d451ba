/*
 * The pipeline for one file, whatever its kind: load, schema, model,
 * rules, each kind as the table of kinds (kind.h) describes it. Findings go
 * to the file's diagnostics; nothing is printed here.
 */
#ifndef CRISIS_VALIDATE_H
#define CRISIS_VALIDATE_H

#include "diag.h"
#include "doc.h"
#include "kind.h"
#include "util/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct schema;
struct config;
struct shared;

struct validator {
	const struct kinds *kinds;
	const struct kind *fallback;	/* a file of no known kind is checked as this one (the first) */
	struct schema **schemas;	/* one per kind, made when a file of that kind is read */
	const char *schema_file;	/* --schema: instead of the builtin XSDs */
	const struct config *config;
	struct diag_severities defaults;	/* every rule's default, for files given none */
	int64_t today;		/* days since 1970-01-01 */
	bool skip_rules;	/* models only: for history and diffs */
	const struct rule_env *env;	/* the workspace the rules may look into, or NULL */
	struct shared *shared;	/* the workspace's shared file (contacts.yaml), or NULL */
	pthread_mutex_t lock;	/* threads share the validator */
};

/*
 * Check the kinds of `kinds` with their builtin schemas, or all with
 * `schema_file`. 0, or -1 with crisis_error_last() when the schema of the
 * first kind cannot be read.
 */
int validator_init(struct validator *v, const struct kinds *kinds, const char *schema_file,
		   const struct config *config, int64_t today);
void validator_release(struct validator *v);

/*
 * A file read and checked, for a command that works on its model. A file
 * that loads but does not validate keeps its document (doc.xml) and has
 * no model.
 */
struct loaded {
	struct buf text;
	struct doc doc;
	const struct kind *kind;	/* once its `kind:` is known */
	void *model;			/* the kind's model, NULL when not built */
	struct shared *own_shared;	/* the shared file it was read with, when its own */
};

/*
 * Share a file of kind `expected` (a workspace's contacts.yaml) with every
 * file checked from now on: the ids it lends take part in their reference
 * checks, and their models see its model. Its own findings go to `f`, whose
 * path names it in messages. 0, or -1 when the file is unusable.
 */
int validator_share(struct validator *v, const struct kind *expected, struct diag_file *f,
		    struct buf *text);
/* The shared file, or NULL; its path as shown. */
const struct loaded *validator_shared(const struct validator *v);
const char *validator_shared_path(const struct validator *v);

/* Check `len` bytes read from `name`; an .xml name is read as XML. */
void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len);
/* Read and check a file ("-" for standard input, named as f->path). */
void validate_file(struct validator *v, struct diag_file *f, const char *path);

/*
 * Read, check and keep a file. Returns 0 when the model was built (findings
 * such as warnings may still be in `f`), -1 when the file is unusable.
 */
int validate_load(struct validator *v, struct diag_file *f, const char *path, struct loaded *out);
/* The same from bytes already read (taken over by `out`, which frees them). */
int validate_load_text(struct validator *v, struct diag_file *f, struct buf *text,
		       struct loaded *out);
/*
 * The same with `shared` (the text of `shared_name`, a file of kind
 * `expected`, taken over; NULL for none) instead of the validator's shared
 * file: a plan read as it was at a revision is checked against the
 * contacts.yaml it had then.
 */
int validate_load_text_with(struct validator *v, struct diag_file *f, struct buf *text,
			    const struct kind *expected, const char *shared_name,
			    struct buf *shared, struct loaded *out);
void loaded_release(struct loaded *l);

#endif
