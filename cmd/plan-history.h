/*
 * The subcommands of `crisis plan` that work with the workspace's git
 * history (new, commit, log, diff, approve, status): half of the plan
 * command, whose table is in cmd/plan.c; documented in crisis-plan(1).
 */
#ifndef CRISIS_CMD_PLAN_HISTORY_H
#define CRISIS_CMD_PLAN_HISTORY_H

#include "cmd.h"

extern const struct cmd plan_new_cmd, plan_commit_cmd, plan_log_cmd, plan_diff_cmd,
	plan_approve_cmd, plan_status_cmd;

#endif
