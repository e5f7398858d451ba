/*
 * The drill console: one screen drawn from the run's state.
 *
 *   DRILL <title>                                T+00:12:34  x1  RUNNING
 *   next: i-presse in 00:02:26 — <its message>
 *   -- injects ------------------------------------------------------------
 *   T+00:05:00 i-alarme -> direction, c-pc-securite: <message>
 *   -- expected (facilitator) ----------------------------------------------
 *   e-convoquer  by direction   left 00:03:10   Convoquer la cellule
 *   e-alerter    by pilote      LATE 00:01:05   Alerter le niveau 1
 *   -- log -----------------------------------------------------------------
 *   T+00:10:02 done e-convoquer (P) cellule réunie
 *   <message line: what was recorded, or why not>
 *   > command typed here
 *
 * Everything is drawn to ncurses' virtual screen and sent by doupdate(),
 * which writes only what changed: no flicker, little output over SSH.
 */
#include "drill-console.h"
#include "cmd.h"
#include "drill/command.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/xalloc.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum { PAIR_TITLE = 1, PAIR_LATE, PAIR_SOON, PAIR_DIM };

struct console {
	struct live *l;
	const struct console_opts *o;
	struct buf input;		/* what is being typed, UTF-8 */
	struct buf message;		/* the last answer */
	bool message_error;
	bool help;			/* the help is shown instead */
	size_t published;		/* injects seen, to ring once for each new one */
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Draw UTF-8 text at (y, x) in at most `width` columns of the screen. */
static void put(int y, int x, int width, const char *text, attr_t attr)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return;
	size_t n = strlen(text);
	wchar_t *w = xcalloc(n + 1, sizeof(*w));
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = text;
	size_t got = mbsrtowcs(w, &src, n + 1, &st);
	if (got == (size_t)-1) {
		/* Not text in this locale: shown byte for byte, control bytes as '?'. */
		for (got = 0; got < n; got++)
			w[got] = (unsigned char)text[got] < 0x20 ? L'?' : (wchar_t)(unsigned char)text[got];
		w[got] = 0;
	}
	int cols = 0;
	size_t keep = 0;
	for (; keep < got; keep++) {
		int cw = wcwidth(w[keep]);
		if (w[keep] < 0x20)
			w[keep] = L' ';
		if (cw < 0)
			cw = 1;
		if (cols + cw > width)
			break;
		cols += cw;
	}
	attron(attr);
	mvaddnwstr(y, x, w, (int)keep);
	attroff(attr);
	free(w);
}

static void clock_text(struct buf *b, int64_t ms)
{
	buf_adds(b, "T+");
	duration_clock(b, ms);
}

static void rule_line(int y, const char *title)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, " %s ", title);
	mvhline(y, 0, ACS_HLINE, COLS);
	put(y, 2, COLS - 4, b.ptr, A_BOLD);
	buf_release(&b);
}

static const char *state_word(const struct engine *e)
{
	return e->ended ? "ENDED" : e->paused ? "PAUSED" : "RUNNING";
}

