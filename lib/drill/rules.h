/*
 * The rules a drill is checked with: its own times and objectives, and
 * what it names in the plan under test (parties, scenario, levels, steps),
 * which needs the workspace (check/rule.h: struct rule_env).
 */
#ifndef CRISIS_DRILL_RULES_H
#define CRISIS_DRILL_RULES_H

#include "check/rule.h"

#define RULE_DRILL_PLAN_MISSING		"drill-plan-missing"
#define RULE_INJECT_TIMING		"inject-timing"
#define RULE_INJECT_AFTER_END		"inject-after-end"
#define RULE_INJECT_CYCLE		"inject-cycle"
#define RULE_OBJECTIVE_UNTESTED		"objective-untested"
#define RULE_EXPECT_SLOWER_THAN_PLAN	"expect-slower-than-plan"

/* NULL-terminated, in the order `crisis drill rules` lists them. */
extern const struct rule *const drill_rules[];

#endif
