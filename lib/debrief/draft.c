#include "draft.h"
#include "check/yamledit.h"
#include "drill/run.h"
#include "plan/plan.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/suggest.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const section_names[] = {
	[SECTION_PARTICIPANT] = "participant", [SECTION_TIMELINE] = "timeline",
	[SECTION_WENT_WELL] = "went-well", [SECTION_WENT_WRONG] = "went-wrong",
	[SECTION_DECISION] = "decision", [SECTION_LESSON] = "lesson", [SECTION_ACTION] = "action",
};

static const char *const elements[] = {
	"planning", "organisation", "equipment", "training", "exercise", NULL,
};

const char *draft_section_name(enum draft_section s)
{
	return section_names[s];
}

int draft_section_parse(const char *name)
{
	for (int i = 0; i < NR_SECTIONS; i++) {
		const char *s = section_names[i];
		size_t n = strlen(s);
		if (!strcmp(name, s))
			return i;
		/* went_well as the file writes it */
		if (strlen(name) == n && strchr(s, '-')) {
			size_t k = 0;
			while (k < n && (name[k] == s[k] || (s[k] == '-' && name[k] == '_')))
				k++;
			if (k == n)
				return i;
		}
	}
	return -1;
}

char *draft_slug(const char *title)
{
	struct buf folded = BUF_INIT, out = BUF_INIT;
	utf8_fold(&folded, title);
	for (const char *p = buf_str(&folded); *p; p++) {
		bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (word)
			buf_addc(&out, *p);
		else if (out.len && out.ptr[out.len - 1] != '-')
			buf_addc(&out, '-');
		if (out.len >= 48)
			break;
	}
	while (out.len && out.ptr[out.len - 1] == '-')
		out.ptr[--out.len] = '\0';
	buf_release(&folded);
	if (!out.len)
		buf_adds(&out, "debrief");
	return buf_detach(&out);
}

void draft_path(struct buf *out, const struct draft *d)
{
	buf_addf(out, "%s%s-%s.yaml", DEBRIEFS_DIR, d->date, d->id);
}

/* The ids and sections of a draft's entries so far. */
struct seen {
	struct draft_entry *entries;
	size_t nr, alloc;
};

static int keep(const struct draft_entry *e, void *data)
{
	struct seen *s = data;
	ALLOC_GROW(s->entries, s->nr + 1, s->alloc);
	s->entries[s->nr++] = (struct draft_entry){
		.seq = e->seq, .section = xstrdup(e->section),
		.id = e->id ? xstrdup(e->id) : NULL,
	};
	return 0;
}

static void seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->nr; i++)
		draft_entry_release(&s->entries[i]);
	free(s->entries);
}

static bool has_id(const struct seen *s, const char *section, const char *id)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->entries[i].section, section) && s->entries[i].id &&
		    !strcmp(s->entries[i].id, id))
			return true;
	return false;
}

static const char *closest_id(const struct seen *s, const char *section, const char *id)
{
	const char **ids = xcalloc(s->nr + 1, sizeof(*ids));
	size_t n = 0;
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->entries[i].section, section) && s->entries[i].id)
			ids[n++] = s->entries[i].id;
	const char *best = suggest_best(id, ids, n);
	free(ids);
	return best;
}


/* The first "<section>-N" that is not taken. */
static char *next_id(const struct seen *s, const char *section)
{
	for (size_t n = 1;; n++) {
		struct buf id = BUF_INIT;
		buf_addf(&id, "%s-%zu", section, n);
		if (!has_id(s, section, id.ptr))
			return buf_detach(&id);
		buf_release(&id);
	}
}

static int check_party(const struct plan *p, const char *what, const char *id)
{
	if (!id || !p || plan_has_party(p, id))
		return CRISIS_OK;
	const char *best = plan_closest_party(p, id, true, true);
	return crisis_error_code(CRISIS_ENOTFOUND, "%s '%s' is no cell role or contact of plan '%s'%s%s%s",
				 what, id, p->id, best ? "; did you mean '" : "", best ? best : "",
				 best ? "'?" : "");
}

/* n digits at *p, moving past them */
static bool digits(const char **p, int n)
{
	for (int i = 0; i < n; i++, (*p)++)
		if (**p < '0' || **p > '9')
			return false;
	return true;
}

