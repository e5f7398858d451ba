#include "export.h"
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
#include <stdlib.h>
#include <string.h>

/* ---- masks ---- */

void export_redact_phone(struct buf *out, const char *phone)
{
	size_t len = strlen(phone), digits = 0, seen = 0;
	for (size_t i = 0; i < len; i++)
		digits += isdigit((unsigned char)phone[i]) != 0;
	/* The country code (the first group, or 2 digits) and the last 2 digits stay. */
	const char *space = strchr(phone, ' ');
	size_t keep_head = space ? (size_t)(space - phone) : 3;
	for (size_t i = 0; i < len; i++) {
		bool digit = isdigit((unsigned char)phone[i]);
		seen += digit;
		buf_addc(out, digit && i >= keep_head && seen + 2 <= digits ? 'x' : phone[i]);
	}
}

void export_redact_email(struct buf *out, const char *email)
{
	const char *at = strchr(email, '@');
	if (!at || at == email) {
		buf_adds(out, "***");
		return;
	}
	buf_add(out, email, utf8_valid_len(email) ? utf8_valid_len(email) : 1);
	buf_addf(out, "***%s", at);
}

static void masked_phone(struct buf *out, const char *phone, bool redact)
{
	if (redact)
		export_redact_phone(out, phone);
	else
		buf_adds(out, phone);
}

static void masked_email(struct buf *out, const char *email, bool redact)
{
	if (redact)
		export_redact_email(out, email);
	else
		buf_adds(out, email);
}

/* ---- vCard ---- */

/* A stable UID from the id (RFC 9562 version 8): re-importing updates the card. */
static void uid_of(struct buf *out, const char *id)
{
	uint64_t h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	for (size_t k = 0; k < 2; k++)
		for (const char *s = id; *s; s++)
			h[k] = (h[k] ^ (unsigned char)*s) * 0x100000001b3ULL;
	h[0] = (h[0] & ~0xF000ULL) | 0x8000ULL;			/* version 8 */
	h[1] = (h[1] & ~(3ULL << 62)) | (2ULL << 62);		/* the RFC's variant */
	buf_addf(out, "urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx",
		 (unsigned long long)(h[0] >> 32), (unsigned long long)(h[0] >> 16) & 0xFFFF,
		 (unsigned long long)h[0] & 0xFFFF, (unsigned long long)(h[1] >> 48),
		 (unsigned long long)h[1] & 0xFFFFFFFFFFFFULL);
}

/* Where a supplier's name divides the supplier from its service ("Bastion IR — hotline"). */
static const char *service_dash(const char *name)
{
	static const char *const dashes[] = { " \u2014 ", " \u2013 ", " - " };
	for (size_t i = 0; i < sizeof(dashes) / sizeof(*dashes); i++) {
		const char *d = strstr(name, dashes[i]);
		if (d)
			return d;
	}
	return NULL;
}

/* Titles written before a name, in English and French, with or without their dot. */
static size_t honorific_len(const char *name)
{
	static const char *const titles[] = {
		"Dr", "Pr", "Prof", "Me", "M", "Mme", "Mlle", "Mr", "Mrs", "Ms", "Miss",
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(*titles); i++) {
		size_t n = strlen(titles[i]);
		if (strncmp(name, titles[i], n))
			continue;
		if (name[n] == '.')
			n++;
		if (name[n] == ' ')
			return n;
	}
	return 0;
}

/*
 * N, and for a supplier KIND and ORG. A name with a spaced dash is an
 * organisation and its service ("Orbis ERP — priority support": ORG
 * Orbis ERP;priority support, no person's name); a person's last word is
 * the family name, which address books sort by, and a title before the
 * name (Dr, Mme) is the honorific prefix, not a given name.
 */
static void name_parts(struct buf *out, const char *name)
{
	const char *dash = service_dash(name);
	if (dash) {
		const char *unit = dash + strcspn(dash + 1, " ") + 2;
		char *org = xstrndup(name, (size_t)(dash - name));
		const char *o[] = { org, unit }, *n[] = { "", "", "", "", "" };
		vcard_raw(out, "KIND", NULL, "org");
		vcard_structured(out, "N", NULL, n, 5);
		vcard_structured(out, "ORG", NULL, o, 2);
		vcard_raw(out, "X-ABSHOWAS", NULL, "COMPANY");	/* Apple's address books */
		free(org);
		return;
	}
	size_t h = honorific_len(name);
	char *prefix = xstrndup(name, h);
	const char *person = name + h + (h > 0);
	const char *last = strrchr(person, ' ');
	char *given = last ? xstrndup(person, (size_t)(last - person)) : xstrdup("");
	const char *n[] = { last ? last + 1 : person, given, "", prefix, "" };
	vcard_structured(out, "N", NULL, n, 5);
	free(given);
	free(prefix);
}

