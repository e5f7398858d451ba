/*
 * Diagnostics: one collector for every check, from the YAML loader to the
 * semantic rules. Formatters (report.h) are pure functions of it.
 */
#ifndef CRISIS_DIAG_H
#define CRISIS_DIAG_H

#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>

enum severity { SEV_OFF = 0, SEV_INFO, SEV_WARNING, SEV_ERROR };

/*
 * How much each rule's findings weigh: each rule's default severity, as
 * the configuration changed it (config.h resolves them), handed to every
 * file as data. A rule it does not list is an error.
 */
struct diag_severity {
	const char *rule;
	enum severity severity;
};

struct diag_severities {
	struct diag_severity *items;
	size_t nr, alloc;
	struct strmap index;	/* rule id -> position in items, plus one */
};

#define DIAG_SEVERITIES_INIT { NULL, 0, 0, STRMAP_INIT }

/* Set the severity of `rule` (not copied: a rule's static id). */
void diag_severities_set(struct diag_severities *s, const char *rule, enum severity sev);
/* The entry of `rule`, or NULL (s may be NULL). */
const struct diag_severity *diag_severities_get(const struct diag_severities *s,
						const char *rule);
void diag_severities_release(struct diag_severities *s);

struct diag {
	unsigned long line;	/* 1-based, 0 when the finding has no position */
	unsigned long column;	/* 1-based, in characters, 0 when unknown */
	enum severity severity;
	const char *rule;	/* a rule id from rules.h, never NULL */
	char *path;		/* YAML path such as activities[2].rto, or NULL */
	char *message;
	char *source;		/* the source line, without its end of line */
	unsigned long source_column;	/* where `column` falls in `source` */
	size_t order;		/* arrival, to keep sorting stable */
};

struct diag_file {
	char *path;		/* as shown to the user */
	struct diag *items;
	size_t nr, alloc;
	bool fatal;		/* could not be read at all */
	unsigned errors, warnings, infos;	/* every finding, shown or not */
	size_t omitted;		/* findings past DIAG_MAX_FINDINGS: counted, not kept */
	const char *kind;	/* "pca", "pra"... once known (static) */

	/* While the file is checked: its text, to quote source lines. */
	const char *text;
	size_t len;
	size_t *line_starts;
	size_t nr_lines;
	const struct diag_severities *severities;	/* NULL: every rule is an error */
};

struct diag_set {
	struct diag_file **files;
	size_t nr, alloc;
};

/*
 * Bounds on what a hostile file can make the tool print: at most this many
 * findings are kept per file (the others are counted), and a message is
 * cut to this many bytes (a value quoted whole could be megabytes).
 */
#define DIAG_MAX_FINDINGS 1000
#define DIAG_MAX_MESSAGE 1000

struct diag_file *diag_file_new(const char *path, const struct diag_severities *severities);
void diag_file_free(struct diag_file *f);
/* Attach the file's text so diagnostics quote their line (NULL to detach). */
void diag_file_set_text(struct diag_file *f, const char *text, size_t len);

/*
 * Record a finding. Its severity is the one the file's severities give the
 * rule (its default, or what the configuration made it); a rule turned off, or silenced on its line by
 * `# crisis: disable-line RULE`, records nothing.
 */
void diag_add(struct diag_file *f, const char *rule, unsigned long line,
	      unsigned long column, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Record a finding with an explicit severity (I/O and usage of the file). */
void diag_add_sev(struct diag_file *f, enum severity sev, const char *rule,
		  unsigned long line, unsigned long column, const char *path,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/*
 * Warn, under `unknown_rule`, of each rule id a `# crisis: disable-line`
 * comment of the attached text names that is not a rule of the file's
 * severities (with the closest one): a misspelt id silences nothing.
 */
void diag_check_disables(struct diag_file *f, const char *unknown_rule);
/* Sort by position, keeping the order of findings at the same place. */
void diag_file_sort(struct diag_file *f);

void diag_set_add(struct diag_set *set, struct diag_file *f);
void diag_set_release(struct diag_set *set);

const char *diag_severity_name(enum severity sev);
/* Parse "off", "info", "warning", "error"; -1 when unknown. */
int diag_severity_parse(const char *s);

#endif
