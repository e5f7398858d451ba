/*
 * The facilitator's commands, as typed in the console, read from standard
 * input or from a script, one a line:
 *
 *     done EXPECT P|S|M|U [TEXT]        an expected action was performed, rated (HSEEP)
 *     note TEXT                         an entry of the log (main courante)
 *     decision WHAT [by PARTY] [why WHY]  a decision, who took it and why
 *     publish INJECT                    an inject now (early, or a contingency)
 *     skip INJECT|EXPECT [WHY]          an inject that will not come, an action not asked
 *     role ROLE PARTY                   who plays a cell role (a stand-in shows)
 *     pause, resume, end, quit, help
 *
 * A command may be shortened while it stays unambiguous (d, n, p, s, r, q are
 * done, note, publish, skip, role, quit). Words are separated by spaces; a
 * text may be quoted ("...", with \" inside) and runs to the end of the line
 * otherwise. In a script, each line starts with its time on the drill's
 * clock: +HH:MM:SS (+00:05:00), at or after the line before it.
 */
#ifndef CRISIS_COMMAND_H
#define CRISIS_COMMAND_H

#include "engine.h"

#include <stdbool.h>
#include <stdint.h>

#define RULE_SCRIPT_SYNTAX "script-syntax"

enum command_kind { CMD_EVENT, CMD_QUIT, CMD_HELP, CMD_NONE };

struct command {
	enum command_kind kind;
	struct engine_event ev;		/* for CMD_EVENT; `at` is the caller's */
	int64_t at;			/* +HH:MM:SS when the line had one, else -1 */
	const char *error;		/* static: why the line was refused */
	size_t column;			/* 1-based, where it went wrong */
};

/*
 * Parse one line (no line end). CMD_NONE for a blank line or a comment
 * (#...). On a syntax error: -1, with `error` and `column` set. A line
 * with a time is accepted only when `timed`; without one only when
 * `untimed`. Names the drill does not have are not checked here.
 */
int command_parse(struct command *c, const char *line, bool timed, bool untimed);
void command_release(struct command *c);

/* One line of help per command, for the console's help and the man page. */
extern const char *const command_help[];

#endif