static void vcard_one(struct buf *out, const struct plan_contact *c, bool redact)
{
	struct buf v = BUF_INIT;

	vcard_begin(out);
	uid_of(&v, c->id);
	vcard_raw(out, "UID", NULL, v.ptr);
	vcard_text(out, "FN", NULL, c->name);
	name_parts(out, c->name);
	if (c->title)
		vcard_text(out, "TITLE", NULL, c->title);
	for (size_t i = 0; i < c->phones.nr; i++) {
		buf_reset(&v);
		if (redact) {
			export_redact_phone(&v, c->phones.ids[i]);
			vcard_text(out, "TEL", i ? "VALUE=text;TYPE=voice" : "VALUE=text;TYPE=voice;PREF=1", v.ptr);
			continue;
		}
		buf_adds(&v, "tel:");
		for (const char *p = c->phones.ids[i]; *p; p++)
			buf_addc(&v, *p == ' ' ? '-' : *p);
		vcard_raw(out, "TEL", i ? "VALUE=uri;TYPE=voice" : "VALUE=uri;TYPE=voice;PREF=1", v.ptr);
	}
	if (c->email) {
		buf_reset(&v);
		masked_email(&v, c->email, redact);
		vcard_text(out, "EMAIL", NULL, v.ptr);
	}
	if (c->notes && !redact)	/* free text may hold numbers and addresses: not masked, left out */
		vcard_text(out, "NOTE", NULL, c->notes);
	vcard_text(out, "X-CRISIS-ID", NULL, c->id);
	const char *extra[][2] = {
		{ "X-CRISIS-ORG", c->org }, { "X-CRISIS-AVAILABLE", c->available_text },
		{ "X-CRISIS-ACTIVATION-DAY", c->activation_day_text },
		{ "X-CRISIS-ACTIVATION-NIGHT", c->activation_night_text },
		{ "X-CRISIS-VERIFIED", c->verified },
	};
	for (size_t i = 0; i < sizeof(extra) / sizeof(*extra); i++)
		if (extra[i][1])
			vcard_text(out, extra[i][0], NULL, extra[i][1]);
	vcard_end(out);
	buf_release(&v);
}

void export_vcard(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact)
{
	for (size_t i = 0; i < nr; i++)
		vcard_one(out, cs[i], redact);
}

/* ---- CSV ---- */

/* A text a spreadsheet would take for a formula is written with a leading quote. */
static const char *cell(struct buf *tmp, const char *s)
{
	if (!s)
		return "";
	if (!strchr("=+-@", *s) || !*s)
		return s;
	buf_reset(tmp);
	buf_addf(tmp, "'%s", s);
	return tmp->ptr;
}

void export_csv(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact,
		bool excel)
{
	static const char *const header[] = { EXPORT_CSV_HEADER };
	struct buf phones = BUF_INIT, email = BUF_INIT, t[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	char sep = excel ? ';' : ',';

	if (excel)
		buf_adds(out, "\xEF\xBB\xBF");
	csv_record(out, header, sizeof(header) / sizeof(*header), sep);
	for (size_t i = 0; i < nr; i++) {
		const struct plan_contact *c = cs[i];
		buf_reset(&phones);
		buf_reset(&email);
		for (size_t j = 0; j < c->phones.nr; j++) {
			buf_adds(&phones, j ? " / " : "");
			masked_phone(&phones, c->phones.ids[j], redact);
		}
		if (c->email)
			masked_email(&email, c->email, redact);
		const char *row[] = {
			c->id, cell(&t[0], c->name), cell(&t[1], c->title), c->org, buf_str(&phones),
			cell(&t[3], buf_str(&email)), c->available_text, c->activation_day_text,
			c->activation_night_text, c->verified, redact ? NULL : cell(&t[2], c->notes),
		};
		csv_record(out, row, sizeof(row) / sizeof(*row), sep);
	}
	for (size_t i = 0; i < 4; i++)
		buf_release(&t[i]);
	buf_release(&phones);
	buf_release(&email);
}

/* ---- JSON ---- */

static void json_field(struct buf *out, const char *name, const char *value)
{
	buf_addf(out, ", \"%s\": ", name);
	json_str(out, value);
}

void export_json(struct buf *out, const struct directory *d,
		   const struct plan_contact *const *cs, size_t nr, bool redact)
{
	struct buf v = BUF_INIT;

	buf_adds(out, "{\"version\": 1, \"contacts\": [");
	for (size_t i = 0; i < nr; i++) {
		const struct plan_contact *c = cs[i];
		buf_adds(out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		json_str(out, c->id);
		json_field(out, "name", c->name);
		json_field(out, "title", c->title);
		json_field(out, "org", c->org);
		buf_adds(out, ", \"phones\": [");
		for (size_t j = 0; j < c->phones.nr; j++) {
			buf_reset(&v);
			masked_phone(&v, c->phones.ids[j], redact);
			buf_adds(out, j ? ", " : "");
			json_str(out, v.ptr);
		}
		buf_adds(out, "]");
		buf_reset(&v);
		if (c->email)
			masked_email(&v, c->email, redact);
		json_field(out, "email", c->email ? v.ptr : NULL);
		json_field(out, "available", c->available_text);
		buf_adds(out, ", \"activation\": {\"day\": ");
		json_str(out, c->activation_day_text);
		buf_adds(out, ", \"night\": ");
		json_str(out, c->activation_night_text);
		buf_adds(out, "}");
		json_field(out, "verified", c->verified);
		json_field(out, "notes", redact ? NULL : c->notes);
		const struct dir_contact *dc = d ? directory_get(d, c->id) : NULL;
		if (dc) {
			json_field(out, "defined_in", dc->file);
			buf_adds(out, ", \"used_by\": [");
			for (size_t j = 0; j < dc->nr_uses; j++) {
				buf_adds(out, j ? ", {\"plan\": " : "{\"plan\": ");
				json_str(out, dc->uses[j].plan);
				json_field(out, "as", dc->uses[j].what);
				buf_adds(out, "}");
			}
			buf_adds(out, "]");
		}
		buf_adds(out, "}");
	}
	buf_adds(out, nr ? "\n]}\n" : "]}\n");
	buf_release(&v);
}
