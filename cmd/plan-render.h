/*
 * crisis plan render: the crisis binder (cmd/plan-render.c), one entry of
 * the plan command's table in cmd/plan.c; documented in crisis-plan(1).
 */
#ifndef CRISIS_CMD_PLAN_RENDER_H
#define CRISIS_CMD_PLAN_RENDER_H

#include "cmd.h"

extern const struct cmd plan_render_cmd;

#endif
