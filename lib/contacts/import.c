#include "import.h"
#include "util/charset.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/json.h"
#include "util/utf8.h"
#include "vcard.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void problem(struct import *im, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct import *im, unsigned long line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ALLOC_GROW(im->problems, im->nr_problems + 1, im->alloc_problems);
	im->problems[im->nr_problems].line = line;
	im->problems[im->nr_problems++].message = buf_detach(&msg);
}

void import_record_release(struct import_record *r)
{
	char **fields[] = { &r->id, &r->name, &r->title, &r->org, &r->email, &r->available,
			    &r->activation_day, &r->activation_night, &r->verified, &r->notes };
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		free(*fields[i]);
	strlist_release(&r->phones);
	memset(r, 0, sizeof(*r));
}

void import_release(struct import *im)
{
	for (size_t i = 0; i < im->nr; i++)
		import_record_release(&im->recs[i]);
	free(im->recs);
	for (size_t i = 0; i < im->nr_problems; i++)
		free(im->problems[i].message);
	free(im->problems);
	memset(im, 0, sizeof(*im));
}

int import_decode(struct buf *data, const char *charset)
{
	if (charset_is_utf8(charset))
		return 0;
	struct buf text = BUF_INIT;
	if (charset_to_utf8(&text, charset, buf_str(data), data->len) < 0) {
		buf_release(&text);
		return -1;
	}
	buf_release(data);
	*data = text;
	return 0;
}

/* Trimmed copy, NULL when blank. A leading quote that guarded a formula goes. */
static char *text_of(const char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\'' && s[1] && strchr("=+-@", s[1]))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

/*
 * A phone number in E.164 form as the schema reads it, keeping how its
 * digits are grouped: "+33 6 12 34 56 78", "tel:+33-6-12-34-56-78",
 * "0033 6 12..." and, with a country, "06 12 34 56 78" all give
 * "+33 6 12 34 56 78". -1 when it is not a phone number.
 */
static int phone_of(struct buf *out, const char *s, const char *country)
{
	struct buf groups = BUF_INIT;
	bool plus = false, gap = false;
	size_t nr_digits = 0;
	int ret = 0;

	s += strspn(s, " \t");
	if (!strncmp(s, "tel:", 4))
		s += 4;
	for (const char *p = s; *p && ret == 0; p++) {
		if (plus && !strncmp(p, "(0)", 3)) {
			p += 2;		/* +33 (0)6...: the national trunk 0 is not dialled */
			gap = true;
		} else if (*p == '+' && !groups.len && !plus) {
			plus = true;
		} else if (isdigit((unsigned char)*p)) {
			if (gap && groups.len)
				buf_addc(&groups, ' ');
			buf_addc(&groups, *p);
			gap = false;
			nr_digits++;
		} else if (strchr(" .-()/\t", *p)) {
			gap = true;
		} else {
			ret = -1;
		}
	}
	const char *g = buf_str(&groups);
	if (ret == 0 && !plus) {
		if (!strncmp(g, "00", 2)) {
			g += 2;		/* 0033...: the international prefix */
			nr_digits -= 2;
		} else if (country && g[0] == '0') {
			buf_addf(out, "+%s ", country);
			g++;
			nr_digits += strlen(country) - 1;
		} else {
			ret = -1;
		}
		g += *g == ' ';
	}
	if (!out->len)
		buf_addc(out, '+');
	buf_adds(out, g);
	if (ret == 0 && (nr_digits < 7 || nr_digits > 15 || out->ptr[1] < '1' || out->ptr[1] > '9'))
		ret = -1;
	buf_release(&groups);
	return ret;
}

/* A value of one of the enumerations, in English or French. */
static const char *one_of(const char *s, const char *const (*names)[2], size_t nr)
{
	struct buf f = BUF_INIT;
	const char *found = NULL;
	utf8_fold(&f, s);
	for (size_t i = 0; i < nr && !found; i++)
		for (const char *alias = names[i][1]; *alias && !found; alias += strlen(alias) + 1)
			if (!strcmp(f.ptr, alias))
				found = names[i][0];
	buf_release(&f);
	return found;
}

static const char *const orgs[][2] = {
	{ "internal", "internal\0interne\0" }, { "external", "external\0externe\0" },
};
static const char *const availabilities[][2] = {
	{ "24/7", "24/7\0" "24h/24\0" "24/24\0" "24x7\0" "h24\0" },
	{ "office-hours", "office-hours\0office hours\0heures ouvrees\0heures de bureau\0" },
};