bool draft_valid_when(const char *at)
{
	char day[11];
	int64_t days;
	if (at[0] == 'P')
		return duration_parse_ms(at) >= 0;
	if (strlen(at) < 10)
		return false;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (date_parse(day, &days) < 0)
		return false;
	const char *p = at + 10;
	if (!*p)
		return true;
	if (*p++ != 'T' || !digits(&p, 2) || *p++ != ':' || !digits(&p, 2))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2))
			return false;
		if (*p == '.') {
			p++;
			if (!digits(&p, 1))
				return false;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'Z')
		return !p[1];
	if (*p == '+' || *p == '-') {
		p++;
		return digits(&p, 2) && *p++ == ':' && digits(&p, 2) && !*p;
	}
	return !*p;
}

/* The fields a section needs, and those it cannot take. */
static int check_fields(enum draft_section s, const struct draft_entry *e)
{
	const char *name = section_names[s];
	if (!e->text || !*e->text)
		return crisis_error("a %s needs its text", name);
	if (s == SECTION_TIMELINE && !e->at)
		return crisis_error("a timeline entry needs --at: an offset such as PT12M, or a date and "
				    "time such as 2026-03-03T08:15:00+01:00");
	if (s == SECTION_ACTION && (!e->owner || !e->due || !e->element))
		return crisis_error("an action needs --owner (a cell role or contact), --due (YYYY-MM-DD) "
				    "and --element (planning, organisation, equipment, training or exercise)");
	if (s != SECTION_ACTION && (e->owner || e->due || e->element || e->lesson || e->plan))
		return crisis_error("--owner, --due, --element, --lesson and --plan are for actions, not a %s",
				    name);
	if (s != SECTION_DECISION && (e->by || e->why))
		return crisis_error("--by and --why are for decisions, not a %s", name);
	if (s != SECTION_TIMELINE && s != SECTION_DECISION && e->at)
		return crisis_error("--at is for the timeline and decisions, not a %s", name);
	if (s != SECTION_LESSON && e->tags)
		return crisis_error("--tag is for lessons, not a %s", name);
	if (s != SECTION_LESSON && s != SECTION_ACTION && e->id)
		return crisis_error("--id is for lessons and actions, not a %s", name);
	return CRISIS_OK;
}

static int check_tags(const char *tags)
{
	char *copy = xstrdup(tags);
	int ret = CRISIS_OK;
	for (char *t = strtok(copy, ","); t && !ret; t = strtok(NULL, ","))
		if (!doc_is_id(t))
			ret = crisis_error("tag '%s' is not an id: lowercase letters, digits and '-'", t);
	free(copy);
	return ret;
}

