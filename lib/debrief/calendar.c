#include "calendar.h"
#include "check/rule.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/ics.h"
#include "util/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the events say, in the plan's language (plan_language()). */
struct words {
	const char *pca, *pra;		/* what a plan of each kind is called */
	const char *review, *exercise;	/* "Revue du %s %s": the kind's name, the id */
	const char *action;		/* "Action corrective : %s": what to do */
	const char *owner, *file, *debrief, *plan, *due;
	const char *last_review;	/* "Dernière revue : %s, tous les %s": when, how often */
	const char *never_reviewed;
	const char *last_exercise;	/* when, " in a drill run" or "", how often */
	const char *in_run;
	const char *never_exercised;
	const char *overdue;		/* "%s": today */
	const char *reminder;		/* the alarm's text: "%s": the summary */
};

static const struct words fr = {
	.pca = "PCA", .pra = "PRA",
	.review = "Revue du %s %s", .exercise = "Exercice du %s %s",
	.action = "Action corrective : %s",
	.owner = "Responsable : ", .file = "Fichier : ", .debrief = "RETEX : ", .plan = "Plan : ",
	.due = "Échéance : ",
	.last_review = "Dernière revue : %s, tous les %s",
	.never_reviewed = "Jamais revu : à revoir dès maintenant",
	.last_exercise = "Dernier exercice : %s%s, tous les %s",
	.in_run = " (exercice enregistré)",
	.never_exercised = "Jamais exercé : à exercer dès maintenant",
	.overdue = "En retard : toujours à faire le %s",
	.reminder = "Dans une semaine : %s",
};

static const struct words en = {
	.pca = "continuity plan", .pra = "recovery plan",
	.review = "Review of %s %s", .exercise = "Exercise of %s %s",
	.action = "Corrective action: %s",
	.owner = "Owner: ", .file = "File: ", .debrief = "Debrief: ", .plan = "Plan: ",
	.due = "Due: ",
	.last_review = "Last reviewed: %s, every %s",
	.never_reviewed = "Never reviewed: due now",
	.last_exercise = "Last exercised: %s%s, every %s",
	.in_run = " (a drill run)",
	.never_exercised = "Never exercised: due now",
	.overdue = "Overdue: still to do on %s",
	.reminder = "In a week: %s",
};

/* A plan of the calendar, for the actions that name it. */
struct calendar_plan {
	const struct plan *p;
	const char *path;
	const struct words *w;
};

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void calendar_begin(struct calendar *cal, struct buf *out, const char *name, const char *key,
		    int64_t today, int64_t now)
{
	memset(cal, 0, sizeof(*cal));
	cal->out = out;
	cal->key = key;
	cal->today = today;
	cal->now = now;
	ics_raw(out, "BEGIN", NULL, "VCALENDAR");
	ics_raw(out, "VERSION", NULL, "2.0");
	ics_raw(out, "PRODID", NULL, "-//crisis//crisis " CRISIS_VERSION "//EN");
	ics_raw(out, "CALSCALE", NULL, "GREGORIAN");
	ics_raw(out, "METHOD", NULL, "PUBLISH");
	ics_text(out, "X-WR-CALNAME", NULL, name);
	/* How often a subscribed calendar fetches it again (RFC 7986, and what Outlook reads). */
	ics_raw(out, "REFRESH-INTERVAL", "VALUE=DURATION", "PT6H");
	ics_raw(out, "X-PUBLISHED-TTL", NULL, "PT6H");
}

/* "review-<id>@<key>", made unique: a second plan with the same id gets "-2". */
static char *unique_uid(struct calendar *cal, const char *what, const char *id)
{
	struct buf uid = BUF_INIT;
	buf_addf(&uid, "%s-%s@%s", what, or_empty(id), cal->key);
	for (unsigned n = 2; strmap_get(&cal->seen, uid.ptr); n++) {
		buf_reset(&uid);
		buf_addf(&uid, "%s-%s-%u@%s", what, or_empty(id), n, cal->key);
	}
	strlist_add(&cal->uids, uid.ptr);
	strmap_put(&cal->seen, cal->uids.items[cal->uids.nr - 1], &cal->uids);
	return buf_detach(&uid);
}

/*
 * One all-day event on `day`; an overdue one keeps its date, which a
 * calendar shows in the past, and says so. `reminder`: an alarm a week
 * before, when that is still to come.
 */
static void event(struct calendar *cal, const char *uid, int64_t day, const char *summary,
		  struct buf *description, const struct words *w, bool reminder)
{
	struct buf *out = cal->out;
	char today[11];

	/* DTEND, the day after, must still have a four-digit year. */
	if (day > date_days(9999, 12, 30))
		day = date_days(9999, 12, 30);
	if (day < cal->today) {
		date_format(cal->today, today);
		buf_addc(description, '\n');
		buf_addf(description, w->overdue, today);
	}
	ics_raw(out, "BEGIN", NULL, "VEVENT");
	ics_text(out, "UID", NULL, uid);
	ics_utc(out, "DTSTAMP", cal->now);
	ics_date(out, "DTSTART", day);
	ics_date(out, "DTEND", day + 1);
	char sequence[24];
	snprintf(sequence, sizeof(sequence), "%lld", (long long)(day > 0 ? day : 0));
	ics_raw(out, "SEQUENCE", NULL, sequence);
	ics_text(out, "SUMMARY", NULL, summary);
	ics_text(out, "DESCRIPTION", NULL, buf_str(description));
	/* A date to keep in mind, not time taken: it does not make anyone busy. */
	ics_raw(out, "TRANSP", NULL, "TRANSPARENT");
	if (reminder && day - 7 > cal->today) {
		struct buf text = BUF_INIT;
		buf_addf(&text, w->reminder, summary);
		ics_raw(out, "BEGIN", NULL, "VALARM");
		ics_raw(out, "ACTION", NULL, "DISPLAY");
		ics_raw(out, "TRIGGER", NULL, "-P7D");
		ics_text(out, "DESCRIPTION", NULL, text.ptr);
		ics_raw(out, "END", NULL, "VALARM");
		buf_release(&text);
	}
	ics_raw(out, "END", NULL, "VEVENT");
}