char *import_id_from(const char *name)
{
	struct buf f = BUF_INIT, id = BUF_INIT;
	utf8_fold(&f, name);
	for (const char *p = buf_str(&f); *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || isdigit((unsigned char)*p);
		if (keep)
			buf_addc(&id, *p);
		else if (id.len && id.ptr[id.len - 1] != '-')
			buf_addc(&id, '-');
	}
	while (id.len && id.ptr[id.len - 1] == '-')
		id.ptr[--id.len] = '\0';
	buf_release(&f);
	if (!id.len)
		buf_adds(&id, "contact");
	return buf_detach(&id);
}

static bool valid_id(const char *s)
{
	if (!s || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

/* As the schema has it: name@domain.tld, one '@', no blanks. */
static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\r\n\f\v"))
		return false;
	/* A dot inside the domain, with something on each side. */
	size_t n = strlen(at + 1);
	for (size_t i = 1; i + 1 < n; i++)
		if (at[1 + i] == '.')
			return true;
	return false;
}

/* A control character (line breaks are text in notes only): not something a contact holds. */
static bool has_control(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t' || *p == '\r'))) ||
		    *p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return true;
	return false;
}

/*
 * Check and normalise a record read from a file; false, with a problem
 * at its line, when it cannot be imported.
 */
static bool rec_check(struct import *im, struct import_record *r, const char *country)
{
	unsigned long l = r->line;
	int64_t days;

	if (!r->name)
		return problem(im, l, "no name"), false;
	const struct { const char *name, *value; } texts[] = {
		{ "id", r->id }, { "name", r->name }, { "title", r->title }, { "org", r->org },
		{ "e-mail", r->email }, { "available", r->available },
		{ "activation", r->activation_day }, { "activation", r->activation_night },
		{ "verified", r->verified }, { "notes", r->notes },
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		if (has_control(texts[i].value, texts[i].value == r->notes))
			return problem(im, l, "the %s holds a control character", texts[i].name), false;
	for (size_t i = 0; i < r->phones.nr; i++)
		if (has_control(r->phones.items[i], false))
			return problem(im, l, "a phone number holds a control character"), false;
	if (r->id && !valid_id(r->id))
		return problem(im, l, "id '%s' is not a lowercase name such as 'j-petit'", r->id), false;
	for (size_t i = 0; i < r->phones.nr; i++) {
		struct buf p = BUF_INIT;
		if (phone_of(&p, r->phones.items[i], country) < 0) {
			problem(im, l, "'%s' is not a phone number in international form (+33 6 12 34 56 78)%s",
				r->phones.items[i], country ? "" : "; --country 33 reads national numbers");
			buf_release(&p);
			return false;
		}
		free(r->phones.items[i]);
		r->phones.items[i] = buf_detach(&p);
	}
	if (r->email && !valid_email(r->email))
		return problem(im, l, "'%s' is not an e-mail address", r->email), false;
	const char *v;
	if (r->org) {
		if (!(v = one_of(r->org, orgs, 2)))
			return problem(im, l, "org '%s' is neither 'internal' nor 'external'", r->org), false;
		free(r->org);
		r->org = xstrdup(v);
	}
	if (r->available) {
		if (!(v = one_of(r->available, availabilities, 2)))
			return problem(im, l, "available '%s' is neither '24/7' nor 'office-hours'", r->available), false;
		free(r->available);
		r->available = xstrdup(v);
	}
	char **durations[] = { &r->activation_day, &r->activation_night };
	for (size_t i = 0; i < 2; i++)
		if (*durations[i] && duration_parse(*durations[i]) < 0)
			return problem(im, l, "'%s' is not a duration such as PT1H", *durations[i]), false;
	if (r->verified) {
		unsigned d, m, y;
		int end = 0;
		struct buf iso = BUF_INIT;
		/* A French spreadsheet writes 08/10/2026 (a two-digit year is not a date). */
		if (sscanf(r->verified, "%2u/%2u/%u%n", &d, &m, &y, &end) == 3 && !r->verified[end] &&
		    strlen(strrchr(r->verified, '/')) == 5)
			buf_addf(&iso, "%04u-%02u-%02u", y, m, d);
		else
			buf_adds(&iso, r->verified);
		if (date_parse(iso.ptr, &days) < 0 || iso.len != 10) {
			problem(im, l, "verified '%s' is not a date such as 2026-10-08 or 08/10/2026",
				r->verified);
			buf_release(&iso);
			return false;
		}
		free(r->verified);
		r->verified = buf_detach(&iso);
	}
	return true;
}

static void rec_add(struct import *im, struct import_record *r, const char *country)
{
	if (!rec_check(im, r, country)) {
		import_record_release(r);
		return;
	}
	ALLOC_GROW(im->recs, im->nr + 1, im->alloc);
	im->recs[im->nr++] = *r;
}

static void add_phones(struct strlist *l, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ",;/");
		/* Google joins several numbers of one field with " ::: ". */
		const char *google = strstr(s, ":::");
		if (google && (size_t)(google - s) < n)
			n = google - s;
		char *one = xstrndup(s, n);
		char *t = text_of(one);
		if (t)
			strlist_add(l, t);
		free(t);
		free(one);
		s += n + (s[n] == ':' ? 3 : s[n] != '\0');
	}
}

