/*
 * crisis contacts export and import: half of the contacts command, whose
 * table is in cmd/contacts.c; documented in crisis-contacts(1).
 */
#ifndef CRISIS_CMD_CONTACTS_EXCHANGE_H
#define CRISIS_CMD_CONTACTS_EXCHANGE_H

#include "cmd.h"

extern const struct cmd contacts_export_cmd, contacts_import_cmd;

/* The option every subcommand that reads plans takes. */
#define OPT_PLAN 300
#define PLAN_OPT { "plan", OPT_PLAN, "PLAN", \
	"only this plan (an id of the workspace, or a file); repeatable", NULL }

#endif
