/*
 * crisis drill run, resume and watch: half of the drill command, whose table
 * is in cmd/drill.c; documented in crisis-drill(1). A run is played in the
 * console (cmd/drill-console.c) on a terminal, from a script with
 * --script, or from the commands of standard input when it is not a
 * terminal.
 */
#include "drill-run.h"
#include "drill-console.h"
#include "drill/env.h"
#include "drill/script.h"
#include "git/workspace.h"
#include "util/clock.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_fn drill_run, drill_resume, drill_watch;

enum { OPT_SPEED = 256, OPT_SCRIPT, OPT_NO_COMMIT, OPT_ID, OPT_AS_STARTED, OPT_FACILITATOR,
       OPT_FOLLOW, OPT_PLAN };

static const struct opt run_opts[] = {
	{ "speed", OPT_SPEED, "N", "run the clock N times faster, for a rehearsal (such as 10)", NULL },
	{ "script", OPT_SCRIPT, "FILE", "play the timed commands of FILE on a simulated clock", NULL },
	{ "no-commit", OPT_NO_COMMIT, NULL, "write the run's record, but do not commit it", NULL },
	{ "id", OPT_ID, "ID", "the run's id (default: the date and the drill's id)", NULL },
	{ "plan", OPT_PLAN, "FILE", "the plan under test, when it is not under plans/", NULL },
	OPT_END,
};

static const struct opt resume_opts[] = {
	{ "script", OPT_SCRIPT, "FILE", "play the timed commands of FILE on a simulated clock", NULL },
	{ "no-commit", OPT_NO_COMMIT, NULL, "write the run's record, but do not commit it", NULL },
	{ "as-started", OPT_AS_STARTED, NULL, "go on with the drill as it was when the run started", NULL },
	{ "plan", OPT_PLAN, "FILE", "the plan under test, when it is not under plans/", NULL },
	OPT_END,
};

static const struct opt watch_opts[] = {
	{ "facilitator", OPT_FACILITATOR, NULL, "show the expected actions too (not for the players)", NULL },
	{ "follow", OPT_FOLLOW, NULL, "without a terminal: print events as they come, until the end", NULL },
	OPT_END,
};

const struct cmd drill_run_cmd = {
	.name = "run", .parent = "drill", .fn = drill_run, .usage = "[<options>] <drill>",
	.summary = "run a drill: the facilitator's console, the clock, the injects, the log",
	.opts = run_opts, .flags = NEEDS_WORKSPACE,
	.complete = "drills",
};

const struct cmd drill_resume_cmd = {
	.name = "resume", .parent = "drill", .fn = drill_resume, .usage = "[<options>] [<run>]",
	.summary = "go on with a run that was quit or interrupted, every event kept",
	.opts = resume_opts, .flags = NEEDS_WORKSPACE,
	.complete = "runs",
};

const struct cmd drill_watch_cmd = {
	.name = "watch", .parent = "drill", .fn = drill_watch, .usage = "[<options>] [<run>]",
	.summary = "follow a live run from another terminal, read-only (a projector)",
	.opts = watch_opts, .flags = NEEDS_WORKSPACE,
	.complete = "runs",
};

/* What a run needs besides the live state: the configuration, the validator, the plans. */
struct setup {
	struct config cfg;
	struct validator v;
	struct strlist plans;
	bool open;
};

static int setup_open(struct setup *s, struct workspace *ws)
{
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	int ret = open_validator(&s->v, &s->cfg, ws->root, s->plans.items, s->plans.nr, NULL, true,
				 NULL, date_today(), &o);
	s->open = ret == 0;
	return ret;
}

static void setup_close(struct setup *s)
{
	if (s->open) {
		validator_release(&s->v);
		config_release(&s->cfg);
	}
	strlist_release(&s->plans);
}

static void show_event(const struct live *l, const struct engine_event *ev, void *data)
{
	struct buf b = BUF_INIT;
	(void)data;
	buf_adds(&b, "T+");
	duration_clock(&b, ev->at);
	buf_addc(&b, ' ');
	engine_event_text(&b, l->drill, ev);
	puts(b.ptr);
	fflush(stdout);
	buf_release(&b);
}

