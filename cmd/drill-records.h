/*
 * crisis drill new, list, report, history and cards: the drill command's
 * files and records, whose table is in cmd/drill.c; documented in
 * crisis-drill(1).
 */
#ifndef CRISIS_CMD_DRILL_RECORDS_H
#define CRISIS_CMD_DRILL_RECORDS_H

#include "cmd.h"

extern const struct cmd drill_new_cmd, drill_list_cmd, drill_report_cmd, drill_history_cmd,
	drill_cards_cmd;

#endif