/* CSV columns, by the names exports give them (folded, separators as spaces). */
enum column { COL_NONE, COL_ID, COL_NAME, COL_FIRST, COL_LAST, COL_TITLE, COL_COMPANY,
	      COL_ORG, COL_PHONE, COL_EMAIL, COL_AVAILABLE, COL_DAY, COL_NIGHT, COL_VERIFIED,
	      COL_NOTES };

static enum column column_of(const char *header)
{
	static const struct { enum column col; const char *names; } cols[] = {
		{ COL_ID, "id\0identifiant\0" },
		{ COL_NAME, "name\0full name\0display name\0fn\0nom complet\0nom et prenom\0prenom nom\0" },
		{ COL_FIRST, "first name\0firstname\0given name\0prenom\0" },
		{ COL_LAST, "last name\0lastname\0family name\0surname\0nom\0nom de famille\0" },
		{ COL_TITLE, "title\0job title\0fonction\0poste\0titre\0role\0" },
		{ COL_COMPANY, "company\0organization\0organisation\0societe\0entreprise\0" },
		{ COL_ORG, "org\0internal or external\0interne ou externe\0" },
		{ COL_PHONE, "phones\0phone\0telephone\0telephones\0tel\0mobile\0portable\0"
			     "mobile phone\0work phone\0home phone\0telephone mobile\0telephone fixe\0"
			     "telephone portable\0phone 1\0phone 2\0telephone 1\0telephone 2\0"
			     "business phone\0business phone 2\0primary phone\0other phone\0"
			     "telephone professionnel\0telephone bureau\0" },
		{ COL_EMAIL, "email\0e mail\0courriel\0mail\0email address\0adresse e mail\0"
			     "adresse email\0e mail address\0adresse de messagerie\0" },
		{ COL_AVAILABLE, "available\0availability\0disponibilite\0" },
		{ COL_DAY, "activation day\0activation jour\0delai jour\0" },
		{ COL_NIGHT, "activation night\0activation nuit\0delai nuit\0" },
		{ COL_VERIFIED, "verified\0verifie\0verifie le\0date de verification\0" },
		{ COL_NOTES, "notes\0note\0remarques\0remarque\0commentaire\0commentaires\0" },
	};
	struct buf f = BUF_INIT, norm = BUF_INIT;
	enum column found = COL_NONE;

	utf8_fold(&f, header);
	for (const char *p = buf_str(&f); *p; p++) {
		char c = strchr("_-.'", *p) ? ' ' : *p;
		if (c == ' ' && (!norm.len || norm.ptr[norm.len - 1] == ' '))
			continue;
		buf_addc(&norm, c);
	}
	while (norm.len && norm.ptr[norm.len - 1] == ' ')
		norm.ptr[--norm.len] = '\0';
	for (size_t i = 0; i < sizeof(cols) / sizeof(*cols) && !found; i++)
		for (const char *n = cols[i].names; *n && !found; n += strlen(n) + 1)
			if (!strcmp(buf_str(&norm), n))
				found = cols[i].col;
	/*
	 * Google Contacts numbers its columns: "Phone 1 - Value", "E-mail 2 -
	 * Value", "Organization 1 - Name", "Organization 1 - Title" (the
	 * "- Type" or "- Label" beside them are left out).
	 */
	const char *h = buf_str(&norm);
	unsigned n;
	int end = 0;
	char what[32] = "", part[16] = "";
	if (!found && (sscanf(h, "%31[a-z ] %u %15[a-z]%n", what, &n, part, &end) == 3 ||
		       sscanf(h, "%31[a-z ] %15[a-z]%n", what, part, &end) == 2) && !h[end]) {
		size_t w = strlen(what);
		while (w && what[w - 1] == ' ')
			what[--w] = '\0';
		if (!strcmp(part, "value") && !strcmp(what, "phone"))
			found = COL_PHONE;
		else if (!strcmp(part, "value") && !strcmp(what, "e mail"))
			found = COL_EMAIL;
		else if (!strcmp(part, "name") && !strcmp(what, "organization"))
			found = COL_COMPANY;
		else if (!strcmp(part, "title") && !strcmp(what, "organization"))
			found = COL_TITLE;
	}
	buf_release(&f);
	buf_release(&norm);
	return found;
}