static void draw_top(struct console *c, int64_t now)
{
	const struct live *l = c->l;
	struct buf left = BUF_INIT, right = BUF_INIT;
	buf_addf(&left, " DRILL  %s", l->drill->title ? l->drill->title : l->drill->id);
	clock_text(&right, now);
	buf_addf(&right, "  x%g  %s ", l->run.speed, state_word(&l->engine));
	attron(COLOR_PAIR(PAIR_TITLE) | A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(COLOR_PAIR(PAIR_TITLE) | A_REVERSE);
	int rw = (int)right.len;
	put(0, 0, COLS - rw - 1, left.ptr, COLOR_PAIR(PAIR_TITLE) | A_REVERSE | A_BOLD);
	put(0, COLS - rw > 0 ? COLS - rw : 0, rw, right.ptr, COLOR_PAIR(PAIR_TITLE) | A_REVERSE | A_BOLD);

	buf_reset(&left);
	int64_t when;
	const struct engine_inject *next = engine_next(&l->engine, now, &when);
	if (l->engine.ended)
		buf_adds(&left, "the run has ended");
	else if (next) {
		buf_addf(&left, "next: %s in ", next->in->id);
		duration_clock(&left, when - now);
		buf_addf(&left, " - %s", next->in->message);
	} else {
		buf_adds(&left, "no inject left");
		if (l->drill->duration > now) {
			buf_adds(&left, "; drill ends in ");
			duration_clock(&left, l->drill->duration - now);
		} else {
			buf_adds(&left, "; the drill's time is up: type 'end'");
		}
	}
	for (size_t i = 0; c->o->facilitator && i < l->drill->nr_injects; i++)
		if (engine_contingency_ready(&l->engine, &l->engine.injects[i], now))
			buf_addf(&left, "  [contingency ready: publish %s]", l->engine.injects[i].in->id);
	put(1, 0, COLS, left.ptr, next && when - now < 60000 ? COLOR_PAIR(PAIR_SOON) | A_BOLD : A_NORMAL);
	buf_release(&left);
	buf_release(&right);
}

/* The published injects, the last ones that fit in `rows` from `y`. */
static int draw_injects(struct console *c, int y, int rows)
{
	const struct engine *e = &c->l->engine;
	size_t nr = 0;
	const struct engine_event **pub = xcalloc(e->nr_log + 1, sizeof(*pub));
	for (size_t i = 0; i < e->nr_log; i++)
		if (e->log[i].type == EV_INJECT)
			pub[nr++] = &e->log[i];
	rule_line(y++, "injects");
	size_t from = nr > (size_t)rows ? nr - (size_t)rows : 0;
	struct buf b = BUF_INIT;
	for (size_t i = from; i < nr; i++) {
		const struct drill_inject *in = drill_inject(c->l->drill, pub[i]->inject);
		buf_reset(&b);
		clock_text(&b, pub[i]->at);
		buf_addf(&b, " %s", pub[i]->inject);
		for (size_t k = 0; in && k < in->to.nr; k++)
			buf_addf(&b, "%s%s", k ? ", " : " -> ", in->to.ids[k]);
		buf_addf(&b, ": %s", in ? in->message : "");
		put(y++, 0, COLS, b.ptr, i + 1 == nr ? A_BOLD : A_NORMAL);
	}
	if (!nr)
		put(y++, 0, COLS, "(none yet)", COLOR_PAIR(PAIR_DIM));
	buf_release(&b);
	free(pub);
	return y;
}

/* The open expectations, late ones first. */
static int draw_expects(struct console *c, int y, int rows, int64_t now)
{
	const struct engine *e = &c->l->engine;
	struct buf b = BUF_INIT;
	int shown = 0, id_width = 8, by_width = 6;
	for (size_t i = 0; i < e->nr_expects; i++) {
		int n = (int)strlen(e->expects[i].e->id);
		int m = e->expects[i].e->by ? (int)strlen(e->expects[i].e->by) : 1;
		id_width = n > id_width ? n : id_width;
		by_width = m > by_width ? m : by_width;
	}
	id_width = id_width > 24 ? 24 : id_width;
	by_width = by_width > 22 ? 22 : by_width;
	rule_line(y++, "expected actions");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < e->nr_expects && shown < rows; i++) {
			const struct engine_expect *x = &e->expects[i];
			int64_t due = engine_due_time(x);
			bool late = due != ENGINE_NONE && now > due;
			if (!engine_open(x) || late != (pass == 0))
				continue;
			buf_reset(&b);
			buf_addf(&b, "%-*s by %-*s ", id_width, x->e->id, by_width, x->e->by ? x->e->by : "-");
			if (due == ENGINE_NONE)
				buf_adds(&b, "          ");
			else {
				buf_adds(&b, late ? "LATE " : "left ");
				duration_clock(&b, late ? now - due : due - now);
			}
			buf_addf(&b, "  %s", x->e->action);
			put(y++, 0, COLS, b.ptr, late ? COLOR_PAIR(PAIR_LATE) | A_BOLD : A_NORMAL);
			shown++;
		}
	if (!shown)
		put(y++, 0, COLS, "(none open)", COLOR_PAIR(PAIR_DIM));
	buf_release(&b);
	return y;
}

static void draw_log(struct console *c, int y, int rows)
{
	const struct engine *e = &c->l->engine;
	struct buf b = BUF_INIT;
	rule_line(y++, "log");
	size_t from = e->nr_log > (size_t)rows ? e->nr_log - (size_t)rows : 0;
	for (size_t i = from; i < e->nr_log; i++) {
		buf_reset(&b);
		clock_text(&b, e->log[i].at);
		buf_addc(&b, ' ');
		engine_event_text(&b, c->l->drill, &e->log[i]);
		put(y++, 0, COLS, b.ptr, A_NORMAL);
	}
	buf_release(&b);
}