/* The commands of standard input: timed lines on the simulated clock, the others now. */
static int play_stdin(struct live *l, size_t shown)
{
	for (; shown < l->engine.nr_log; shown++)
		show_event(l, &l->engine.log[shown], NULL);
	struct buf line = BUF_INIT;
	unsigned long n = 0;
	int errors = 0;
	for (;;) {
		buf_reset(&line);
		int ch;
		while ((ch = getchar()) != EOF && ch != '\n')
			buf_addc(&line, (char)ch);
		if (ch == EOF && !line.len)
			break;
		n++;
		struct command cmd;
		int64_t wall = clock_wall_ms(), mono = clock_mono_ms();
		if (command_parse(&cmd, buf_str(&line), true, true) < 0) {
			fprintf(stderr, "<stdin>:%lu:%zu: error: %s [script-syntax]\n", n, cmd.column, cmd.error);
			errors++;
			continue;
		}
		if (cmd.kind == CMD_QUIT)
			break;
		if (cmd.kind != CMD_EVENT) {
			command_release(&cmd);
			continue;
		}
		struct script s = { .lines = &(struct script_line){ n, 0, cmd, 0 }, .nr = 1 };
		int ret;
		if (cmd.at >= 0) {
			ret = script_play(&s, l, wall, mono, show_event, NULL);
		} else {
			size_t before = l->engine.nr_log;
			ret = live_publish_due(l, live_now(l, mono), wall, mono);
			for (size_t i = before; ret >= 0 && i < l->engine.nr_log; i++)
				show_event(l, &l->engine.log[i], NULL);
			if (ret >= 0 && (ret = live_record(l, &cmd.ev, wall, mono)) == 0)
				show_event(l, &l->engine.log[l->engine.nr_log - 1], NULL);
		}
		command_release(&cmd);
		if (ret < 0) {
			fprintf(stderr, "<stdin>:%lu: error: %s\n", n, crisis_error_last());
			errors++;
		}
		if (l->engine.ended)
			break;
	}
	buf_release(&line);
	return errors ? -1 : 0;
}

/* play_script's answer when the script was refused whole: nothing of it was recorded. */
#define NOT_PLAYED (-EXIT_FINDINGS)

/* A script file, checked whole, then played. */
static int play_script(struct live *l, const char *path)
{
	struct buf text = BUF_INIT;
	struct script s;
	struct diag_file *f = diag_file_new(path, NULL);
	int ret;
	if ((ret = fs_read_file(path, &text)) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
		goto done;
	}
	f->severities = config_severities(l->v->config);
	if (script_load(&s, buf_str(&text), text.len, l->drill, l->plan, &l->engine, f) < 0) {
		print_findings(f);
		error("'%s' cannot be played: nothing of it was recorded", path);
		script_release(&s);
		ret = NOT_PLAYED;
		goto done;
	}
	/* Taken up after a quit, the script goes on from where the pause left the clock. */
	int64_t wall = clock_wall_ms(), mono = clock_mono_ms();
	ret = live_continue(l, l->engine.last, wall, mono) < 0 ||
	      script_play(&s, l, wall, mono, show_event, NULL) < 0 ?
	      (error("%s", crisis_error_last()), EXIT_FINDINGS) : 0;
	script_release(&s);
done:
	diag_file_free(f);
	buf_release(&text);
	return ret;
}

/* Play the run, then record it if it ended: the shared second half of run and resume. */
/* Go on now (a console, standard input): the clock runs, and what is due comes. */
static int go_on(struct live *l)
{
	int64_t wall = clock_wall_ms(), mono = clock_mono_ms();
	if (live_continue(l, live_now(l, mono), wall, mono) < 0 ||
	    live_publish_due(l, live_now(l, mono), wall, mono) < 0)
		return -1;
	return 0;
}