int draft_check_entry(struct drafts *ds, const struct draft *d, struct draft_entry *e,
		      const struct plan *p, int64_t today, struct buf *warnings)
{
	struct seen seen = { 0 };
	int64_t due;
	int ret, s = draft_section_parse(e->section);

	if (s < 0)
		return crisis_error("no section '%s': participant, timeline, went-well, went-wrong, "
				    "decision, lesson or action", e->section);
	/* The file's names: went_well */
	free(e->section);
	e->section = xstrdup(section_names[s]);
	if ((ret = check_fields(s, e)) < 0)
		return ret;
	if ((ret = drafts_entries(ds, d->id, keep, &seen)) < 0)
		goto done;
	ret = CRISIS_ERROR;
	if (s == SECTION_PARTICIPANT) {
		if (!doc_is_id(e->text)) {
			crisis_error("a participant is a cell role or contact id, not '%s'", e->text);
			goto done;
		}
		if ((ret = check_party(p, "participant", e->text)) < 0)
			goto done;
		ret = CRISIS_ERROR;
	}
	if (e->at && !draft_valid_when(e->at)) {
		crisis_error("--at takes an offset such as PT12M, or a date and time such as "
			     "2026-03-03T08:15:00+01:00, not '%s'", e->at);
		goto done;
	}
	if (e->id && !doc_is_id(e->id)) {
		crisis_error("'%s' is not an id: lowercase letters, digits and '-'", e->id);
		goto done;
	}
	if (e->id && has_id(&seen, e->section, e->id)) {
		crisis_error("the debrief has a %s '%s' already: choose another --id", e->section, e->id);
		goto done;
	}
	if (e->tags && (ret = check_tags(e->tags)) < 0)
		goto done;
	ret = CRISIS_ERROR;
	if (s == SECTION_DECISION && (ret = check_party(p, "decision taken by", e->by)) < 0)
		goto done;
	if (s == SECTION_ACTION) {
		size_t i = 0;
		while (elements[i] && strcmp(elements[i], e->element))
			i++;
		if (!elements[i]) {
			const char *best = suggest_best(e->element, (const char **)elements, 5);
			crisis_error("no element '%s': planning, organisation, equipment, training or "
				     "exercise%s%s%s", e->element, best ? "; did you mean '" : "",
				     best ? best : "", best ? "'?" : "");
			goto done;
		}
		if (date_parse(e->due, &due) < 0) {
			crisis_error("--due takes a date, YYYY-MM-DD, not '%s'", e->due);
			goto done;
		}
		if (e->lesson && !has_id(&seen, "lesson", e->lesson)) {
			const char *best = closest_id(&seen, "lesson", e->lesson);
			crisis_error_code(CRISIS_ENOTFOUND, "the debrief has no lesson '%s' yet%s%s%s",
					  e->lesson, best ? "; did you mean '" : "", best ? best : "",
					  best ? "'?" : "");
			goto done;
		}
		if ((ret = check_party(p, "owner", e->owner)) < 0)
			goto done;
		ret = CRISIS_ERROR;
		if (due < today) {
			char day[11];
			date_format(today, day);
			buf_addf(warnings, "action is due on %s, already past (today is %s) [action-due-past]\n",
				 e->due, day);
		}
	}
	if (!e->id && (s == SECTION_LESSON || s == SECTION_ACTION))
		e->id = next_id(&seen, e->section);
	ret = CRISIS_OK;
done:
	seen_release(&seen);
	return ret;
}

/* ---- A drill run's material ------------------------------------------------ */

struct material {
	struct draft_entry *entries;
	size_t nr, alloc;
	bool fr;
};

static struct draft_entry *entry(struct material *m, enum draft_section s)
{
	ALLOC_GROW(m->entries, m->nr + 1, m->alloc);
	struct draft_entry *e = &m->entries[m->nr++];
	memset(e, 0, sizeof(*e));
	e->section = xstrdup(section_names[s]);
	return e;
}

static char *offset(int64_t ms)
{
	struct buf b = BUF_INIT;
	duration_format_ms(&b, ms < 0 ? 0 : ms);
	return buf_detach(&b);
}

static bool listed(const struct material *m, const char *party)
{
	for (size_t i = 0; i < m->nr; i++)
		if (!strcmp(m->entries[i].section, "participant") && !strcmp(m->entries[i].text, party))
			return true;
	return false;
}

static void participants(struct material *m, const struct drill_run *r, const struct plan *p)
{
	for (size_t i = 0; i < r->nr_participants; i++) {
		const struct run_participant *rp = &r->participants[i];
		const char *who = rp->played_by && (!p || plan_has_party(p, rp->played_by)) ?
				  rp->played_by : rp->role;
		if (who && !listed(m, who))
			entry(m, SECTION_PARTICIPANT)->text = xstrdup(who);
		if (rp->stand_in && rp->played_by)
			entry(m, SECTION_WENT_WRONG)->text = m->fr ?
				xstrfmt("Rôle %s tenu par %s en remplacement de %s, titulaire absent.",
				      rp->role, rp->played_by, rp->holder ? rp->holder : "son titulaire") :
				xstrfmt("Role %s was played by %s, standing in for %s, who was absent.",
				      rp->role, rp->played_by, rp->holder ? rp->holder : "its holder");
	}
}

