#include "unit.h"
#include "kinds.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/diag.h"
#include "check/findings.h"
#include "check/rule.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- A small strict JSON reader, to check the shape of json and sarif. ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype t;
	bool b;
	double num;
	char *str;
	struct jv *items;	/* array items or object values */
	char **keys;		/* object keys */
	size_t n;
};

static void jfree(struct jv *v)
{
	free(v->str);
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static void ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static void put_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xC0 | (cp >> 6)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(b, (char)(0xE0 | (cp >> 12)));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static bool jstring(const char **p, char **out)
{
	struct buf b = BUF_INIT;
	if (**p != '"')
		return false;
	(*p)++;
	buf_adds(&b, "");
	for (;;) {
		unsigned char c = (unsigned char)**p;
		if (c == '"') {
			(*p)++;
			*out = buf_detach(&b);
			return true;
		}
		if (c < 0x20)
			goto bad;	/* raw control characters, or the end */
		if (c == '\\') {
			char e = (*p)[1];
			*p += 2;
			switch (e) {
			case '"': buf_addc(&b, '"'); break;
			case '\\': buf_addc(&b, '\\'); break;
			case '/': buf_addc(&b, '/'); break;
			case 'b': buf_addc(&b, '\b'); break;
			case 'f': buf_addc(&b, '\f'); break;
			case 'n': buf_addc(&b, '\n'); break;
			case 'r': buf_addc(&b, '\r'); break;
			case 't': buf_addc(&b, '\t'); break;
			case 'u': {
				unsigned cp = 0;
				for (int i = 0; i < 4; i++) {
					char h = *(*p)++;
					cp <<= 4;
					if (h >= '0' && h <= '9')
						cp |= (unsigned)(h - '0');
					else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
						cp |= (unsigned)((h | 0x20) - 'a' + 10);
					else
						goto bad;
				}
				if (cp >= 0xD800 && cp <= 0xDFFF)
					goto bad;	/* not produced here */
				put_utf8(&b, cp);
				break;
			}
			default:
				goto bad;
			}
			continue;
		}
		size_t n = utf8_valid_len(*p);
		if (!n)
			goto bad;
		buf_add(&b, *p, n);
		*p += n;
	}
bad:
	buf_release(&b);
	return false;
}

static bool jvalue(const char **p, struct jv *v, int depth);

static bool jcontainer(const char **p, struct jv *v, int depth, bool object)
{
	size_t alloc = 0, kalloc = 0;
	char close = object ? '}' : ']';
	(*p)++;
	ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		char *key = NULL;
		if (object) {
			ws(p);
			if (!jstring(p, &key))
				return false;
			ws(p);
			if (*(*p)++ != ':') {
				free(key);
				return false;
			}
			ALLOC_GROW(v->keys, v->n + 1, kalloc);
			v->keys[v->n] = key;
		}
		ALLOC_GROW(v->items, v->n + 1, alloc);
		memset(&v->items[v->n], 0, sizeof(*v->items));
		v->n++;
		if (!jvalue(p, &v->items[v->n - 1], depth + 1))
			return false;
		ws(p);
		if (**p == ',') {
			(*p)++;
			continue;
		}
		if (**p == close) {
			(*p)++;
			return true;
		}
		return false;
	}
}

static bool jvalue(const char **p, struct jv *v, int depth)
{
	memset(v, 0, sizeof(*v));
	ws(p);
	if (depth > 64)
		return false;
	switch (**p) {
	case '{':
		v->t = J_OBJ;
		return jcontainer(p, v, depth, true);
	case '[':
		v->t = J_ARR;
		return jcontainer(p, v, depth, false);
	case '"':
		v->t = J_STR;
		return jstring(p, &v->str);
	case 't':
		v->t = J_BOOL;
		v->b = true;
		return !strncmp(*p, "true", 4) && (*p += 4);
	case 'f':
		v->t = J_BOOL;
		return !strncmp(*p, "false", 5) && (*p += 5);
	case 'n':
		v->t = J_NULL;
		return !strncmp(*p, "null", 4) && (*p += 4);
	default: {
		char *end;
		if (!(**p == '-' || (**p >= '0' && **p <= '9')))
			return false;
		v->t = J_NUM;
		v->num = strtod(*p, &end);
		*p = end;
		return true;
	}
	}
}

