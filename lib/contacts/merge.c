#include "merge.h"
#include "check/doc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "check/yamledit.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
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

static bool same_name(const char *a, const char *b);

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
		/* The same name in another case ("marie LAMBERT"): the one written stays. */
		if (dst[i] == &to->name && *dst[i] && same_name(*dst[i], src[i]))
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
/*
 * The contacts a record may match, by e-mail, phone and name, so that an
 * import of N records into M contacts looks each up instead of scanning
 * them all (N times M): the match is the first contact, in their order,
 * that merge_matches() would have found. Values: position + 1.
 */
struct contact_index {
	struct strmap email, phone, name;
	struct strlist keys;	/* the keys the maps point to */
};

static const char *keep_key(struct contact_index *x, struct buf *b)
{
	strlist_add(&x->keys, buf_str(b));
	return x->keys.items[x->keys.nr - 1];
}

static void index_first(struct strmap *m, const char *key, size_t pos)
{
	if (*key && !strmap_get(m, key))
		strmap_put(m, key, (void *)(uintptr_t)(pos + 1));
}

static void email_key(struct buf *b, const char *email)
{
	for (const char *s = email; *s; s++)
		buf_addc(b, (char)tolower((unsigned char)*s));
}

static void index_add(struct contact_index *x, const struct plan_contact *c, size_t pos)
{
	struct buf b = BUF_INIT;
	if (c->email) {
		email_key(&b, c->email);
		index_first(&x->email, keep_key(x, &b), pos);
	}
	for (size_t j = 0; j < c->phones.nr; j++) {
		buf_reset(&b);
		digits(&b, c->phones.ids[j]);
		if (b.len)
			index_first(&x->phone, keep_key(x, &b), pos);
	}
	buf_reset(&b);
	utf8_fold(&b, c->name ? c->name : "");
	index_first(&x->name, keep_key(x, &b), pos);
	buf_release(&b);
}

static void index_release(struct contact_index *x)
{
	strmap_release(&x->email);
	strmap_release(&x->phone);
	strmap_release(&x->name);
	strlist_release(&x->keys);
}

/* The position of the first contact the record matches (by e-mail, a phone or its name), or -1. */
static long index_match(const struct contact_index *x, const struct import_record *r)
{
	struct buf b = BUF_INIT;
	uintptr_t best = 0, v;
	if (r->email) {
		email_key(&b, r->email);
		if ((v = (uintptr_t)strmap_get(&x->email, b.ptr)) && (!best || v < best))
			best = v;
	}
	for (size_t k = 0; k < r->phones.nr; k++) {
		buf_reset(&b);
		digits(&b, r->phones.items[k]);
		if (b.len && (v = (uintptr_t)strmap_get(&x->phone, b.ptr)) && (!best || v < best))
			best = v;
	}
	buf_reset(&b);
	utf8_fold(&b, r->name ? r->name : "");
	if ((v = (uintptr_t)strmap_get(&x->name, buf_str(&b))) && (!best || v < best))
		best = v;
	buf_release(&b);
	return best ? (long)best - 1 : -1;
}

static const struct plan_contact *match(const struct plan *p, const struct contact_index *x,
					const struct import_record *r)
{
	if (!p)
		return NULL;
	if (r->id)
		return plan_contact(p, r->id);
	long i = index_match(x, r);
	return i >= 0 ? &p->contacts[i] : NULL;
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
		     const struct strmap *added, const char *id)
{
	return (p && plan_contact(p, id)) || (taken && strmap_get(taken, id)) || strmap_get(added, id);
}

int merge_records(struct import *im, const struct loaded *lp, const struct strmap *taken,
		 struct buf *out, struct merge_result **results)
{
	const struct plan *p = lp ? plan_of(lp) : NULL;
	struct edit *edits = xcalloc(im->nr + 1, sizeof(*edits));
	struct buf appended = BUF_INIT;
	struct strlist added = STRLIST_INIT;
	struct strmap added_ids = STRMAP_INIT, edited = STRMAP_INIT;	/* id -> 1, id -> edit + 1 */
	struct contact_index x = { STRMAP_INIT, STRMAP_INIT, STRMAP_INIT, STRLIST_INIT };
	size_t nr_edits = 0;
	int ret = 0;

	for (size_t i = 0; p && i < p->nr_contacts; i++)
		index_add(&x, &p->contacts[i], i);
	*results = xcalloc(im->nr + 1, sizeof(**results));
	for (size_t i = 0; i < im->nr; i++) {
		struct import_record *r = &im->recs[i];
		const struct plan_contact *c = match(p, &x, r);
		struct merge_result *res = &(*results)[i];
		res->line = r->line;
		if (!c) {
			/* New: an id from the name, made unique. */
			char *base = r->id ? xstrdup(r->id) : import_id_from(r->name);
			struct buf id = BUF_INIT;
			buf_adds(&id, base);
			for (unsigned n = 2; id_taken(p, taken, &added_ids, id.ptr); n++) {
				buf_reset(&id);
				buf_addf(&id, "%s-%u", base, n);
			}
			free(base);
			free(r->id);
			r->id = buf_detach(&id);
			strlist_add(&added, r->id);
			strmap_put(&added_ids, added.items[added.nr - 1], (void *)1);
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
			/* The same contact twice: the last wins. */
			uintptr_t at = (uintptr_t)strmap_get(&edited, c->id);
			struct edit *e = at ? &edits[at - 1] : NULL;
			if (!e) {
				e = &edits[nr_edits++];
				strmap_put(&edited, c->id, (void *)(uintptr_t)nr_edits);
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
	strmap_release(&added_ids);
	strmap_release(&edited);
	index_release(&x);
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
	struct contact_index x = { STRMAP_INIT, STRMAP_INIT, STRMAP_INIT, STRLIST_INIT };
	memset(s, 0, sizeof(*s));
	/* The plans' own contacts, looked up rather than scanned for each record. */
	for (size_t k = 0; k < d->nr; k++)
		if (d->contacts[k].plan)
			index_add(&x, d->contacts[k].c, k);
	for (size_t i = 0; i < im->nr;) {
		const struct dir_contact *in_plan = NULL;
		const struct import_record *r = &im->recs[i];
		if (r->id) {
			for (size_t k = 0; k < d->nr && !in_plan; k++)
				if (d->contacts[k].plan && !strcmp(d->contacts[k].c->id, r->id))
					in_plan = &d->contacts[k];
		} else {
			long k = index_match(&x, r);
			in_plan = k >= 0 ? &d->contacts[k] : NULL;
		}
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
	index_release(&x);
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
