#include "findings.h"
#include "util/json.h"
#include "rule.h"
#include "util/utf8.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text", [FORMAT_JSON] = "json", [FORMAT_JUNIT] = "junit",
	[FORMAT_SARIF] = "sarif", [FORMAT_GITHUB] = "github",
};

int findings_format_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names); i++)
		if (!strcmp(name, format_names[i]))
			return (int)i;
	return -1;
}

struct totals {
	size_t files, failed_files;
	unsigned errors, warnings, infos;
};

static void count(const struct diag_set *set, struct totals *t)
{
	memset(t, 0, sizeof(*t));
	t->files = set->nr;
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		t->errors += f->errors;
		t->warnings += f->warnings;
		t->infos += f->infos;
		t->failed_files += f->errors > 0 || f->fatal;
	}
}

bool findings_failed(const struct diag_set *set, bool strict)
{
	struct totals t;
	count(set, &t);
	return t.errors || (strict && t.warnings);
}

bool findings_fatal(const struct diag_set *set)
{
	for (size_t i = 0; i < set->nr; i++)
		if (set->files[i]->fatal)
			return true;
	return false;
}

/* Text, as compilers print it. */

#define BOLD(o) ((o)->color ? "\033[1m" : "")
#define RESET(o) ((o)->color ? "\033[m" : "")

static const char *severity_color(const struct findings_opts *o, enum severity s)
{
	if (!o->color)
		return "";
	return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

static void text_caret(struct buf *out, const struct diag *d, const struct findings_opts *o)
{
	const char *src = d->source;
	size_t at = d->source_column ? utf8_offset(src, d->source_column - 1) : 0;
	size_t end = at;

	buf_addf(out, "%6lu | %s\n", d->line, src);
	if (!d->source_column)
		return;
	buf_adds(out, "       | ");
	for (size_t i = 0; i < at; i++)	/* one space a character, tabs kept */
		if (((unsigned char)src[i] & 0xC0) != 0x80)
			buf_addc(out, src[i] == '\t' ? '\t' : ' ');
	/* Underline the word the column points at, or the quoted text. */
	if (src[end] == '[' || src[end] == '{')
		end++;
	else if (src[end] == '"' || src[end] == '\'') {
		const char *close = strchr(src + end + 1, src[end]);
		end = close ? (size_t)(close - src) + 1 : end + 1;
	} else while (src[end] && src[end] != ' ' && src[end] != '\t' && src[end] != ',' &&
	       src[end] != ']' && src[end] != '}' && src[end] != '#' &&
	       !(src[end] == ':' && (src[end + 1] == ' ' || !src[end + 1])))
		end++;
	size_t width = utf8_chars(src + at, end - at);
	buf_addf(out, "%s^", o->color ? "\033[1;32m" : "");
	for (size_t i = 1; i < width; i++)
		buf_addc(out, '~');
	buf_addf(out, "%s\n", RESET(o));
}

static void plural(struct buf *out, unsigned n, const char *what)
{
	buf_addf(out, "%u %s%s", n, what, n == 1 ? "" : "s");
}

void findings_text_file(struct buf *out, const struct diag_file *f, const struct findings_opts *o)
{
	for (size_t j = 0; j < f->nr; j++) {
		const struct diag *d = &f->items[j];
		buf_addf(out, "%s%s", BOLD(o), f->path);
		if (d->line)
			buf_addf(out, ":%lu", d->line);
		if (d->column)
			buf_addf(out, ":%lu", d->column);
		buf_addf(out, ":%s %s%s:%s %s [%s]\n", RESET(o),
			 severity_color(o, d->severity), diag_severity_name(d->severity),
			 RESET(o), d->message, d->rule);
		if (d->source && d->line)
			text_caret(out, d, o);
	}
	if (f->omitted)
		buf_addf(out, "%s%s:%s %snote:%s %zu more finding%s not shown (only the first %d are); "
			 "they are counted below\n", BOLD(o), f->path, RESET(o), severity_color(o, SEV_INFO),
			 RESET(o), f->omitted, f->omitted == 1 ? "" : "s", DIAG_MAX_FINDINGS);
}

static void write_text(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	for (size_t i = 0; i < set->nr; i++)
		findings_text_file(out, set->files[i], o);
	findings_text_summary(out, set, o);
}

void findings_text_summary(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	struct totals t;

	if (o->quiet)
		return;
	count(set, &t);
	buf_addf(out, "%s", BOLD(o));
	plural(out, (unsigned)t.files, "file");
	buf_adds(out, " checked: ");
	if (!t.errors && !t.warnings && !t.infos) {
		buf_addf(out, "no problems%s\n", RESET(o));
		return;
	}
	plural(out, t.errors, "error");
	buf_adds(out, ", ");
	plural(out, t.warnings, "warning");
	if (t.infos) {
		buf_adds(out, ", ");
		plural(out, t.infos, "note");
	}
	if (t.failed_files)
		buf_addf(out, " (%zu invalid file%s)", t.failed_files,
			 t.failed_files == 1 ? "" : "s");
	buf_addf(out, "%s\n", RESET(o));
}

/* JSON, the stable interface for scripts. */

static void write_json(struct buf *out, const struct diag_set *set)
{
	struct totals t;
	count(set, &t);

	buf_adds(out, "{\"version\": 1,\n \"files\": [");
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		buf_adds(out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		json_str(out, f->path);
		buf_addf(out, ", \"valid\": %s, \"diagnostics\": [",
			 f->errors || f->fatal ? "false" : "true");
		for (size_t j = 0; j < f->nr; j++) {
			const struct diag *d = &f->items[j];
			buf_addf(out, "%s\n    {\"line\": %lu, \"column\": %lu, \"severity\": ",
				 j ? "," : "", d->line, d->column);
			json_str(out, diag_severity_name(d->severity));
			buf_adds(out, ", \"rule\": ");
			json_str(out, d->rule);
			buf_adds(out, ", \"path\": ");
			json_str(out, d->path);
			buf_adds(out, ", \"message\": ");
			json_str(out, d->message);
			buf_adds(out, "}");
		}
		buf_addf(out, "], \"omitted\": %zu}", f->omitted);
	}
	buf_addf(out, "%s],\n \"summary\": {\"files\": %zu, \"errors\": %u, \"warnings\": %u}}\n",
		 set->nr ? "\n " : "", t.files, t.errors, t.warnings);
}

/* GitHub workflow commands. */

static void github_escape(struct buf *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_adds(out, "%25");
		else if (*s == '\r')
			buf_adds(out, "%0D");
		else if (*s == '\n')
			buf_adds(out, "%0A");
		else if (property && *s == ':')
			buf_adds(out, "%3A");
		else if (property && *s == ',')
			buf_adds(out, "%2C");
		else
			buf_addc(out, *s);
	}
}