/* Is this header Outlook's "Job Title" (so that its "Title" is an honorific, Mrs. or Dr)? */
static bool is_job_title(const char *header)
{
	struct buf f = BUF_INIT;
	utf8_fold(&f, header);
	bool job = strstr(buf_str(&f), "job") && strstr(buf_str(&f), "title");
	buf_release(&f);
	return job;
}

static void set_text(char **field, const char *value)
{
	char *t = text_of(value);
	if (!t)
		return;
	free(*field);
	*field = t;
}

/*
 * The company goes after the title ("Acheteuse, Transalp") unless the name
 * or the title already says it, as a supplier's card does ("Bastion IR —
 * hotline" with ORG "Bastion IR"); a record with no name is the company's.
 */
static void add_company(struct import_record *r, const char *company)
{
	if (!company)
		return;
	if (!r->name) {
		r->name = xstrdup(company);
		return;
	}
	if (utf8_fold_contains(r->name, company) || (r->title && utf8_fold_contains(r->title, company)))
		return;
	struct buf title = BUF_INIT;
	buf_addf(&title, "%s%s%s", r->title ? r->title : "", r->title ? ", " : "", company);
	free(r->title);
	r->title = buf_detach(&title);
}

int import_csv(struct import *im, const char *data, size_t len, const char *country)
{
	struct csv_table t;
	if (csv_parse(data, len, 0, &t) < 0)
		return -1;
	if (!t.nr) {
		csv_table_release(&t);
		return crisis_error("the file holds no records");
	}
	const struct csv_row *head = &t.rows[0];
	enum column *cols = xcalloc(head->nr + 1, sizeof(*cols));
	bool has[COL_NOTES + 1] = { false };
	bool job_title = false;
	for (size_t i = 0; i < head->nr; i++) {
		has[cols[i] = column_of(head->fields[i])] = true;
		job_title |= is_job_title(head->fields[i]);
	}
	/* Outlook: "Title" is Mrs. or Dr when there is a "Job Title" too; an honorific is no title. */
	for (size_t i = 0; job_title && i < head->nr; i++)
		if (cols[i] == COL_TITLE && !is_job_title(head->fields[i]))
			cols[i] = COL_NONE;
	/* "Nom" alone is the whole name. */
	if (has[COL_LAST] && !has[COL_FIRST] && !has[COL_NAME])
		for (size_t i = 0; i < head->nr; i++)
			if (cols[i] == COL_LAST)
				cols[i] = COL_NAME, has[COL_NAME] = true;
	if (!has[COL_NAME] && !has[COL_LAST]) {
		unsigned long line = head->line;
		free(cols);
		csv_table_release(&t);
		return crisis_error("line %lu: no name column (expected 'name', 'nom', or 'first name' and 'last name')",
				    line);
	}
	for (size_t r = 1; r < t.nr; r++) {
		const struct csv_row *row = &t.rows[r];
		struct import_record rec = { .line = row->line };
		char *first = NULL, *last = NULL, *company = NULL;
		if (row->nr != head->nr) {
			problem(im, row->line, "%zu fields where the header has %zu", row->nr, head->nr);
			continue;
		}
		for (size_t i = 0; i < row->nr; i++) {
			const char *v = row->fields[i];
			switch (cols[i]) {
			case COL_NONE: break;
			case COL_ID: set_text(&rec.id, v); break;
			case COL_NAME: set_text(&rec.name, v); break;
			case COL_FIRST: set_text(&first, v); break;
			case COL_LAST: set_text(&last, v); break;
			case COL_TITLE: set_text(&rec.title, v); break;
			case COL_COMPANY: set_text(&company, v); break;
			case COL_ORG: set_text(&rec.org, v); break;
			case COL_PHONE: add_phones(&rec.phones, v); break;
			case COL_EMAIL: set_text(&rec.email, v); break;
			case COL_AVAILABLE: set_text(&rec.available, v); break;
			case COL_DAY: set_text(&rec.activation_day, v); break;
			case COL_NIGHT: set_text(&rec.activation_night, v); break;
			case COL_VERIFIED: set_text(&rec.verified, v); break;
			case COL_NOTES: set_text(&rec.notes, v); break;
			}
		}
		if (!rec.name && (first || last)) {
			struct buf n = BUF_INIT;
			buf_addf(&n, "%s%s%s", first ? first : "", first && last ? " " : "", last ? last : "");
			rec.name = buf_detach(&n);
		}
		add_company(&rec, company);
		free(first);
		free(last);
		free(company);
		rec_add(im, &rec, country);
	}
	free(cols);
	csv_table_release(&t);
	return 0;
}