/* "Claire Martin (c-martin)" for a contact of the plan, else the id as it is. */
static void add_party(struct buf *out, const struct plan *p, const char *id)
{
	const struct plan_contact *c = p && id ? plan_contact(p, id) : NULL;
	if (c && c->name)
		buf_addf(out, "%s (%s)", c->name, id);
	else
		buf_adds(out, id ? id : "-");
}

/* The plan's title, owner and file, which its two events share. */
static void plan_description(struct buf *out, const struct calendar_plan *cp)
{
	buf_addf(out, "%s\n%s", or_empty(cp->p->title), cp->w->owner);
	add_party(out, cp->p, cp->p->owner);
	buf_addf(out, "\n%s%s\n", cp->w->file, cp->path);
}

void calendar_plan(struct calendar *cal, const struct plan *p, const char *path,
		   const struct rule_env *env)
{
	struct calendar_plan *cp = xcalloc(1, sizeof(*cp));
	struct buf summary = BUF_INIT, description = BUF_INIT, how = BUF_INIT;
	int64_t last, due;
	char day[11];

	cp->p = p;
	cp->path = path;
	cp->w = strcmp(plan_language(p), "fr") ? &en : &fr;
	const struct words *w = cp->w;
	const char *kind = p->kind && !strcmp(p->kind, "pra") ? w->pra : w->pca;
	/* The first plan of an id is the one its actions name. */
	if (p->id && !strmap_get(&cal->plans, p->id))
		strmap_put(&cal->plans, p->id, cp);

	buf_addf(&summary, w->review, kind, or_empty(p->id));
	plan_description(&description, cp);
	if (plan_next_review(p, &due)) {
		date_format(p->review_last, day);
		buf_reset(&how);
		duration_words(&how, p->review_every_text, w == &fr);
		buf_addf(&description, w->last_review, day, buf_str(&how));
	} else {
		due = cal->today;
		buf_adds(&description, w->never_reviewed);
	}
	char *uid = unique_uid(cal, "review", p->id);
	event(cal, uid, due, summary.ptr, &description, w, true);
	free(uid);

	if (p->has_exercise) {
		buf_reset(&summary);
		buf_reset(&description);
		buf_addf(&summary, w->exercise, kind, or_empty(p->id));
		plan_description(&description, cp);
		if (plan_next_exercise(p, env, &last, &due)) {
			bool by_run = !p->has_exercise_last || last > p->exercise_last;
			date_format(last, day);
			buf_reset(&how);
			duration_words(&how, p->exercise_every_text ? p->exercise_every_text :
					     PLAN_EXERCISE_EVERY, w == &fr);
			buf_addf(&description, w->last_exercise, day, by_run ? w->in_run : "", buf_str(&how));
		} else {
			due = cal->today;
			buf_adds(&description, w->never_exercised);
		}
		uid = unique_uid(cal, "exercise", p->id);
		event(cal, uid, due, summary.ptr, &description, w, false);
		free(uid);
	}
	if (!p->id || strmap_get(&cal->plans, p->id) != cp)
		free(cp);
	buf_release(&summary);
	buf_release(&description);
	buf_release(&how);
}

void calendar_debrief(struct calendar *cal, const struct debrief *d, const char *path)
{
	for (size_t i = 0; i < d->nr_actions; i++) {
		const struct debrief_action *a = &d->actions[i];
		if (a->status != ACTION_OPEN || a->due < 0)
			continue;
		const char *plan_id = debrief_action_plan(d, a);
		const struct calendar_plan *cp = plan_id ? strmap_get(&cal->plans, plan_id) : NULL;
		const struct words *w = cp ? cp->w : &en;
		struct buf summary = BUF_INIT, description = BUF_INIT, id = BUF_INIT;

		buf_addf(&summary, w->action, or_empty(a->what));
		buf_addf(&description, "%s\n%s", or_empty(a->what), w->owner);
		add_party(&description, cp ? cp->p : NULL, a->owner);
		buf_addf(&description, "\n%s%s (%s)", w->debrief, or_empty(d->id), path);
		if (plan_id) {
			buf_addf(&description, "\n%s%s", w->plan, plan_id);
			if (cp)
				buf_addf(&description, " (%s)", cp->path);
		}
		buf_addf(&description, "\n%s%s", w->due, or_empty(a->due_text));
		/* A dot, which no id holds, keeps debrief a-b's action c apart from debrief a's b-c. */
		buf_addf(&id, "%s.%s", or_empty(d->id), or_empty(a->id));
		char *uid = unique_uid(cal, "action", id.ptr);
		event(cal, uid, a->due, summary.ptr, &description, w, false);
		free(uid);
		buf_release(&summary);
		buf_release(&description);
		buf_release(&id);
	}
}

void calendar_end(struct calendar *cal)
{
	ics_raw(cal->out, "END", NULL, "VCALENDAR");
	for (size_t i = 0; i < cal->plans.cap; i++)
		if (cal->plans.slots[i].key)
			free(cal->plans.slots[i].value);
	strmap_release(&cal->plans);
	strmap_release(&cal->seen);
	strlist_release(&cal->uids);
}
