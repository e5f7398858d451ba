/* The subcommands of crisis debrief that live outside cmd/debrief.c. */
#ifndef CRISIS_CMD_DEBRIEF_H
#define CRISIS_CMD_DEBRIEF_H

#include "cmd.h"

/* cmd/debrief-draft.c */
extern const struct cmd debrief_new_cmd, debrief_add_cmd, debrief_finish_cmd;

#endif
