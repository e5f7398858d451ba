/*
 * The pieces the contacts command's two files share: cmd/contacts.c (the
 * subcommand table, list, find, show, tree, check) and
 * cmd/contacts-exchange.c (export and import).
 */
#ifndef CRISIS_CMD_CONTACTS_H
#define CRISIS_CMD_CONTACTS_H

#include "plan.h"
#include "contacts/directory.h"

enum {
	OPT_ORG = 256, OPT_AVAILABLE, OPT_PLAN, OPT_SCENARIO, OPT_REDACT, OPT_DRY_RUN,
	OPT_SKIP_INVALID, OPT_COUNTRY, OPT_C_STRICT, OPT_C_COLOR, OPT_C_TODAY,
};

/* Positions in contacts_subcommands[], in table order. */
enum { CS_LIST, CS_SHOW, CS_FIND, CS_TREE, CS_CHECK, CS_EXPORT, CS_IMPORT };
#define CSUB(name) (&contacts_subcommands[name])

cmd_fn contacts_export, contacts_import;

/* What every subcommand reads: the configuration, the shared contacts, the plans. */
struct session {
	struct config cfg;
	struct validator v;
	struct directory d;
	struct diag_file *shared_f;	/* contacts.yaml's findings, or NULL */
};

/*
 * Read the configuration, the workspace's contacts.yaml and the plans (the
 * named ones, files or ids, or every plan of the workspace). 0, or an exit
 * code after saying why; `quiet` leaves unreadable files unsaid.
 */
int session_open(struct session *s, struct workspace *ws, const struct subcmd *sub,
		 char **plans, size_t nr_plans, int64_t today, bool quiet);
void session_close(struct session *s);
/*
 * The line `crisis status` prints about the session's contacts, after the
 * checks that need every plan; an exit code.
 */
int contacts_status_line(struct session *s);

/* Which contacts list, find and export keep. */
struct filter {
	const char *org, *available, *text;
	char **plans;
	size_t nr_plans;
};
bool contacts_keep(const struct dir_contact *dc, const struct filter *f);

/* Write `out` to standard output; the dispatcher checks that it arrived. */
void contacts_emit(const struct buf *out);
/* 0 when `arg` is one of the formats "a|b|c", else a usage error. */
int contacts_format(const struct subcmd *sub, const char *arg, const char *allowed);

#endif