static int play(struct live *l, const char *script, bool commit)
{
	size_t before = l->engine.nr_log;
	int ret = 0;
	if (script) {
		if ((ret = play_script(l, script)) == NOT_PLAYED)
			return NOT_PLAYED;
	} else if (go_on(l) < 0) {
		ret = fail(CRISIS_ERROR);
	} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		struct console_opts o = { .facilitator = true };
		ret = console_run(l, &o);
		ret = ret < 0 ? fail(ret) : 0;
	} else if (play_stdin(l, before) < 0) {
		ret = EXIT_FINDINGS;
	}
	if (!l->engine.ended) {
		int64_t mono = clock_mono_ms();
		/* A script stops at its last line's time; a console at the clock's. */
		int64_t at = script ? l->engine.last : live_now(l, mono);
		if (!l->engine.paused) {
			struct engine_event pause = { .type = EV_PAUSE, .why = (char *)LIVE_QUIT };
			if (live_record_at(l, &pause, at, clock_wall_ms(), mono) < 0)
				return fail(CRISIS_ERROR);
		}
		struct buf when = BUF_INIT;
		duration_clock(&when, l->engine.last);
		fprintf(stderr, "run '%s' paused at T+%s: 'crisis drill resume %s' goes on with it\n",
			l->run.id, when.ptr, l->run.id);
		buf_release(&when);
		return ret;
	}
	struct buf path = BUF_INIT;
	char commit_id[64];
	if (live_finish(l, commit, clock_wall_ms(), &path, commit_id) < 0) {
		ret = fail(CRISIS_ERROR);
	} else if (commit_id[0]) {
		printf("recorded %s [%.7s]\n", path.ptr, commit_id);
	} else {
		printf("recorded %s (not committed)\n", path.ptr);
	}
	buf_release(&path);
	return ret;
}

/* A drill named by its file or its id (drills/ID.yaml), relative to the workspace. */
static int drill_path(struct workspace *ws, const char *arg, struct buf *out)
{
	struct strlist rel = STRLIST_INIT;
	char *name = (char *)arg;
	int ret = 0;
	if (access(arg, F_OK) != 0) {
		buf_addf(out, "%sdrills/%s.yaml", ws->root, arg);
		if (access(out->ptr, F_OK) == 0) {
			buf_reset(out);
			buf_addf(out, "drills/%s.yaml", arg);
			return 0;
		}
		buf_reset(out);
		return crisis_error_code(CRISIS_ENOTFOUND, "no drill '%s': name its file, or the id of a "
					 "drill of drills/", arg);
	}
	if ((ret = workspace_paths(ws, &name, 1, &rel)) == 0)
		buf_adds(out, rel.items[0]);
	strlist_release(&rel);
	return ret;
}

static int drill_run(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct setup s = { .plans = STRLIST_INIT };
	const char *script = NULL, *id = NULL;
	bool commit = true;
	double speed = 1;
	int c, ret;
	char *end;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_SPEED:
			speed = strtod(optarg, &end);
			if (*end || !(speed > 0) || speed > 1000)
				return usage_error(self, "--speed takes a number above 0, up to 1000, not '%s'", optarg);
			break;
		case OPT_SCRIPT: script = optarg; break;
		case OPT_NO_COMMIT: commit = false; break;
		case OPT_ID:
			/* It names the record drills/runs/<id>.yaml, whose schema takes ids only. */
			if (!doc_is_id(optarg)) {
				strlist_release(&s.plans);
				return usage_error(self, "'%s' is not an id: lowercase letters, digits and '-'",
						   optarg);
			}
			id = optarg;
			break;
		case OPT_PLAN: strlist_add(&s.plans, optarg); break;
		default:
			strlist_release(&s.plans);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		strlist_release(&s.plans);
		return usage_error(self, "name one drill");
	}
	struct buf path = BUF_INIT;
	struct live l;
	memset(&l, 0, sizeof(l));
	if ((ret = drill_path(ws, argv[optind], &path)) < 0) {
		ret = fail(ret);
		goto done;
	}
	if ((ret = setup_open(&s, ws)))
		goto done;
	struct diag_file *f = diag_file_new(path.ptr, config_severities(&s.cfg));
	if ((ret = live_start(&l, ws, &s.v, path.ptr, speed, id, clock_wall_ms(), clock_mono_ms(),
			      f)) < 0) {
		if (f->nr)
			print_findings(f);
		ret = f->errors ? (error("%s", crisis_error_last()), EXIT_FINDINGS) : fail(ret);
		diag_file_free(f);
		goto done;
	}
	diag_file_free(f);
	fprintf(stderr, "run '%s' of %s started: every event is recorded in %s\n", l.run.id,
		path.ptr, journal_path(l.journal));
	if ((ret = play(&l, script, commit)) == NOT_PLAYED) {
		/* The script was refused whole: the run it would have been is not kept. */
		journal_run_remove(l.journal, l.run.id);
		ret = EXIT_FINDINGS;
	}
