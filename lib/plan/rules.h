/*
 * The rules a plan's model is checked with (kinds pca and pra), and those
 * of them that also check a workspace's contacts.yaml (kind contacts).
 */
#ifndef CRISIS_PLAN_RULES_H
#define CRISIS_PLAN_RULES_H

#include "check/rule.h"

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
#define RULE_FILE_NAME_NOT_ID		"file-name-not-id"


/* NULL-terminated, in the order `crisis plan rules` lists them. */
extern const struct rule *const plan_rules[];
extern const struct rule *const plan_contacts_rules[];

#endif
