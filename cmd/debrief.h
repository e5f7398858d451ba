/* The subcommands of crisis debrief that live outside cmd/debrief.c. */
#ifndef CRISIS_CMD_DEBRIEF_H
#define CRISIS_CMD_DEBRIEF_H

#include "cmd.h"

/* cmd/debrief-draft.c */
extern const struct cmd debrief_new_cmd, debrief_add_cmd, debrief_finish_cmd;
/* cmd/debrief-records.c */
extern const struct cmd debrief_list_cmd, debrief_show_cmd, debrief_report_cmd, debrief_actions_cmd,
	debrief_close_cmd;
/* cmd/debrief-search.c */
extern const struct cmd debrief_search_cmd, reindex_cmd;

#endif
