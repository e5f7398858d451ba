/*
 * Every rule the checks report under: load and schema rules, and the
 * semantic rules run on a plan's model. Each has a stable id, a default
 * severity, a one-line summary and a help text; `crisis plan rules` lists them.
 */
#ifndef CRISIS_RULE_H
#define CRISIS_RULE_H

#include "diag.h"

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
/* The plan */
#define RULE_RTO_EXCEEDS_MTPD		"rto-exceeds-mtpd"
#define RULE_DEPENDENCY_SLOWER		"dependency-slower"
#define RULE_DEPENDENCY_CYCLE		"dependency-cycle"
#define RULE_PROCEDURE_EXCEEDS_RTO	"procedure-exceeds-rto"
#define RULE_STEP_CYCLE			"step-cycle"
#define RULE_HOLDER_IS_DEPUTY		"holder-is-deputy"
#define RULE_MISSING_DEPUTY		"missing-deputy"
#define RULE_SINGLE_POINT_OF_FAILURE	"single-point-of-failure"
#define RULE_REVIEW_OVERDUE		"review-overdue"
#define RULE_EXERCISE_OVERDUE		"exercise-overdue"
#define RULE_ESCALATION_ORDER		"escalation-order"
#define RULE_CONTACT_UNREACHABLE	"contact-unreachable"
#define RULE_FIRST_MESSAGE_LATE		"first-message-late"
#define RULE_CONTACT_STALE		"contact-stale"
#define RULE_CONTACT_UNUSED		"contact-unused"

enum rule_stage { STAGE_LOAD, STAGE_SCHEMA, STAGE_PLAN };

struct config;
struct doc;
struct plan;

/* What a plan rule checks, and where its findings go. */
struct rule_ctx {
	const struct plan *plan;
	struct diag_file *f;
	const struct config *config;
	int64_t today;		/* days since 1970-01-01 */
};

struct rule {
	const char *id;
	enum rule_stage stage;
	enum severity severity;
	const char *summary;
	const char *help;
	void (*check)(struct rule_ctx *ctx);	/* plan rules only */
	bool contacts;		/* also checks a contacts.yaml */
};

/* All rules, in the order `crisis plan rules` lists them. */
extern const struct rule rules[];
extern const size_t nr_rules;

const struct rule *rule_find(const char *id);
const char *rule_stage_name(enum rule_stage stage);
/* Run every plan rule, or on a contacts.yaml those that check contacts. */
void rules_run(struct rule_ctx *ctx);
/* Does the rule concern contacts (`crisis contacts check` reports it)? */
bool rule_is_about_contacts(const struct rule *r);

#endif