static void timeline(struct material *m, const struct drill_run *r, const struct plan *p)
{
	for (size_t i = 0; i < r->nr_events; i++) {
		const struct run_event *ev = &r->events[i];
		struct draft_entry *e;
		char *text = NULL;
		switch (ev->type) {
		case EV_INJECT:
			text = xstrfmt(m->fr ? "Inject %s : %s" : "Inject %s: %s", ev->inject,
				     ev->text ? ev->text : "");
			break;
		case EV_DONE:
			text = xstrfmt(m->fr ? "Fait : %s%s%s" : "Done: %s%s%s", ev->expect,
				     ev->text ? " — " : "", ev->text ? ev->text : "");
			break;
		case EV_NOTE:
			text = xstrfmt(m->fr ? "Note : %s" : "Note: %s", ev->text ? ev->text : "");
			break;
		case EV_SKIP:
			text = xstrfmt(m->fr ? "Passé : %s" : "Skipped: %s", ev->inject ? ev->inject :
				     ev->expect ? ev->expect : "");
			break;
		case EV_END:
			text = xstrdup(m->fr ? "Fin de l'exercice" : "End of the exercise");
			break;
		case EV_DECISION:
			e = entry(m, SECTION_DECISION);
			e->at = offset(ev->at);
			e->text = xstrdup(ev->text ? ev->text : "?");
			if (ev->by && (!p || plan_has_party(p, ev->by)))
				e->by = xstrdup(ev->by);
			if (ev->why)
				e->why = xstrdup(ev->why);
			continue;
		default:	/* pauses and roles: the clock's, not the crisis's */
			continue;
		}
		e = entry(m, SECTION_TIMELINE);
		e->at = offset(ev->at);
		e->text = text;
	}
}

static void outcomes(struct material *m, const struct drill_run *r)
{
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const struct run_outcome *o = &r->outcomes[i];
		const char *what = o->action ? o->action : o->expect;
		const char *by = o->by ? o->by : "?";
		struct buf due = BUF_INIT, late = BUF_INIT;
		/* T+00:15:30 on the drill's clock; 4 min 30 s late */
		if (o->due >= 0)
			duration_clock(&due, o->due);
		duration_human(&late, o->late_by < 0 ? 0 : o->late_by / 1000);
		switch (o->status) {
		case OUT_ON_TIME:
			entry(m, SECTION_WENT_WELL)->text = m->fr ?
				xstrfmt("Fait à temps (%s, %s) : %s", o->expect, by, what) :
				xstrfmt("Done on time (%s, %s): %s", o->expect, by, what);
			break;
		case OUT_LATE:
			entry(m, SECTION_WENT_WRONG)->text = m->fr ?
				xstrfmt("Fait avec %s de retard (%s, %s, attendu à T+%s) : %s", late.ptr,
					o->expect, by, buf_str(&due), what) :
				xstrfmt("Done %s late (%s, %s, due at T+%s): %s", late.ptr, o->expect, by,
					buf_str(&due), what);
			break;
		case OUT_MISSED:
			/* Its inject never came, the run ended before: nothing the players missed. */
			if (o->due < 0)
				break;
			entry(m, SECTION_WENT_WRONG)->text = m->fr ?
				xstrfmt("Non fait (%s, %s, attendu à T+%s) : %s", o->expect, by, due.ptr, what) :
				xstrfmt("Not done (%s, %s, due at T+%s): %s", o->expect, by, due.ptr, what);
			break;
		case OUT_SKIPPED:
			break;
		}
		buf_release(&due);
		buf_release(&late);
	}
}

void draft_run_material(const struct drill_run *r, const struct plan *p, bool fr,
			struct draft_entry **out, size_t *nr)
{
	struct material m = { .fr = fr };
	participants(&m, r, p);
	timeline(&m, r, p);
	outcomes(&m, r);
	*out = m.entries;
	*nr = m.nr;
}

/* ---- The finished file ------------------------------------------------------ */

struct all {
	struct draft_entry *entries;
	size_t nr, alloc;
};

static char *dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int gather(const struct draft_entry *e, void *data)
{
	struct all *a = data;
	ALLOC_GROW(a->entries, a->nr + 1, a->alloc);
	a->entries[a->nr++] = (struct draft_entry){
		.seq = e->seq, .section = dup(e->section), .text = dup(e->text), .id = dup(e->id),
		.at = dup(e->at), .by = dup(e->by), .why = dup(e->why), .owner = dup(e->owner),
		.due = dup(e->due), .plan = dup(e->plan), .element = dup(e->element),
		.lesson = dup(e->lesson), .tags = dup(e->tags),
	};
	return 0;
}