/* Parse a whole document, failing the test when it is not JSON. */
static void jparse(const char *text, struct jv *v)
{
	const char *p = text;
	if (!jvalue(&p, v, 0)) {
		print_message("# not JSON near: %.40s\n", p);
		jfree(v);
		fail_msg("the output is not JSON");
	}
	ws(&p);
	if (*p) {
		jfree(v);
		fail_msg("text after the JSON value: %.40s", p);
	}
}

static const struct jv *jget(const struct jv *v, const char *key)
{
	assert_int_equal(v->t, J_OBJ);
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	fail_msg("no key \"%s\"", key);
	return NULL;
}

static bool jhas(const struct jv *v, const char *key)
{
	for (size_t i = 0; v->t == J_OBJ && i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return true;
	return false;
}

static const struct jv *jat(const struct jv *v, size_t i)
{
	assert_int_equal(v->t, J_ARR);
	assert_true(i < v->n);
	return &v->items[i];
}

static const char *jstr(const struct jv *v)
{
	assert_int_equal(v->t, J_STR);
	return v->str;
}

static long jnum(const struct jv *v)
{
	assert_int_equal(v->t, J_NUM);
	return (long)v->num;
}

/* ---- Fixtures ---- */

/*
 * A finding set as the formatters receive it. diag_add() makes messages
 * safe for a terminal; the formatters must be safe on any text, so these
 * tests hand them raw text directly.
 */
static void push(struct diag_file *f, enum severity sev, const char *rule,
		 unsigned long line, unsigned long col, const char *path,
		 const char *message, const char *source)
{
	ALLOC_GROW(f->items, f->nr + 1, f->alloc);
	struct diag *d = &f->items[f->nr++];
	memset(d, 0, sizeof(*d));
	d->line = line;
	d->column = col;
	d->severity = sev;
	d->rule = rule;
	d->path = path ? xstrdup(path) : NULL;
	d->message = xstrdup(message);
	d->source = source ? xstrdup(source) : NULL;
	d->source_column = col;
	d->order = f->nr - 1;
	if (sev == SEV_ERROR)
		f->errors++;
	else if (sev == SEV_WARNING)
		f->warnings++;
	else
		f->infos++;
}

static const char pca_text[] =
	"format: crisis/v1\n"
	"activities:\n"
	"  - id: billing\n"
	"    rto: P3D\n"
	"    mtpd: P2D\n";

/* plans/pca.yaml: an error and a warning; plans/ok.yaml: clean. */
static void two_files(struct diag_set *set)
{
	memset(set, 0, sizeof(*set));
	struct diag_file *f = diag_file_new("plans/pca.yaml", unit_severities());
	diag_file_set_text(f, pca_text, strlen(pca_text));
	diag_add(f, RULE_RTO_EXCEEDS_MTPD, 4, 10, "activities[0].rto",
		 "activity 'billing': rto P3D exceeds mtpd P2D");
	diag_add(f, RULE_MISSING_DEPUTY, 3, 9, "activities[0].id",
		 "high activity 'billing' has no deputy");
	diag_file_sort(f);
	diag_file_set_text(f, NULL, 0);
	diag_set_add(set, f);
	diag_set_add(set, diag_file_new("plans/ok.yaml", unit_severities()));
}

static char *write_report(const struct diag_set *set, enum findings_format format,
			  bool color, bool strict)
{
	struct buf out = BUF_INIT;
	struct findings_opts o = { .format = format, .color = color, .strict = strict,
				 .version = "1.2.3", .rules = &crisis_kinds()->rules };
	findings_write(&out, set, &o);
	buf_adds(&out, "");
	return buf_detach(&out);
}

/* ---- text ---- */

static void text_as_compilers_print_it(void **state)
{
	struct diag_set set;
	(void)state;
	two_files(&set);
	char *out = write_report(&set, FORMAT_TEXT, false, false);
	assert_string_equal(out,
		"plans/pca.yaml:3:9: warning: high activity 'billing' has no deputy [missing-deputy]\n"
		"     3 |   - id: billing\n"
		"       |         ^~~~~~~\n"
		"plans/pca.yaml:4:10: error: activity 'billing': rto P3D exceeds mtpd P2D [rto-exceeds-mtpd]\n"
		"     4 |     rto: P3D\n"
		"       |          ^~~\n"
		"2 files checked: 1 error, 1 warning (1 invalid file)\n");
	assert_null(strchr(out, '\033'));
	free(out);
	diag_set_release(&set);
}

static void text_colour_only_when_asked(void **state)
{
	struct diag_set set;
	(void)state;
	two_files(&set);
	char *out = write_report(&set, FORMAT_TEXT, true, false);
	assert_non_null(strstr(out, "\033[1;31merror"));
	assert_non_null(strstr(out, "\033[1;35mwarning"));
	assert_non_null(strstr(out, "\033[m"));
	/* Colour changes nothing else. */
	assert_non_null(strstr(out, "exceeds mtpd P2D [rto-exceeds-mtpd]"));
	free(out);
	diag_set_release(&set);
}

static void text_summary(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	struct buf out = BUF_INIT;
	struct findings_opts o = { .format = FORMAT_TEXT };
	(void)state;

	diag_set_add(&set, diag_file_new("a.yaml", unit_severities()));
	diag_set_add(&set, diag_file_new("b.yaml", unit_severities()));
	findings_write(&out, &set, &o);
	assert_string_equal(buf_str(&out), "2 files checked: no problems\n");
	buf_reset(&out);

	diag_add(set.files[0], RULE_REVIEW_OVERDUE, 0, 0, NULL, "overdue");
	diag_add_sev(set.files[1], SEV_INFO, RULE_REVIEW_OVERDUE, 0, 0, NULL, "a note");
	findings_write(&out, &set, &o);
	assert_string_equal(buf_str(&out),
		"a.yaml: warning: overdue [review-overdue]\n"
		"b.yaml: info: a note [review-overdue]\n"
		"2 files checked: 0 errors, 1 warning, 1 note\n");
	buf_reset(&out);

	o.quiet = true;
	findings_write(&out, &set, &o);
	assert_null(strstr(buf_str(&out), "checked"));
	assert_non_null(strstr(buf_str(&out), "a.yaml: warning: overdue"));
	buf_release(&out);
	diag_set_release(&set);
}

/* A finding with a line and no column (XML) quotes the line, without a caret. */
static void text_line_without_column(void **state)
{
	static const char xml[] = "<crisis>\n<title>x</titel>\n</crisis>\n";
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new("p.xml", unit_severities());
	(void)state;
	diag_file_set_text(f, xml, strlen(xml));
	diag_add(f, RULE_XML_SYNTAX, 2, 0, NULL, "tag mismatch");
	diag_file_set_text(f, NULL, 0);
	diag_set_add(&set, f);
	char *out = write_report(&set, FORMAT_TEXT, false, false);
	assert_string_equal(out,
		"p.xml:2: error: tag mismatch [xml-syntax]\n"
		"     2 | <title>x</titel>\n"
		"1 file checked: 1 error, 0 warnings (1 invalid file)\n");
	free(out);
	diag_set_release(&set);
}

/* The caret stands under the character the column counts, accents or not. */
static void text_caret_after_accents(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new("p.yaml", unit_severities());
	(void)state;
	/* "bad" is character 29 of the line (byte 31). */
	push(f, SEV_ERROR, RULE_BAD_VALUE, 2, 29, NULL, "not a phone",
	     "  - {name: Hélène, phones: [bad]}");
	diag_set_add(&set, f);
	struct findings_opts o = { .format = FORMAT_TEXT, .quiet = true };
	struct buf out = BUF_INIT;
	findings_write(&out, &set, &o);
	assert_string_equal(buf_str(&out),
		"p.yaml:2:29: error: not a phone [bad-value]\n"
		"     2 |   - {name: Hélène, phones: [bad]}\n"
		"       |                             ^~~\n");
	buf_release(&out);
	diag_set_release(&set);
}

/* ---- json ---- */

static void json_shape(void **state)
{
	struct diag_set set;
	struct jv v;
	(void)state;
	two_files(&set);
	char *out = write_report(&set, FORMAT_JSON, false, false);
	jparse(out, &v);

	assert_int_equal(jnum(jget(&v, "version")), 1);
	const struct jv *files = jget(&v, "files");
	assert_int_equal(files->n, 2);

	const struct jv *f0 = jat(files, 0);
	assert_string_equal(jstr(jget(f0, "path")), "plans/pca.yaml");
	assert_int_equal(jget(f0, "valid")->t, J_BOOL);
	assert_false(jget(f0, "valid")->b);
	const struct jv *ds = jget(f0, "diagnostics");
	assert_int_equal(ds->n, 2);
	const struct jv *d = jat(ds, 1);
	assert_int_equal(jnum(jget(d, "line")), 4);
	assert_int_equal(jnum(jget(d, "column")), 10);
	assert_string_equal(jstr(jget(d, "severity")), "error");
	assert_string_equal(jstr(jget(d, "rule")), "rto-exceeds-mtpd");
	assert_string_equal(jstr(jget(d, "path")), "activities[0].rto");
	assert_string_equal(jstr(jget(d, "message")), "activity 'billing': rto P3D exceeds mtpd P2D");
	assert_string_equal(jstr(jget(jat(ds, 0), "severity")), "warning");

	const struct jv *f1 = jat(files, 1);
	assert_true(jget(f1, "valid")->b);
	assert_int_equal(jget(f1, "diagnostics")->t, J_ARR);
	assert_int_equal(jget(f1, "diagnostics")->n, 0);

	const struct jv *sum = jget(&v, "summary");
	assert_int_equal(jnum(jget(sum, "files")), 2);
	assert_int_equal(jnum(jget(sum, "errors")), 1);
	assert_int_equal(jnum(jget(sum, "warnings")), 1);
	jfree(&v);
	free(out);
	diag_set_release(&set);
}

static void json_escaping(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new("plans/\"odd\" \\ é.yaml", unit_severities());
	struct jv v;
	(void)state;
	push(f, SEV_ERROR, RULE_BAD_VALUE, 0, 0, NULL,
	     "say \"hi\" \\ back\nnext\ttab\x01 end\x7f \xff!", NULL);
	diag_set_add(&set, f);
	/* A fatal file is invalid, whatever its findings. */
	struct diag_file *g = diag_file_new("gone.yaml", unit_severities());
	g->fatal = true;
	diag_set_add(&set, g);

	char *out = write_report(&set, FORMAT_JSON, false, false);
	jparse(out, &v);
	const struct jv *f0 = jat(jget(&v, "files"), 0);
	assert_string_equal(jstr(jget(f0, "path")), "plans/\"odd\" \\ é.yaml");
	const struct jv *d = jat(jget(f0, "diagnostics"), 0);
	assert_string_equal(jstr(jget(d, "message")),
			    "say \"hi\" \\ back\nnext\ttab\x01 end\x7f \xEF\xBF\xBD!");
	assert_int_equal(jget(d, "path")->t, J_NULL);
	assert_int_equal(jnum(jget(d, "line")), 0);
	assert_false(jget(jat(jget(&v, "files"), 1), "valid")->b);
	jfree(&v);
	free(out);
	diag_set_release(&set);

	/* No files at all is still a document. */
	out = write_report(&set, FORMAT_JSON, false, false);
	jparse(out, &v);
	assert_int_equal(jget(&v, "files")->n, 0);
	assert_int_equal(jnum(jget(jget(&v, "summary"), "files")), 0);
	jfree(&v);
	free(out);
}

/* ---- junit ---- */

static const char *junit_xsd(void)
{
	static const char *const paths[] = {
		"../shared/external/junit-10.xsd", "/work/shared/external/junit-10.xsd",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The document, checked against the JUnit schema CI servers read. */
static xmlDocPtr junit_valid(const char *out)
{
	const char *xsd = junit_xsd();
	xmlDocPtr doc = xmlReadMemory(out, (int)strlen(out), "junit.xml", NULL, XML_PARSE_NONET);
	if (!doc)
		fail_msg("the junit output is not well-formed XML");
	if (!xsd) {
		print_message("# junit-10.xsd not found: schema check skipped\n");
		return doc;
	}
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	assert_non_null(schema);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidErrors(vc, silent, silent, NULL);
	int ret = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	if (ret != 0) {
		print_message("# %s\n", out);
		fail_msg("the junit output is not valid against %s", xsd);
	}
	return doc;
}

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	assert_non_null(o);
	xmlChar *s = xmlXPathCastToString(o);
	char *copy = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return copy;
}

static void assert_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath_string(doc, expr);
	if (strcmp(got, want)) {
		print_message("# %s: got '%s'\n", expr, got);
		free(got);
		fail_msg("%s is not '%s'", expr, want);
	}
	free(got);
}

static void junit_is_valid(void **state)
{
	struct diag_set set;
	(void)state;
	two_files(&set);
	char *out = write_report(&set, FORMAT_JUNIT, false, false);
	xmlDocPtr doc = junit_valid(out);

	assert_xpath(doc, "count(/testsuites/testsuite)", "2");
	assert_xpath(doc, "/testsuites/@tests", "3");
	assert_xpath(doc, "/testsuites/@failures", "1");
	const char *s = "/testsuites/testsuite[@name='plans/pca.yaml']";
	char expr[256];
	snprintf(expr, sizeof(expr), "%s/@tests", s);
	assert_xpath(doc, expr, "2");
	snprintf(expr, sizeof(expr), "%s/@failures", s);
	assert_xpath(doc, expr, "1");
	snprintf(expr, sizeof(expr), "%s/@errors", s);
	assert_xpath(doc, expr, "0");
	snprintf(expr, sizeof(expr), "count(%s/testcase)", s);
	assert_xpath(doc, expr, "2");
	snprintf(expr, sizeof(expr), "%s/testcase/failure/@type", s);
	assert_xpath(doc, expr, "rto-exceeds-mtpd");
	snprintf(expr, sizeof(expr), "%s/testcase/failure/@message", s);
	assert_xpath(doc, expr, "activity 'billing': rto P3D exceeds mtpd P2D");
	/* A warning is not a failure unless strict. */
	snprintf(expr, sizeof(expr), "count(%s/testcase/failure)", s);
	assert_xpath(doc, expr, "1");
	/* A clean file passes one test. */
	assert_xpath(doc, "count(/testsuites/testsuite[@name='plans/ok.yaml']/testcase)", "1");
	assert_xpath(doc, "/testsuites/testsuite[@name='plans/ok.yaml']/@failures", "0");
	assert_xpath(doc, "count(//testsuite[@name='plans/ok.yaml']//failure)", "0");
	xmlFreeDoc(doc);
	free(out);

	out = write_report(&set, FORMAT_JUNIT, false, true);
	doc = junit_valid(out);
	assert_xpath(doc, "/testsuites/@failures", "2");
	assert_xpath(doc, "count(//failure)", "2");
	xmlFreeDoc(doc);
	free(out);
	diag_set_release(&set);
}

static void junit_fatal_and_odd_text(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	(void)state;
	struct diag_file *f = diag_file_new("gone <&>.yaml", unit_severities());
	diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "cannot open 'gone': No such file");
	f->fatal = true;
	diag_set_add(&set, f);
	struct diag_file *g = diag_file_new("odd.yaml", unit_severities());
	push(g, SEV_ERROR, RULE_BAD_VALUE, 2, 3, NULL,
	     "bell \x07, latin-1 \xE9, \"quotes\" & <tags>", "key: \x1b[31mred\xff");
	diag_set_add(&set, g);

	char *out = write_report(&set, FORMAT_JUNIT, false, false);
	xmlDocPtr doc = junit_valid(out);
	assert_xpath(doc, "count(//testsuite[@name='gone <&>.yaml']/testcase/error)", "1");
	assert_xpath(doc, "//testsuite[@name='gone <&>.yaml']/@errors", "1");
	assert_xpath(doc, "//testsuite[@name='gone <&>.yaml']/testcase/error/@type", "io-error");
	char *msg = xpath_string(doc, "//testsuite[@name='odd.yaml']/testcase/failure/@message");
	assert_non_null(strstr(msg, "\"quotes\" & <tags>"));
	assert_null(strchr(msg, '\x07'));
	free(msg);
	xmlFreeDoc(doc);
	free(out);
	diag_set_release(&set);
}

