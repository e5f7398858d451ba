/*
 * crisis drill run, resume and watch: half of the drill command, whose table
 * is in cmd/drill.c; documented in crisis-drill(1).
 */
#ifndef CRISIS_CMD_DRILL_RUN_H
#define CRISIS_CMD_DRILL_RUN_H

#include "cmd.h"

extern const struct cmd drill_run_cmd, drill_resume_cmd, drill_watch_cmd;

#endif
