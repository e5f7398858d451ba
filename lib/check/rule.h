/*
 * Rules: the load and schema rules every kind shares, and what a kind's
 * own rules (run on its model) look like. Each has a stable id, a default
 * severity, a one-line summary and a help text; `crisis plan rules` lists them.
 */
#ifndef CRISIS_RULE_H
#define CRISIS_RULE_H

#include "diag.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reading the file */
#define RULE_IO_ERROR		"io-error"
#define RULE_YAML_SYNTAX	"yaml-syntax"
#define RULE_XML_SYNTAX		"xml-syntax"
#define RULE_INVALID_UTF8	"invalid-utf8"
#define RULE_TAB_INDENT		"tab-indent"
#define RULE_EMPTY_FILE		"empty-file"
#define RULE_MULTI_DOCUMENT	"multi-document"
#define RULE_DUPLICATE_KEY	"duplicate-key"
#define RULE_KEY_NOT_NAME	"key-not-name"
#define RULE_ALIAS_BUDGET	"alias-budget"
#define RULE_TOO_DEEP		"too-deep"
#define RULE_MERGE_CONFLICT	"merge-conflict"
/* The schema */
#define RULE_UNKNOWN_KEY	"unknown-key"
#define RULE_MISSING_KEY	"missing-key"
#define RULE_BAD_VALUE		"bad-value"
#define RULE_UNKNOWN_REFERENCE	"unknown-reference"
#define RULE_DUPLICATE_ID	"duplicate-id"
enum rule_stage { STAGE_LOAD, STAGE_SCHEMA, STAGE_PLAN, STAGE_DRILL, STAGE_DEBRIEF };

struct config;
struct loaded;

/*
 * What rules may ask beyond their own file: the other files of the
 * workspace. The commands set it up; a rule that needs it does nothing
 * when there is none.
 */
struct rule_env {
	/* The plan whose `id:` is `id` (read and checked), or NULL when there is none. */
	const struct loaded *(*find_plan)(const struct rule_env *env, const char *id);
	/* The ids of the plans that can be found, for suggestions. */
	const char *const *plan_ids;
	size_t nr_plan_ids;
	/* The date (YYYY-MM-DD) of the last drill run of each plan, by plan id; NULL: none known. */
	const struct strmap *exercises;
	/* Frees the env along with the validator that holds it; NULL: its owner does. */
	void (*release)(struct rule_env *env);
};

/* What a kind's rule checks, and where its findings go. */
struct rule_ctx {
	const void *model;	/* the kind's model (struct plan ...) */
	struct diag_file *f;
	const struct config *config;
	int64_t today;		/* days since 1970-01-01 */
	const struct rule_env *env;	/* or NULL */
};

struct rule {
	const char *id;
	enum rule_stage stage;
	enum severity severity;
	const char *summary;
	const char *help;
	/* A kind's rule that runs on its model; NULL for load and schema rules, and
	 * for an id reported by another rule's check. */
	void (*check)(struct rule_ctx *ctx);
};

/* The load and schema rules, which every kind shares. */
extern const struct rule check_rules[];
extern const size_t check_nr_rules;

/*
 * A set of rules found by id: the load and schema rules, then each kind's,
 * in the order `crisis plan rules` lists them; an id is listed once.
 */
struct ruleset {
	const struct rule **items;
	size_t nr, alloc;
	struct strmap index;
};

#define RULESET_INIT { NULL, 0, 0, STRMAP_INIT }

/* Add the rules of a table, skipping ids already in the set. */
void ruleset_add(struct ruleset *rs, const struct rule *rules, size_t nr);
const struct rule *ruleset_find(const struct ruleset *rs, const char *id);
void ruleset_release(struct ruleset *rs);

const char *rule_stage_name(enum rule_stage stage);

#endif