/* ---- sarif ---- */

static void sarif_for_code_scanning(void **state)
{
	struct diag_set set;
	struct jv v;
	(void)state;
	two_files(&set);
	free(set.files[0]->path);
	set.files[0]->path = strdup("./plans/my plan.yaml");
	char *out = write_report(&set, FORMAT_SARIF, false, false);
	jparse(out, &v);

	assert_string_equal(jstr(jget(&v, "version")), "2.1.0");
	assert_non_null(strstr(jstr(jget(&v, "$schema")), "sarif"));
	const struct jv *runs = jget(&v, "runs");
	assert_int_equal(runs->n, 1);
	const struct jv *driver = jget(jget(jat(runs, 0), "tool"), "driver");
	assert_string_equal(jstr(jget(driver, "name")), "crisis");
	assert_string_equal(jstr(jget(driver, "version")), "1.2.3");
	const struct jv *rl = jget(driver, "rules");
	const struct ruleset *rules = &crisis_kinds()->rules;
	assert_int_equal(rl->n, rules->nr);
	for (size_t i = 0; i < rl->n; i++) {
		const struct jv *r = jat(rl, i);
		assert_string_equal(jstr(jget(r, "id")), rules->items[i]->id);
		assert_string_equal(jstr(jget(jget(r, "shortDescription"), "text")), rules->items[i]->summary);
		assert_true(*jstr(jget(jget(r, "fullDescription"), "text")));
	}

	const struct jv *results = jget(jat(runs, 0), "results");
	assert_int_equal(results->n, 2);
	const struct jv *res = jat(results, 1);
	assert_string_equal(jstr(jget(res, "ruleId")), "rto-exceeds-mtpd");
	long index = jnum(jget(res, "ruleIndex"));
	assert_string_equal(jstr(jget(jat(rl, (size_t)index), "id")), "rto-exceeds-mtpd");
	assert_string_equal(jstr(jget(res, "level")), "error");
	assert_string_equal(jstr(jget(jget(res, "message"), "text")),
			    "activity 'billing': rto P3D exceeds mtpd P2D");
	const struct jv *loc = jget(jat(jget(res, "locations"), 0), "physicalLocation");
	/* Repository-relative, percent-encoded. */
	assert_string_equal(jstr(jget(jget(loc, "artifactLocation"), "uri")), "plans/my%20plan.yaml");
	assert_int_equal(jnum(jget(jget(loc, "region"), "startLine")), 4);
	assert_int_equal(jnum(jget(jget(loc, "region"), "startColumn")), 10);
	assert_string_equal(jstr(jget(jat(results, 0), "level")), "warning");
	assert_false(jhas(res, "nope"));
	jfree(&v);
	free(out);
	diag_set_release(&set);
}