static void draw_help(void)
{
	int y = 2;
	put(y++, 2, COLS - 4, "Commands (type them, then Enter; ids complete with Tab):", A_BOLD);
	y++;
	for (const char *const *h = command_help; *h && y < LINES - 2; h++)
		put(y++, 4, COLS - 6, *h, A_NORMAL);
	y++;
	put(y++, 2, COLS - 4, "Space on an empty line pauses or resumes; Esc clears the line; "
	    "Ctrl-L redraws.", A_NORMAL);
	put(y + 1, 2, COLS - 4, "Any key goes back.", COLOR_PAIR(PAIR_DIM));
}

static void draw(struct console *c, int64_t now)
{
	erase();
	draw_top(c, now);
	if (c->help) {
		draw_help();
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	/* Rows between the two top lines and the two bottom ones, shared by the panes. */
	int body = LINES - 4, y = 2;
	bool expects = c->o->facilitator;
	int inj_rows = expects ? body / 3 - 1 : body / 2 - 1;
	int exp_rows = expects ? body / 3 - 1 : 0;
	if (inj_rows < 1)
		inj_rows = 1;
	y = draw_injects(c, y, inj_rows);
	if (expects)
		y = draw_expects(c, y, exp_rows < 1 ? 1 : exp_rows, now);
	draw_log(c, y, LINES - 3 - y);
	put(LINES - 2, 0, COLS, buf_str(&c->message),
	    c->message_error ? COLOR_PAIR(PAIR_LATE) | A_BOLD : COLOR_PAIR(PAIR_DIM));
	if (!c->o->readonly) {
		struct buf prompt = BUF_INIT;
		buf_addf(&prompt, "> %s", buf_str(&c->input));
		move(LINES - 1, 0);
		clrtoeol();
		put(LINES - 1, 0, COLS - 1, prompt.ptr, A_NORMAL);
		buf_release(&prompt);
		curs_set(1);
	} else {
		put(LINES - 1, 0, COLS, "read-only: q leaves", COLOR_PAIR(PAIR_DIM));
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void say(struct console *c, bool is_error, const char *fmt, const char *arg)
{
	buf_reset(&c->message);
	buf_addf(&c->message, fmt, arg);
	c->message_error = is_error;
}

/* Complete the last word of the input with the ids of the drill. */
static void complete_word(struct console *c)
{
	const struct drill *d = c->l->drill;
	char *start = strrchr(c->input.ptr ? c->input.ptr : "", ' ');
	const char *word = start ? start + 1 : buf_str(&c->input);
	size_t len = strlen(word), matches = 0;
	const char *found = NULL;
	for (size_t i = 0; i < d->nr_injects; i++) {
		const struct drill_inject *in = &d->injects[i];
		if (in->id && !strncmp(in->id, word, len))
			found = in->id, matches++;
		for (size_t k = 0; k < in->nr_expects; k++)
			if (in->expects[k].id && !strncmp(in->expects[k].id, word, len))
				found = in->expects[k].id, matches++;
	}
	if (matches == 1 && found) {
		buf_adds(&c->input, found + len);
		buf_addc(&c->input, ' ');
	}
}

/* Run the typed line; 1 to quit. */
static int execute(struct console *c)
{
	struct command cmd;
	int64_t wall = clock_wall_ms(), mono = clock_mono_ms();
	char *line = buf_detach(&c->input);
	int ret = 0;
	if (!line)
		return 0;
	if (command_parse(&cmd, line, false, true) < 0) {
		say(c, true, "%s", cmd.error);
	} else if (cmd.kind == CMD_QUIT) {
		ret = 1;
	} else if (cmd.kind == CMD_HELP) {
		c->help = true;
	} else if (cmd.kind == CMD_EVENT) {
		live_publish_due(c->l, live_now(c->l, mono), wall, mono);
		if (live_record(c->l, &cmd.ev, wall, mono) < 0) {
			say(c, true, "not recorded: %s", crisis_error_last());
		} else {
			struct buf b = BUF_INIT;
			const struct engine *e = &c->l->engine;
			engine_event_text(&b, c->l->drill, &e->log[e->nr_log - 1]);
			say(c, false, "recorded: %s", b.ptr);
			buf_release(&b);
		}
	}
	if (cmd.kind != CMD_NONE)
		command_release(&cmd);
	free(line);
	return ret;
}

/* A key; 1 to quit. */
static int key(struct console *c, int kind, wint_t ch)
{
	if (c->help) {
		c->help = false;
		return 0;
	}
	if (kind == KEY_CODE_YES) {
		if (ch == KEY_BACKSPACE && c->input.len) {
			size_t n = c->input.len;
			while (n > 0 && ((unsigned char)c->input.ptr[n - 1] & 0xC0) == 0x80)
				n--;
			c->input.len = n ? n - 1 : 0;
			c->input.ptr[c->input.len] = '\0';
		} else if (ch == KEY_ENTER) {
			return execute(c);
		} else if (ch == KEY_F(1)) {
			c->help = true;
		}
		return 0;
	}
	if (c->o->readonly)
		return ch == L'q' || ch == L'Q';
	if (ch == L'\n' || ch == L'\r')
		return execute(c);
	if (ch == 27) {			/* Esc */
		buf_reset(&c->input);
		return 0;
	}
	if (ch == 12) {			/* Ctrl-L */
		clearok(curscr, TRUE);
		return 0;
	}
	if (ch == L'\t') {
		complete_word(c);
		return 0;
	}
	if (ch == 127 || ch == 8) {
		return key(c, KEY_CODE_YES, KEY_BACKSPACE);
	}
	if (!c->input.len && ch == L' ') {
		buf_adds(&c->input, c->l->engine.paused ? "resume" : "pause");
		return execute(c);
	}
	if (!c->input.len && ch == L'?') {
		c->help = true;
		return 0;
	}
	if (ch >= 0x20) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, (wchar_t)ch, &st);
		if (n != (size_t)-1)
			buf_add(&c->input, mb, n);
	}
	return 0;
}

/* How long to sleep: to the next second of the drill's clock, or the next inject. */
static int wait_ms(const struct live *l, int64_t now)
{
	if (l->engine.paused || l->engine.ended)
		return 1000;
	double speed = l->run.speed > 0 ? l->run.speed : 1;
	int64_t next_second = 1000 - now % 1000;
	int64_t when;
	if (engine_next(&l->engine, now, &when) && when - now < next_second)
		next_second = when - now;
	int64_t ms = (int64_t)((double)next_second / speed) + 1;
	return ms < 10 ? 10 : ms > 1000 ? 1000 : (int)ms;
}

static size_t count_published(const struct engine *e)
{
	size_t n = 0;
	for (size_t i = 0; i < e->drill->nr_injects; i++)
		n += e->injects[i].published != ENGINE_NONE;
	return n;
}

int console_run(struct live *l, const struct console_opts *o)
{
	struct console c = { .l = l, .o = o, .input = BUF_INIT, .message = BUF_INIT };
	struct sigaction sa;
	int ret = 0;

	setlocale(LC_ALL, "");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!initscr())
		return crisis_error("cannot start the console on this terminal");
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* NO_COLOR and TERM=dumb as everywhere else; lateness is written too, not only red. */
	if (has_colors() && want_color("auto")) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_CYAN, -1);
		init_pair(PAIR_LATE, COLOR_RED, -1);
		init_pair(PAIR_SOON, COLOR_YELLOW, -1);
		init_pair(PAIR_DIM, COLOR_BLUE, -1);
	}
	c.published = count_published(&l->engine);
	say(&c, false, "%s", o->readonly ? "following the run" :
	    "type a command (help, or ? for the list), Enter to record it");

	for (;;) {
		int64_t mono = clock_mono_ms(), wall = clock_wall_ms();
		int64_t now = live_now(l, mono);
		if (!o->readonly && live_publish_due(l, now, wall, mono) < 0)
			say(&c, true, "%s", crisis_error_last());
		if (live_sync(l, wall, mono) < 0)
			say(&c, true, "%s", crisis_error_last());
		size_t published = count_published(&l->engine);
		if (published > c.published)
			beep();		/* a new inject: the room hears it */
		c.published = published;
		now = live_now(l, mono);
		draw(&c, now);
		if (!o->readonly && l->engine.ended) {
			ret = 0;
			break;
		}
		if (interrupted) {
			ret = 1;
			break;
		}
		timeout(wait_ms(l, now));
		wint_t ch;
		int kind = get_wch(&ch);
		if (kind == ERR)
			continue;	/* the clock ticks */
		if (kind == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;	/* ncurses has the new size: draw again */
		if (key(&c, kind, ch)) {
			ret = 1;
			break;
		}
	}
	endwin();
	buf_release(&c.input);
	buf_release(&c.message);
	return ret;
}