/*
 * The path of a file as code scanning and annotations need it: from the
 * repository's top, whatever folder the command ran in ("rto.yaml" run in
 * plans/ is plans/rto.yaml). As given when there is no repository, or the
 * file is outside it (or is standard input).
 */
static bool repo_path(struct buf *out, const char *root, const char *path)
{
	char real[PATH_MAX];
	size_t n = root ? strlen(root) : 0;
	if (n && strcmp(path, "-") && realpath(path, real) && !strncmp(real, root, n)) {
		buf_adds(out, real + n);
		return true;
	}
	buf_adds(out, path);
	return false;
}

static void write_github(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	static const char *const commands[] = {
		[SEV_OFF] = "notice", [SEV_INFO] = "notice",
		[SEV_WARNING] = "warning", [SEV_ERROR] = "error",
	};
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		buf_reset(&path);
		repo_path(&path, o->root, f->path);
		for (size_t j = 0; j < f->nr; j++) {
			const struct diag *d = &f->items[j];
			buf_addf(out, "::%s file=", commands[d->severity]);
			github_escape(out, path.ptr, true);
			if (d->line)
				buf_addf(out, ",line=%lu", d->line);
			if (d->column)
				buf_addf(out, ",col=%lu", d->column);
			buf_adds(out, ",title=");
			github_escape(out, d->rule, true);
			buf_adds(out, "::");
			github_escape(out, d->message, false);
			buf_addc(out, '\n');
		}
	}
	buf_release(&path);
}

/* SARIF 2.1.0, as code-scanning services read it. */

static const char *sarif_level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* A repository-relative URI: "./" dropped, reserved bytes percent-encoded. */
static void sarif_uri(struct buf *out, const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_addc(out, (char)*p);
		else
			buf_addf(out, "%%%02X", *p);
	}
}

static void write_sarif(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	buf_adds(out, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		      " \"version\": \"2.1.0\",\n"
		      " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"crisis\", \"version\": ");
	json_str(out, o->version);
	buf_adds(out, ",\n  \"rules\": [");
	const struct ruleset *rules = o->rules;
	for (size_t i = 0; rules && i < rules->nr; i++) {
		const struct rule *r = rules->items[i];
		buf_adds(out, i ? ",\n   {\"id\": " : "\n   {\"id\": ");
		json_str(out, r->id);
		buf_adds(out, ", \"shortDescription\": {\"text\": ");
		json_str(out, r->summary);
		buf_adds(out, "}, \"fullDescription\": {\"text\": ");
		json_str(out, r->help);
		buf_adds(out, "}, \"help\": {\"text\": ");
		json_str(out, r->help);
		buf_addf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
			 sarif_level(r->severity));
	}
	/* Columns count characters (code points), as every output of crisis does. */
	buf_adds(out, "]}},\n  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [");
	bool first = true;
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		buf_reset(&path);
		bool inside = repo_path(&path, o->root, f->path);
		for (size_t j = 0; j < f->nr; j++) {
			const struct diag *d = &f->items[j];
			size_t index = 0;
			while (rules && index < rules->nr && strcmp(rules->items[index]->id, d->rule))
				index++;
			buf_adds(out, first ? "\n   {\"ruleId\": " : ",\n   {\"ruleId\": ");
			first = false;
			json_str(out, d->rule);
			if (rules && index < rules->nr)
				buf_addf(out, ", \"ruleIndex\": %zu", index);
			buf_addf(out, ", \"level\": \"%s\", \"message\": {\"text\": ",
				 sarif_level(d->severity));
			json_str(out, d->message);
			buf_adds(out, "},\n    \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"");
			sarif_uri(out, path.ptr);
			/* From the repository's top, which code scanning calls %SRCROOT%. */
			buf_addf(out, "\"%s}, \"region\": {\"startLine\": %lu",
				 inside ? ", \"uriBaseId\": \"%SRCROOT%\"" : "",
				 d->line ? d->line : 1);
			if (d->column)
				buf_addf(out, ", \"startColumn\": %lu", d->column);
			buf_adds(out, "}");
			buf_adds(out, "}}]}");
		}
	}
	buf_release(&path);
	buf_adds(out, "]}]}\n");
}

