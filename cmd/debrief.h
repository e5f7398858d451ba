/* The subcommands of crisis debrief that live outside cmd/debrief.c. */
#ifndef CRISIS_CMD_DEBRIEF_H
#define CRISIS_CMD_DEBRIEF_H

#include "cmd.h"

#endif
