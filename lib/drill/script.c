#include "script.h"
#include "check/rule.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The column (in characters) of byte `at` of a line. */
static unsigned long column_of(const char *line, size_t at)
{
	return (unsigned long)utf8_chars(line, at) + 1;
}

/* Where the command starts, after the time. */
static size_t command_offset(const char *line)
{
	const char *p = line + strspn(line, " \t");
	if (*p == '+')
		p += strcspn(p, " \t");
	return (size_t)(p + strspn(p, " \t") - line);
}

/* Where the first word after the command starts: the id it names. */
static size_t id_offset(const char *line)
{
	const char *p = line + command_offset(line);
	p += strcspn(p, " \t");
	return (size_t)(p + strspn(p, " \t") - line);
}

static void add_line(struct script *s, unsigned long line, size_t offset, struct command *cmd,
		     size_t id)
{
	ALLOC_GROW(s->lines, s->nr + 1, s->alloc);
	s->lines[s->nr++] = (struct script_line){ line, offset, *cmd, id };
}

/* Names the drill does not have, and commands that could not happen where they stand. */
static int dry_run(struct script *s, const struct drill *d, const struct plan *p,
		   const struct engine *state, struct diag_file *f, const char *text, size_t len)
{
	struct engine e;
	int ret = 0;
	engine_init(&e, d);
	/* A script goes on from where the run stands: a quit run's pause is taken back. */
	for (size_t i = 0; state && i < state->nr_log; i++)
		engine_apply(&e, &state->log[i]);
	if (e.paused && e.nr_log && e.log[e.nr_log - 1].why &&
	    !strcmp(e.log[e.nr_log - 1].why, LIVE_QUIT)) {
		struct engine_event resume = { .at = e.last, .type = EV_RESUME };
		engine_apply(&e, &resume);
	}
	for (size_t i = 0; i < s->nr && !ret; i++) {
		struct script_line *sl = &s->lines[i];
		struct engine_event *ev = &sl->cmd.ev;
		const char *line = text + sl->offset;
		size_t n = 0;
		/* The text need not end in NUL: the last line ends at `len`. */
		while (sl->offset + n < len && line[n] != '\r' && line[n] != '\n')
			n++;
		char *copy = xstrndup(line, n);
		unsigned long col = column_of(copy, sl->id_column);
		if (sl->cmd.kind != CMD_EVENT) {
			free(copy);
			continue;
		}
		if (live_check_event(d, p, ev) < 0) {
			diag_add(f, RULE_UNKNOWN_REFERENCE, sl->line, col, NULL, "%s", crisis_error_last());
			ret = -1;
			free(copy);
			break;
		}
		const char *unknown = ev->inject && !drill_inject(d, ev->inject) ? ev->inject :
				      ev->expect && !drill_expect(d, ev->expect) ? ev->expect : NULL;
		if (unknown) {
			diag_add(f, RULE_UNKNOWN_REFERENCE, sl->line, col, NULL,
				 ev->type == EV_DONE ? "no expectation '%s' in drill '%s'" :
				 ev->type == EV_SKIP ? "no inject or expectation '%s' in drill '%s'" :
						       "no inject '%s' in drill '%s'", unknown, d->id);
			ret = -1;
			free(copy);
			break;
		}
		/* Injects the clock would have published by then, at their own times, as the play does. */
		const struct engine_inject *due;
		int64_t at;
		while ((due = engine_due_at(&e, sl->cmd.at, &at))) {
			struct engine_event pub = { .at = at, .type = EV_INJECT, .inject = (char *)due->in->id };
			engine_apply(&e, &pub);
		}
		ev->at = sl->cmd.at;
		if (engine_check(&e, ev) < 0) {
			diag_add(f, RULE_SCRIPT_SYNTAX, sl->line, column_of(copy, command_offset(copy)),
				 NULL, "%s", crisis_error_last());
			ret = -1;
		} else {
			engine_apply(&e, ev);
		}
		free(copy);
	}
	engine_release(&e);
	return ret;
}

int script_load(struct script *s, const char *text, size_t len, const struct drill *d,
		const struct plan *p, const struct engine *state, struct diag_file *f)
{
	struct buf line = BUF_INIT;
	unsigned long n = 0;
	int64_t last = 0;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	diag_file_set_text(f, text, len);
	for (size_t at = 0; at < len;) {
		size_t end = at;
		while (end < len && text[end] != '\n')
			end++;
		n++;
		size_t offset = at;
		buf_reset(&line);
		buf_add(&line, text + at, end - at);
		if (line.len && line.ptr[line.len - 1] == '\r')
			line.ptr[--line.len] = '\0';
		at = end + 1;
		struct command cmd;
		if (command_parse(&cmd, buf_str(&line), true, false) < 0) {
			diag_add(f, RULE_SCRIPT_SYNTAX, n, column_of(buf_str(&line), cmd.column - 1),
				 NULL, "%s", cmd.error);
			ret = -1;
			continue;
		}
		if (cmd.kind == CMD_NONE)
			continue;
		if (cmd.kind == CMD_HELP) {
			diag_add(f, RULE_SCRIPT_SYNTAX, n, 1, NULL, "help has no place in a script");
			ret = -1;
			continue;
		}
		if (cmd.at < last || (state && cmd.at < state->last)) {
			struct buf stands = BUF_INIT;
			duration_clock(&stands, state ? state->last : 0);
			diag_add(f, RULE_SCRIPT_SYNTAX, n, 1, NULL, cmd.at < last ?
				 "the time goes back: a line comes at or after the one before it" :
				 "the time cannot go back: the run stands at T+%s", stands.ptr);
			buf_release(&stands);
			command_release(&cmd);
			ret = -1;
			continue;
		}
		last = cmd.at;
		add_line(s, n, offset, &cmd, id_offset(buf_str(&line)));
	}
	buf_release(&line);
	if (ret == 0)
		ret = dry_run(s, d, p, state, f, text, len);
	diag_file_sort(f);
	diag_file_set_text(f, NULL, 0);
	return ret;
}

void script_release(struct script *s)
{
	for (size_t i = 0; i < s->nr; i++)
		command_release(&s->lines[i].cmd);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

int script_play(struct script *s, struct live *l, int64_t wall, int64_t mono,
		void (*show)(const struct live *l, const struct engine_event *ev, void *data),
		void *data)
{
	for (size_t i = 0; i < s->nr; i++) {
		struct script_line *sl = &s->lines[i];
		const struct engine_inject *due;
		int64_t t;
		int ret;
		/* Injects come at their own time on the way to this line's. */
		while ((due = engine_due_at(&l->engine, sl->cmd.at, &t))) {
			struct engine_event pub = { .type = EV_INJECT, .inject = (char *)due->in->id };
			if ((ret = live_record_at(l, &pub, t, wall, mono)) < 0)
				return ret;
			if (show)
				show(l, &l->engine.log[l->engine.nr_log - 1], data);
		}
		if (sl->cmd.kind == CMD_QUIT) {
			struct engine_event pause = { .type = EV_PAUSE, .why = (char *)LIVE_QUIT };
			return l->engine.paused ? 0 : live_record_at(l, &pause, sl->cmd.at, wall, mono);
		}
		if ((ret = live_record_at(l, &sl->cmd.ev, sl->cmd.at, wall, mono)) < 0)
			return ret;
		if (show)
			show(l, &l->engine.log[l->engine.nr_log - 1], data);
		if (l->engine.ended)
			break;
	}
	return 0;
}
