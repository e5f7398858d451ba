#include "merge.h"
#include "check/doc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "check/yamledit.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void rec_from_contact(struct import_record *r, const struct plan_contact *c)
{
	memset(r, 0, sizeof(*r));
	const char *from[] = { c->id, c->name, c->title, c->org, c->email, c->available_text,
			       c->activation_day_text, c->activation_night_text, c->verified, c->notes };
	char **to[] = { &r->id, &r->name, &r->title, &r->org, &r->email, &r->available,
			&r->activation_day, &r->activation_night, &r->verified, &r->notes };
	for (size_t i = 0; i < sizeof(to) / sizeof(*to); i++)
		*to[i] = from[i] ? xstrdup(from[i]) : NULL;
	for (size_t i = 0; i < c->phones.nr; i++)
		strlist_add(&r->phones, c->phones.ids[i]);
}

/* The record's fields replace the contact's; a field the record lacks is kept. */
static void overlay(struct import_record *to, const struct import_record *from)
{
	const char *src[] = { from->name, from->title, from->org, from->email, from->available,
			      from->activation_day, from->activation_night, from->verified, from->notes };
	char **dst[] = { &to->name, &to->title, &to->org, &to->email, &to->available,
			 &to->activation_day, &to->activation_night, &to->verified, &to->notes };
	for (size_t i = 0; i < sizeof(dst) / sizeof(*dst); i++) {
		if (!src[i])
			continue;
		free(*dst[i]);
		*dst[i] = xstrdup(src[i]);
	}
	if (from->phones.nr) {
		strlist_release(&to->phones);
		for (size_t i = 0; i < from->phones.nr; i++)
			strlist_add(&to->phones, from->phones.items[i]);
	}
}

static void digits(struct buf *out, const char *s)
{
	buf_reset(out);
	for (; s && *s; s++)
		if (isdigit((unsigned char)*s))
			buf_addc(out, *s);
}

