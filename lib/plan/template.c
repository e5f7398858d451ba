#include "template.h"
#include "check/embedded.h"
#include "util/error.h"

#include <string.h>

static const struct {
	const char *lang, *kind, *title;
} titles[] = {
	{ "fr", "pca", "Plan de continuité d'activité" },
	{ "fr", "pra", "Plan de reprise d'activité" },
	{ "en", "pca", "Business continuity plan" },
	{ "en", "pra", "Recovery plan" },
};

/* Inside double quotes: escape what YAML would read otherwise. */
static void add_quoted(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		if ((unsigned char)*s >= 0x20)
			buf_addc(out, *s);
	}
}

int template_plan(struct buf *out, const char *id, const char *kind, const char *lang,
		  const char *title)
{
	struct embedded_file file;
	struct buf name = BUF_INIT, made = BUF_INIT;
	const char *kind_title = NULL;

	for (size_t i = 0; i < sizeof(titles) / sizeof(*titles); i++)
		if (!strcmp(titles[i].lang, lang) && !strcmp(titles[i].kind, kind))
			kind_title = titles[i].title;
	buf_addf(&name, "template-%s.yaml", lang);
	if (embedded_find(name.ptr, &file) < 0 || !kind_title) {
		buf_release(&name);
		return crisis_error("no template for kind '%s' in language '%s' (kinds: pca, pra; languages: fr, en)",
				    kind, lang);
	}
	buf_release(&name);
	if (!title) {
		buf_addf(&made, "%s — %s", kind_title, id);
		title = made.ptr;
	}
	buf_adds(out, SCHEMA_MODELINE("crisis-plan.schema.json"));
	for (const char *p = file.data; *p;) {
		const char *at = strchr(p, '@');
		if (!at) {
			buf_adds(out, p);
			break;
		}
		buf_add(out, p, (size_t)(at - p));
		if (!strncmp(at, "@ID@", 4)) {
			buf_adds(out, id);
			p = at + 4;
		} else if (!strncmp(at, "@KIND@", 6)) {
			buf_adds(out, kind);
			p = at + 6;
		} else if (!strncmp(at, "@TITLE@", 7)) {
			add_quoted(out, title);
			p = at + 7;
		} else {
			buf_addc(out, '@');
			p = at + 1;
		}
	}
	buf_release(&made);
	return 0;
}