static bool any(const struct all *a, enum draft_section s)
{
	for (size_t i = 0; i < a->nr; i++)
		if (!strcmp(a->entries[i].section, section_names[s]))
			return true;
	return false;
}

static void texts(struct buf *out, const struct all *a, enum draft_section s, const char *key)
{
	if (!any(a, s))
		return;
	buf_addf(out, "%s:\n", key);
	for (size_t i = 0; i < a->nr; i++)
		if (!strcmp(a->entries[i].section, section_names[s])) {
			buf_adds(out, "  - ");
			yamledit_add_scalar(out, a->entries[i].text);
			buf_addc(out, '\n');
		}
}

static void items(struct buf *out, const struct all *a, enum draft_section s, const char *key)
{
	if (!any(a, s))
		return;
	buf_addf(out, "%s:\n", key);
	for (size_t i = 0; i < a->nr; i++) {
		const struct draft_entry *e = &a->entries[i];
		if (strcmp(e->section, section_names[s]))
			continue;
		size_t start = out->len;
		switch (s) {
		case SECTION_TIMELINE:
			yamledit_add_field(out, "    ", "at", e->at);
			yamledit_add_field(out, "    ", "event", e->text);
			break;
		case SECTION_DECISION:
			yamledit_add_field(out, "    ", "at", e->at);
			yamledit_add_field(out, "    ", "what", e->text);
			yamledit_add_field(out, "    ", "by", e->by);
			yamledit_add_field(out, "    ", "why", e->why);
			break;
		case SECTION_LESSON:
			yamledit_add_field(out, "    ", "id", e->id);
			yamledit_add_field(out, "    ", "text", e->text);
			if (e->tags) {
				char *copy = xstrdup(e->tags);
				buf_adds(out, "    tags: [");
				const char *sep = "";
				for (char *t = strtok(copy, ","); t; t = strtok(NULL, ","), sep = ", ")
					buf_addf(out, "%s%s", sep, t);
				buf_adds(out, "]\n");
				free(copy);
			}
			break;
		case SECTION_ACTION:
			yamledit_add_field(out, "    ", "id", e->id);
			yamledit_add_field(out, "    ", "do", e->text);
			yamledit_add_field(out, "    ", "owner", e->owner);
			yamledit_add_field(out, "    ", "due", e->due);
			yamledit_add_field(out, "    ", "plan", e->plan);
			yamledit_add_field(out, "    ", "element", e->element);
			yamledit_add_field(out, "    ", "lesson", e->lesson);
			yamledit_add_field(out, "    ", "status", "open");
			break;
		default:
			break;
		}
		/* The item's first line gets the dash. */
		out->ptr[start + 2] = '-';
	}
}

int draft_yaml(struct drafts *ds, const struct draft *d, struct buf *out)
{
	struct all a = { 0 };
	int ret = drafts_entries(ds, d->id, gather, &a);
	if (ret >= 0) {
		buf_adds(out, "format: crisis/v1\nkind: debrief\n");
		yamledit_add_field(out, "", "id", d->id);
		yamledit_add_field(out, "", "title", d->title);
		buf_adds(out, "about:\n");
		yamledit_add_field(out, "  ", "drill_run", d->run);
		yamledit_add_field(out, "  ", "crisis", d->crisis);
		yamledit_add_field(out, "  ", "plan", d->plan);
		yamledit_add_field(out, "", "date", d->date);
		texts(out, &a, SECTION_PARTICIPANT, "participants");
		items(out, &a, SECTION_TIMELINE, "timeline");
		texts(out, &a, SECTION_WENT_WELL, "went_well");
		texts(out, &a, SECTION_WENT_WRONG, "went_wrong");
		items(out, &a, SECTION_DECISION, "decisions");
		items(out, &a, SECTION_LESSON, "lessons");
		items(out, &a, SECTION_ACTION, "actions");
	}
	for (size_t i = 0; i < a.nr; i++)
		draft_entry_release(&a.entries[i]);
	free(a.entries);
	return ret;
}