static bool same_phone(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	digits(&x, a);
	digits(&y, b);
	bool same = x.len && !strcmp(x.ptr, y.ptr);
	buf_release(&x);
	buf_release(&y);
	return same;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_rec(const struct import_record *a, const struct import_record *b)
{
	if (!same(a->name, b->name) || !same(a->title, b->title) || !same(a->org, b->org) ||
	    !same(a->email, b->email) || !same(a->available, b->available) ||
	    !same(a->activation_day, b->activation_day) ||
	    !same(a->activation_night, b->activation_night) || !same(a->verified, b->verified) ||
	    !same(a->notes, b->notes) || a->phones.nr != b->phones.nr)
		return false;
	for (size_t i = 0; i < a->phones.nr; i++)
		if (!same_phone(a->phones.items[i], b->phones.items[i]))
			return false;
	return true;
}

static bool same_name(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	utf8_fold(&x, a);
	utf8_fold(&y, b);
	bool found = !strcmp(buf_str(&x), buf_str(&y));
	buf_release(&x);
	buf_release(&y);
	return found;
}

bool merge_matches(const struct import_record *r, const struct plan_contact *c)
{
	if (r->id)
		return !strcmp(r->id, c->id);
	if (r->email && c->email && !strcasecmp(c->email, r->email))
		return true;
	for (size_t j = 0; j < c->phones.nr; j++)
		for (size_t k = 0; k < r->phones.nr; k++)
			if (same_phone(c->phones.ids[j], r->phones.items[k]))
				return true;
	return same_name(c->name, r->name);
}


/* The contact a record stands for; an id decides alone, then e-mail, phone, name. */
static const struct plan_contact *match(const struct plan *p, const struct import_record *r)
{
	if (!p)
		return NULL;
	if (r->id)
		return plan_contact(p, r->id);
	for (size_t i = 0; i < p->nr_contacts; i++)
		if (merge_matches(r, &p->contacts[i]))
			return &p->contacts[i];
	return NULL;
}

static void field_line(struct buf *out, const char *key, const char *value)
{
	if (!value)
		return;
	buf_addf(out, "  %s: ", key);
	yamledit_add_scalar(out, value);
	buf_addc(out, '\n');
}

/* One entry of the list, not indented: "- id: ..." and its keys. */
static void entry(struct buf *out, const struct import_record *r)
{
	buf_adds(out, "- id: ");
	yamledit_add_scalar(out, r->id);
	buf_addc(out, '\n');
	field_line(out, "name", r->name);
	field_line(out, "title", r->title);
	field_line(out, "org", r->org);
	if (r->phones.nr) {
		buf_adds(out, "  phones: [");
		for (size_t i = 0; i < r->phones.nr; i++)
			buf_addf(out, "%s\"%s\"", i ? ", " : "", r->phones.items[i]);
		buf_adds(out, "]\n");
	}
	field_line(out, "email", r->email);
	field_line(out, "available", r->available);
	if (r->activation_day || r->activation_night) {
		buf_adds(out, "  activation:\n");
		if (r->activation_day)
			buf_addf(out, "    day: %s\n", r->activation_day);
		if (r->activation_night)
			buf_addf(out, "    night: %s\n", r->activation_night);
	}
	field_line(out, "verified", r->verified);
	field_line(out, "notes", r->notes);
}

struct edit {
	const xmlNode *item;	/* the entry replaced */
	unsigned long line;
	struct buf lines;
};

static int by_line_desc(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	return x->line < y->line ? 1 : x->line > y->line ? -1 : 0;
}

static bool id_taken(const struct plan *p, const struct strmap *taken,
		     const struct strlist *added, const char *id)
{
	if ((p && plan_contact(p, id)) || (taken && strmap_get(taken, id)))
		return true;
	for (size_t i = 0; i < added->nr; i++)
		if (!strcmp(added->items[i], id))
			return true;
	return false;
}

int merge_records(struct import *im, const struct loaded *lp, const struct strmap *taken,
		 struct buf *out, struct merge_result **results)
{
	const struct plan *p = lp ? plan_of(lp) : NULL;
	struct edit *edits = xcalloc(im->nr + 1, sizeof(*edits));
	struct buf appended = BUF_INIT;
	struct strlist added = STRLIST_INIT;
	size_t nr_edits = 0;
	int ret = 0;

	*results = xcalloc(im->nr + 1, sizeof(**results));
	for (size_t i = 0; i < im->nr; i++) {
		struct import_record *r = &im->recs[i];
		const struct plan_contact *c = match(p, r);
		struct merge_result *res = &(*results)[i];
		res->line = r->line;
		if (!c) {
			/* New: an id from the name, made unique. */
			char *base = r->id ? xstrdup(r->id) : import_id_from(r->name);
			struct buf id = BUF_INIT;
			buf_adds(&id, base);
			for (unsigned n = 2; id_taken(p, taken, &added, id.ptr); n++) {
				buf_reset(&id);
				buf_addf(&id, "%s-%u", base, n);
			}
			free(base);
			free(r->id);
			r->id = buf_detach(&id);
			strlist_add(&added, r->id);
			entry(&appended, r);
			res->id = r->id;
			res->change = MERGE_ADDED;
			continue;
		}
		struct import_record now, merged;
		rec_from_contact(&now, c);
		rec_from_contact(&merged, c);
		overlay(&merged, r);
		free(r->id);
		r->id = xstrdup(c->id);
		res->id = r->id;
		res->change = same_rec(&now, &merged) ? MERGE_UNCHANGED : MERGE_UPDATED;
		if (res->change == MERGE_UPDATED) {
			struct edit *e = NULL;
			for (size_t k = 0; k < nr_edits && !e; k++)
				if (edits[k].item == c->node)
					e = &edits[k];	/* the same contact twice: the last wins */
			if (!e) {
				e = &edits[nr_edits++];
				e->item = c->node;
				doc_locate(c->node, &e->line, &(unsigned long){ 0 });
			}
			buf_reset(&e->lines);
			entry(&e->lines, &merged);
		}
		import_record_release(&now);
		import_record_release(&merged);
	}

	buf_reset(out);
	if (!lp) {
		buf_adds(out, "# The contacts every plan of the workspace shares (crisis contacts).\n"
			      "format: crisis/v1\nkind: contacts\ncontacts:\n");
		for (const char *s = buf_str(&appended); *s;) {
			size_t n = strcspn(s, "\n");
			buf_addf(out, "  %.*s\n", (int)n, s);
			s += n + (s[n] == '\n');
		}
		goto done;
	}
	buf_add(out, lp->text.ptr, lp->text.len);
	xmlNode *list = doc_child(xmlDocGetRootElement(lp->doc.xml), "contacts");
	/* From the end of the file back, so that earlier positions still hold. */
	if (appended.len && (ret = yamledit_append_items(out, list, appended.ptr)) < 0)
		goto done;
	qsort(edits, nr_edits, sizeof(*edits), by_line_desc);
	for (size_t k = 0; k < nr_edits && ret == 0; k++)
		ret = yamledit_replace_item(out, edits[k].item, edits[k].lines.ptr);
done:
	for (size_t k = 0; k < nr_edits; k++)
		buf_release(&edits[k].lines);
	free(edits);
	buf_release(&appended);
	strlist_release(&added);
	return ret;
}

static void note(struct merge_screen *s, unsigned long line, bool refused, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note(struct merge_screen *s, unsigned long line, bool refused, const char *fmt, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	ALLOC_GROW(s->notes, s->nr + 1, s->alloc);
	s->notes[s->nr++] = (struct merge_note){ line, refused, buf_detach(&text) };
	s->refused += refused;
}

void merge_screen(struct merge_screen *s, struct import *im, const struct directory *d)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < im->nr;) {
		const struct dir_contact *in_plan = NULL;
		for (size_t k = 0; k < d->nr && !in_plan; k++)
			if (d->contacts[k].plan && merge_matches(&im->recs[i], d->contacts[k].c))
				in_plan = &d->contacts[k];
		if (!in_plan) {
			i++;
			continue;
		}
		note(s, im->recs[i].line, false,
		     "'%s' is defined in %s: not imported (move it to %s to share it)",
		     in_plan->c->id, in_plan->file, WORKSPACE_CONTACTS);
		import_drop(im, i);
	}
	for (size_t i = 0; i < d->nr; i++)
		if (d->contacts[i].plan)
			strmap_put(&s->taken, d->contacts[i].c->id, (void *)d->contacts[i].file);
	for (size_t i = 0; i < d->nr_plans; i++) {
		const struct dir_plan *dp = &d->plans[i];
		const struct plan *p = plan_of(&dp->lp) ? plan_of(&dp->lp) :
				       dp->has_partial ? &dp->partial : NULL;
		for (size_t j = 0; p && j < p->nr_roles; j++)
			if (p->roles[j].id)
				strmap_put(&s->taken, p->roles[j].id, dp->path);
	}
	for (size_t i = 0; i < im->nr; i++) {
		const char *where = im->recs[i].id ? strmap_get(&s->taken, im->recs[i].id) : NULL;
		if (where)
			note(s, im->recs[i].line, true, "id '%s' is already a cell role of %s",
			     im->recs[i].id, where);
	}
}

void merge_drop_refused(const struct merge_screen *s, struct import *im)
{
	for (size_t i = 0; i < im->nr;)
		if (im->recs[i].id && strmap_get(&s->taken, im->recs[i].id))
			import_drop(im, i);
		else
			i++;
}

void merge_screen_release(struct merge_screen *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->notes[i].text);
	free(s->notes);
	strmap_release(&s->taken);
	memset(s, 0, sizeof(*s));
}
