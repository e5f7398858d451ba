/*
 * The rules a debrief is checked with: its actions' owners and plans exist
 * in the workspace (check/rule.h: struct rule_env), and their due dates.
 */
#ifndef CRISIS_DEBRIEF_RULES_H
#define CRISIS_DEBRIEF_RULES_H

#include "check/rule.h"

#define RULE_ACTION_DUE_PAST	"action-due-past"
#define RULE_ACTION_OVERDUE	"action-overdue"

/* NULL-terminated, in the order `crisis debrief rules` lists them. */
extern const struct rule *const debrief_rules[];

#endif