/* JUnit XML: one testsuite per file, one testcase per finding. */

/* XML 1.0 cannot hold control characters or invalid UTF-8: replace them. */
static char *xml_safe(const char *s)
{
	struct buf b = BUF_INIT;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_valid_len(s);
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || !n) {
			buf_adds(&b, "\xEF\xBF\xBD");
			s++;
		} else {
			buf_add(&b, s, n);
			s += n;
		}
	}
	return buf_detach(&b);
}

static void junit_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *safe = xml_safe(value);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST safe);
	free(safe);
}

static void junit_case(xmlTextWriterPtr w, const struct diag_file *f, const struct diag *d,
		       const struct findings_opts *o)
{
	struct buf name = BUF_INIT, text = BUF_INIT;
	bool fails = d->severity == SEV_ERROR || (o->strict && d->severity == SEV_WARNING);

	buf_addf(&name, "%s", d->rule);
	if (d->line)
		buf_addf(&name, " at %lu:%lu", d->line, d->column);
	buf_addf(&text, "%s", f->path);
	if (d->line)
		buf_addf(&text, ":%lu:%lu", d->line, d->column);
	buf_addf(&text, ": %s: %s [%s]", diag_severity_name(d->severity), d->message, d->rule);

	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	junit_attr(w, "name", name.ptr);
	junit_attr(w, "classname", f->path);
	xmlTextWriterStartElement(w, BAD_CAST (f->fatal ? "error" : fails ? "failure" : "system-out"));
	if (fails || f->fatal) {
		junit_attr(w, "type", d->rule);
		junit_attr(w, "message", d->message);
	}
	char *safe = xml_safe(text.ptr);
	xmlTextWriterWriteString(w, BAD_CAST safe);
	free(safe);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	buf_release(&name);
	buf_release(&text);
}

static void write_junit(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	struct totals t;
	unsigned all_tests = 0, all_failures = 0, all_errors = 0;
	char num[32];

	count(set, &t);
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		all_tests += f->nr ? (unsigned)f->nr : 1;
		all_failures += f->fatal ? 0 : f->errors + (o->strict ? f->warnings : 0);
		all_errors += f->fatal ? (unsigned)f->nr : 0;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	junit_attr(w, "name", "crisis plan validate");
	snprintf(num, sizeof(num), "%u", all_tests);
	junit_attr(w, "tests", num);
	snprintf(num, sizeof(num), "%u", all_failures);
	junit_attr(w, "failures", num);
	snprintf(num, sizeof(num), "%u", all_errors);
	junit_attr(w, "errors", num);
	for (size_t i = 0; i < set->nr; i++) {
		const struct diag_file *f = set->files[i];
		unsigned failures = f->fatal ? 0 : f->errors + (o->strict ? f->warnings : 0);
		xmlTextWriterStartElement(w, BAD_CAST "testsuite");
		junit_attr(w, "name", f->path);
		snprintf(num, sizeof(num), "%zu", f->nr ? f->nr : 1);
		junit_attr(w, "tests", num);
		snprintf(num, sizeof(num), "%u", failures);
		junit_attr(w, "failures", num);
		snprintf(num, sizeof(num), "%zu", f->fatal ? f->nr : 0);
		junit_attr(w, "errors", num);
		junit_attr(w, "file", f->path);
		if (!f->nr) {
			xmlTextWriterStartElement(w, BAD_CAST "testcase");
			junit_attr(w, "name", "valid");
			junit_attr(w, "classname", f->path);
			xmlTextWriterEndElement(w);
		}
		for (size_t j = 0; j < f->nr; j++)
			junit_case(w, f, &f->items[j], o);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
}

void findings_write(struct buf *out, const struct diag_set *set, const struct findings_opts *o)
{
	switch (o->format) {
	case FORMAT_TEXT:
		write_text(out, set, o);
		break;
	case FORMAT_JSON:
		write_json(out, set);
		break;
	case FORMAT_JUNIT:
		write_junit(out, set, o);
		break;
	case FORMAT_SARIF:
		write_sarif(out, set, o);
		break;
	case FORMAT_GITHUB:
		write_github(out, set, o);
		break;
	}
}
