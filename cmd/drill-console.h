/*
 * The drill console (ncurses): the facilitator's screen of `crisis drill
 * run` and `resume`, and the read-only one of `crisis drill watch`. It
 * draws only from the run's state (lib/drill/live.h), wakes once a second
 * for the clock, and redraws what changed.
 */
#ifndef CRISIS_CMD_DRILL_CONSOLE_H
#define CRISIS_CMD_DRILL_CONSOLE_H

#include "drill/live.h"

#include <stdbool.h>

struct console_opts {
	bool readonly;		/* watch: nothing is typed */
	bool facilitator;	/* show the expected actions (players must not see them) */
};

/*
 * Run the console on `l` until the run ends, the user quits (the run is
 * paused, to be resumed), or, read-only, the run leaves the journal.
 * 0 when it ended, 1 when quit, or a negative code.
 */
int console_run(struct live *l, const struct console_opts *o);

#endif