int import_vcard(struct import *im, const char *data, size_t len, const char *country)
{
	struct vcard_list l;
	if (vcard_parse(data, len, &l) < 0)
		return -1;
	for (size_t i = 0; i < l.nr; i++) {
		const struct vcard_card *c = &l.cards[i];
		struct import_record rec = { .line = c->line };
		const struct vcard_prop *structured = NULL;
		char *company = NULL;
		if (c->error) {
			const char *why = c->error;
			unsigned long line;
			int skip = 0;
			if (sscanf(why, "line %lu: %n", &line, &skip) == 1 && skip)
				why += skip;
			problem(im, c->error_line, "%s", why);
			continue;
		}
		for (size_t j = 0; j < c->nr_props; j++) {
			const struct vcard_prop *p = &c->props[j];
			char *v = !strcmp(p->name, "ORG") ? vcard_component(p->value, 0) :
				  vcard_unescape(p->value);
			static const struct { const char *name; size_t at; } texts[] = {
				{ "FN", offsetof(struct import_record, name) },
				{ "TITLE", offsetof(struct import_record, title) },
				{ "EMAIL", offsetof(struct import_record, email) },
				{ "NOTE", offsetof(struct import_record, notes) },
				{ "X-CRISIS-ID", offsetof(struct import_record, id) },
				{ "X-CRISIS-ORG", offsetof(struct import_record, org) },
				{ "X-CRISIS-AVAILABLE", offsetof(struct import_record, available) },
				{ "X-CRISIS-ACTIVATION-DAY", offsetof(struct import_record, activation_day) },
				{ "X-CRISIS-ACTIVATION-NIGHT", offsetof(struct import_record, activation_night) },
				{ "X-CRISIS-VERIFIED", offsetof(struct import_record, verified) },
			};
			for (size_t k = 0; k < sizeof(texts) / sizeof(*texts); k++) {
				char **field = (char **)((char *)&rec + texts[k].at);
				if (!strcmp(p->name, texts[k].name) && !*field)
					set_text(field, v);
			}
			if (!strcmp(p->name, "TEL") && v) {
				char *t = text_of(v);
				if (t)
					strlist_add(&rec.phones, t);
				free(t);
			}
			if (!strcmp(p->name, "ORG") && !company)
				company = text_of(v);
			if (!strcmp(p->name, "N") && !structured)
				structured = p;
			free(v);
		}
		/* FN is the name as shown; N, in parts, stands in when there is none. */
		if (!rec.name && structured) {
			char *family = vcard_component(structured->value, 0);
			char *given = vcard_component(structured->value, 1);
			struct buf n = BUF_INIT;
			buf_addf(&n, "%s %s", given ? given : "", family ? family : "");
			set_text(&rec.name, n.ptr);
			buf_release(&n);
			free(family);
			free(given);
		}
		add_company(&rec, company);
		free(company);
		rec_add(im, &rec, country);
	}
	vcard_list_release(&l);
	return 0;
}

void import_drop(struct import *im, size_t i)
{
	import_record_release(&im->recs[i]);
	memmove(&im->recs[i], &im->recs[i + 1], (im->nr - i - 1) * sizeof(*im->recs));
	im->nr--;
}