/*
 * Code scanning needs region.startLine on every result (GitHub's SARIF rule
 * GH1003): a finding about the whole file points at its first line.
 */
static void sarif_every_result_has_a_line(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new("plans/gone.yaml", unit_severities());
	struct jv v;
	(void)state;
	push(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "cannot open 'plans/gone.yaml'", NULL);
	f->fatal = true;
	diag_set_add(&set, f);
	char *out = write_report(&set, FORMAT_SARIF, false, false);
	jparse(out, &v);
	const struct jv *res = jat(jget(jat(jget(&v, "runs"), 0), "results"), 0);
	assert_string_equal(jstr(jget(res, "ruleId")), "io-error");
	const struct jv *loc = jget(jat(jget(res, "locations"), 0), "physicalLocation");
	assert_string_equal(jstr(jget(jget(loc, "artifactLocation"), "uri")), "plans/gone.yaml");
	assert_true(jhas(loc, "region"));
	assert_true(jnum(jget(jget(loc, "region"), "startLine")) >= 1);
	if (jhas(jget(loc, "region"), "startColumn"))
		assert_true(jnum(jget(jget(loc, "region"), "startColumn")) >= 1);
	jfree(&v);
	free(out);
	diag_set_release(&set);
}

/* ---- github ---- */

static void github_annotations(void **state)
{
	struct diag_set set;
	(void)state;
	two_files(&set);
	char *out = write_report(&set, FORMAT_GITHUB, false, false);
	assert_string_equal(out,
		"::warning file=plans/pca.yaml,line=3,col=9,title=missing-deputy::high activity 'billing' has no deputy\n"
		"::error file=plans/pca.yaml,line=4,col=10,title=rto-exceeds-mtpd::activity 'billing': rto P3D exceeds mtpd P2D\n");
	free(out);
	diag_set_release(&set);
}