done:
	live_close(&l);
	buf_release(&path);
	setup_close(&s);
	return ret;
}

static int drill_resume(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct setup s = { .plans = STRLIST_INIT };
	const char *script = NULL;
	bool commit = true, as_started = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_SCRIPT: script = optarg; break;
		case OPT_NO_COMMIT: commit = false; break;
		case OPT_AS_STARTED: as_started = true; break;
		case OPT_PLAN: strlist_add(&s.plans, optarg); break;
		default:
			strlist_release(&s.plans);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		strlist_release(&s.plans);
		return usage_error(self, "name at most one run");
	}
	struct live l;
	memset(&l, 0, sizeof(l));
	if ((ret = setup_open(&s, ws)))
		goto done;
	if ((ret = live_resume(&l, ws, &s.v, optind < argc ? argv[optind] : NULL, as_started,
			       clock_wall_ms(), clock_mono_ms())) < 0) {
		ret = fail(ret);
		goto done;
	}
	if (l.engine.ended) {
		/* Ended before its record was written: write it now. */
		ret = play(&l, NULL, commit);
		goto done;
	}
	struct buf at = BUF_INIT;
	duration_clock(&at, live_now(&l, clock_mono_ms()));
	fprintf(stderr, "run '%s' resumed at T+%s with its %zu event%s\n", l.run.id, at.ptr,
		l.engine.nr_log, l.engine.nr_log == 1 ? "" : "s");
	buf_release(&at);
	if ((ret = play(&l, script, commit)) == NOT_PLAYED)
		ret = EXIT_FINDINGS;
done:
	live_close(&l);
	setup_close(&s);
	return ret;
}

static int drill_watch(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct setup s = { .plans = STRLIST_INIT };
	struct console_opts o = { .readonly = true };
	bool follow = false;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case OPT_FACILITATOR: o.facilitator = true; break;
		case OPT_FOLLOW: follow = true; break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return usage_error(self, "name at most one run");
	struct live l;
	memset(&l, 0, sizeof(l));
	if ((ret = setup_open(&s, ws)))
		goto done;
	if ((ret = live_watch(&l, ws, &s.v, optind < argc ? argv[optind] : NULL, clock_wall_ms(),
			      clock_mono_ms())) < 0) {
		ret = fail(ret);
		goto done;
	}
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO)) {
		ret = console_run(&l, &o) < 0 ? fail(CRISIS_ERROR) : EXIT_CLEAN;
		goto done;
	}
	/* No terminal: the log as text, what the players may see, then what comes. */
	size_t shown = 0;
	for (;;) {
		for (; shown < l.engine.nr_log; shown++) {
			const struct engine_event *ev = &l.engine.log[shown];
			if (o.facilitator || ev->type == EV_INJECT || ev->type == EV_PAUSE ||
			    ev->type == EV_RESUME || ev->type == EV_END)
				show_event(&l, ev, NULL);
		}
		if (!follow || l.engine.ended || journal_run_exists(l.journal, l.run.id) != 1)
			break;
		usleep(200 * 1000);
		if (live_sync(&l, clock_wall_ms(), clock_mono_ms()) < 0) {
			ret = fail(CRISIS_ERROR);
			goto done;
		}
	}
	ret = EXIT_CLEAN;
done:
	live_close(&l);
	setup_close(&s);
	return ret;
}
