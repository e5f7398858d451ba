/*
 * A drill script: timed commands (command.h) played on a simulated clock,
 * so that a two-hour drill runs in milliseconds (rehearsals, tests, the
 * record of an exercise typed up afterwards). The whole script is checked
 * before anything is recorded: its syntax, the ids it names, and that each
 * command can happen where it stands.
 */
#ifndef CRISIS_SCRIPT_H
#define CRISIS_SCRIPT_H

#include "command.h"
#include "live.h"

struct script_line {
	unsigned long line;		/* 1-based */
	size_t offset;			/* where it starts in the script's text */
	struct command cmd;
	size_t id_column;		/* where the id it names starts, for findings */
};

struct script {
	struct script_line *lines;
	size_t nr, alloc;
};

/*
 * Read `len` bytes of script and check them against drill `d` and its plan
 * `p` (NULL: roles and parties are not checked), going on from the run's
 * `state` (NULL: a run that has not started): findings,
 * with their line and column, go to `f` (rules script-syntax and
 * unknown-reference). 0 when it can be played, -1 when not.
 */
int script_load(struct script *s, const char *text, size_t len, const struct drill *d,
		const struct plan *p, const struct engine *state, struct diag_file *f);
void script_release(struct script *s);

/*
 * Play the script on run `l`: before each line, the injects due by its
 * time are published at theirs; then the line is recorded at its time.
 * `show` is called after each event is recorded. Stops at `end` (the run
 * has ended) or `quit`; 0, or a negative code (what was recorded stays).
 */
int script_play(struct script *s, struct live *l, int64_t wall, int64_t mono,
		void (*show)(const struct live *l, const struct engine_event *ev, void *data),
		void *data);

#endif
