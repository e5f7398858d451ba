#include "config.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/date.h"
#include "load.h"
#include "rule.h"
#include "util/suggest.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void config_init(struct config *cfg, const struct ruleset *rules)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->rules = rules;
	cfg->spof_max = SPOF_DEFAULT_MAX;
	for (size_t i = 0; i < rules->nr; i++)
		diag_severities_set(&cfg->severities, rules->items[i]->id, rules->items[i]->severity);
}

void config_release(struct config *cfg)
{
	free(cfg->path);
	free(cfg->stale_after);
	diag_severities_release(&cfg->severities);
	memset(cfg, 0, sizeof(*cfg));
}

/* An unknown key is shown at the key, a bad value at the value. */
#define at(node, f, rule, ...) \
	doc_report(f, rule, node, strcmp(rule, RULE_UNKNOWN_KEY) ? AT_VALUE : AT_KEY, \
		   __VA_ARGS__)

static void read_rules(struct config *cfg, xmlNode *rules_node, struct diag_file *f)
{
	const struct ruleset *rs = cfg->rules;
	const char **ids = xcalloc(rs->nr + 1, sizeof(*ids));
	for (size_t i = 0; i < rs->nr; i++)
		ids[i] = rs->items[i]->id;

	for (xmlNode *c = doc_first(rules_node); c; c = doc_next(c)) {
		const char *name = (const char *)c->name;
		const struct rule *r = ruleset_find(rs, name);
		const char *value = doc_text(c);
		int sev = value ? diag_severity_parse(value) : -1;
		if (!r) {
			const char *best = suggest_best(name, ids, rs->nr);
			at(c, f, RULE_UNKNOWN_KEY,
			   best ? "unknown rule '%s'; did you mean '%s'?" :
				  "unknown rule '%s'%s (see 'crisis plan rules')",
			   name, best ? best : "");
		} else if (r->stage == STAGE_LOAD || r->stage == STAGE_SCHEMA) {
			at(c, f, RULE_BAD_VALUE,
			   "rules.%s cannot be changed: a plan that breaks %s rules cannot be read",
			   name, rule_stage_name(r->stage));
		} else if (sev < 0) {
			at(c, f, RULE_BAD_VALUE,
			   "rules.%s: '%s' is not one of: off, info, warning, error",
			   name, value ? value : "");
		} else {
			diag_severities_set(&cfg->severities, r->id, (enum severity)sev);
		}
	}
	free(ids);
}

static void read_thresholds(struct config *cfg, xmlNode *node, struct diag_file *f)
{
	for (xmlNode *c = doc_first(node); c; c = doc_next(c)) {
		const char *name = (const char *)c->name;
		const char *value = doc_text(c);
		char *end = NULL;
		long n = value ? strtol(value, &end, 10) : 0;
		if (!strcmp(name, CONFIG_STALE)) {
			if (!value || date_add_duration(0, value) <= 0)
				at(c, f, RULE_BAD_VALUE,
				   "thresholds.%s: '%s' is not a duration such as P6M", name,
				   value ? value : "");
			else
				cfg->stale_after = xstrdup(value);
		} else if (strcmp(name, CONFIG_SPOF))
			at(c, f, RULE_UNKNOWN_KEY,
			   "unknown threshold '%s'%s; expected 'single-point-of-failure' or 'contact-stale'",
			   name, "");
		else if (!value || *end || n < 1 || n > INT_MAX)
			at(c, f, RULE_BAD_VALUE,
			   "thresholds.%s: '%s' is not a whole number from 1", name,
			   value ? value : "");
		else
			cfg->spof_max = (unsigned)n;
	}
}

/* Only blanks and comments? */
static bool is_blank(const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		if (*s == '#')
			while (s < end && *s != '\n')
				s++;
		else if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else
			return false;	/* a NUL byte too: the loader says where */
	}
	return true;
}

int config_load(struct config *cfg, const char *path, struct diag_file *f)
{
	struct buf text = BUF_INIT;
	int ret = -1;

	if (fs_read_file(path, &text) < 0)
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
	else
		ret = config_load_text(cfg, path, buf_str(&text), text.len, f);
	buf_release(&text);
	return ret;
}

int config_load_text(struct config *cfg, const char *path, const char *text, size_t len,
		     struct diag_file *f)
{
	struct doc doc = DOC_INIT;
	unsigned errors = f->errors;
	int ret = -1;

	diag_file_set_text(f, text, len);
	if (is_blank(text, len)) {
		ret = 0;	/* an empty configuration changes nothing */
		goto done;
	}
	if (load_yaml(&doc, text, len, f) < 0)
		goto done;
	xmlNode *root = xmlDocGetRootElement(doc.xml);
	for (xmlNode *c = doc_first(root); c; c = doc_next(c)) {
		const char *name = (const char *)c->name;
		if (!strcmp(name, "rules"))
			read_rules(cfg, c, f);
		else if (!strcmp(name, "thresholds"))
			read_thresholds(cfg, c, f);
		else if (strcmp(name, "format"))
			at(c, f, RULE_UNKNOWN_KEY,
			   "unknown key '%s'%s; expected 'rules' or 'thresholds'", name, "");
	}
	if (f->errors == errors) {
		free(cfg->path);
		cfg->path = xstrdup(path);
		ret = 0;
	}
done:
	diag_file_set_text(f, NULL, 0);
	doc_release(&doc);
	return ret;
}

char *config_find(const char *dir)
{
	char buf[PATH_MAX];
	struct buf path = BUF_INIT;

	if (!dir) {
		if (!getcwd(buf, sizeof(buf)))
			return NULL;
		dir = buf;
	}
	buf_adds(&path, dir);
	for (;;) {
		size_t len = path.len;
		buf_addf(&path, "%s%s", len && path.ptr[len - 1] == '/' ? "" : "/", CONFIG_FILE);
		if (access(path.ptr, F_OK) == 0)
			return buf_detach(&path);
		path.len = len;
		path.ptr[len] = '\0';
		char *slash = strrchr(path.ptr, '/');
		if (!slash || len <= 1)
			break;
		path.len = slash == path.ptr ? 1 : (size_t)(slash - path.ptr);
		path.ptr[path.len] = '\0';
	}
	buf_release(&path);
	return NULL;
}

const struct diag_severities *config_severities(const struct config *cfg)
{
	return cfg ? &cfg->severities : NULL;
}
