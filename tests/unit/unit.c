/* What unit tests share beyond unit.h's inline helpers. */
#include "unit.h"
#include "check/config.h"
#include "kinds.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct diag_severities *unit_severities(void)
{
	static struct config cfg;
	static bool ready;
	if (!ready) {
		config_init(&cfg, &crisis_kinds()->rules);
		ready = true;
	}
	return &cfg.severities;
}

int unit_tmp_root(char *root, const char *name)
{
	snprintf(root, 64, "/tmp/crisis-%.30s-XXXXXX", name);
	if (!mkdtemp(root))
		return -1;
	strcat(root, "/");
	return 0;
}

int unit_rm_root(const char *root)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

char *unit_line_with(const char *text, const char *part)
{
	const char *at = strstr(text, part);
	if (!at)
		fail_msg("'%s' not in:\n%s", part, text);
	const char *start = at, *end = strchr(at, '\n');
	while (start > text && start[-1] != '\n')
		start--;
	return xstrndup(start, end ? (size_t)(end - start) : strlen(start));
}

size_t unit_count(const char *text, const char *part)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, part)); p += strlen(part))
		n++;
	return n;
}

/* ---- a JSON checker: enough of RFC 8259 to refuse what is not JSON ---- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if (!*p || (unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
	}
	return p + 1;
}

static const char *json_members(const char *p, int depth, char close, bool keys)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keys) {
			if (!(p = json_string(p)))
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = json_value(p, depth + 1)))
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_ws(p);
	}
}

static const char *json_value(const char *p, int depth)
{
	p = json_ws(p);
	if (depth > 32)
		return NULL;
	if (*p == '{')
		return json_members(p, depth, '}', true);
	if (*p == '[')
		return json_members(p, depth, ']', false);
	if (*p == '"')
		return json_string(p);
	for (const char *word = "true\0false\0null\0"; *word; word += strlen(word) + 1)
		if (!strncmp(p, word, strlen(word)))
			return p + strlen(word);
	const char *start = p;
	p += *p == '-';
	if (!(*p >= '0' && *p <= '9'))
		return NULL;
	p += strspn(p, "0123456789");
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if (*p == 'e' || *p == 'E')
		p += 1 + strspn(p + 1, "+-0123456789");
	return p > start ? p : NULL;
}

bool unit_json_valid(const char *text)
{
	const char *end = json_value(text, 0);
	return end && !*json_ws(end);
}