static void github_escaping(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	struct diag_file *f = diag_file_new("plans/a,b:c%.yaml", unit_severities());
	(void)state;
	push(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "100% sure\r\nline two, with: colon", NULL);
	push(f, SEV_INFO, RULE_REVIEW_OVERDUE, 7, 0, NULL, "note", NULL);
	diag_set_add(&set, f);
	char *out = write_report(&set, FORMAT_GITHUB, false, false);
	assert_string_equal(out,
		"::error file=plans/a%2Cb%3Ac%25.yaml,title=io-error::100%25 sure%0D%0Aline two, with: colon\n"
		"::notice file=plans/a%2Cb%3Ac%25.yaml,line=7,title=review-overdue::note\n");
	free(out);
	diag_set_release(&set);
}

/* ---- the rest ---- */

static void formats_and_outcome(void **state)
{
	struct diag_set set;
	(void)state;
	assert_int_equal(findings_format_parse("text"), FORMAT_TEXT);
	assert_int_equal(findings_format_parse("json"), FORMAT_JSON);
	assert_int_equal(findings_format_parse("junit"), FORMAT_JUNIT);
	assert_int_equal(findings_format_parse("sarif"), FORMAT_SARIF);
	assert_int_equal(findings_format_parse("github"), FORMAT_GITHUB);
	assert_int_equal(findings_format_parse("xml"), -1);
	assert_int_equal(findings_format_parse(""), -1);

	two_files(&set);
	assert_true(findings_failed(&set, false));
	assert_false(findings_fatal(&set));
	diag_set_release(&set);

	memset(&set, 0, sizeof(set));
	struct diag_file *f = diag_file_new("w.yaml", unit_severities());
	diag_add(f, RULE_REVIEW_OVERDUE, 1, 1, NULL, "overdue");
	diag_set_add(&set, f);
	assert_false(findings_failed(&set, false));
	assert_true(findings_failed(&set, true));
	f->fatal = true;
	assert_true(findings_fatal(&set));
	diag_set_release(&set);
}

TEST_MAIN(
	cmocka_unit_test(text_as_compilers_print_it),
	cmocka_unit_test(text_colour_only_when_asked),
	cmocka_unit_test(text_summary),
	cmocka_unit_test(text_line_without_column),
	cmocka_unit_test(text_caret_after_accents),
	cmocka_unit_test(json_shape),
	cmocka_unit_test(json_escaping),
	cmocka_unit_test(junit_is_valid),
	cmocka_unit_test(junit_fatal_and_odd_text),
	cmocka_unit_test(sarif_for_code_scanning),
	cmocka_unit_test(sarif_every_result_has_a_line),
	cmocka_unit_test(github_annotations),
	cmocka_unit_test(github_escaping),
	cmocka_unit_test(formats_and_outcome),
)
