/*
 * Formatters: pure functions of a set of diagnostics, for people (text),
 * scripts (json), CI servers (junit, sarif) and GitHub annotations.
 */
#ifndef CRISIS_FINDINGS_H
#define CRISIS_FINDINGS_H

#include "util/buf.h"
#include "diag.h"

#include <stdbool.h>

struct ruleset;

enum findings_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_SARIF, FORMAT_GITHUB };

/* "text|json|junit|sarif|github", for usage lines and completion. */
#define FINDINGS_FORMATS "text|json|junit|sarif|github"

struct findings_opts {
	enum findings_format format;
	bool color;		/* text: ANSI colours */
	bool quiet;		/* text: no summary line */
	bool strict;		/* warnings count as failures */
	const char *version;	/* the tool's version, for sarif */
	const struct ruleset *rules;	/* every rule, for sarif */
	/* The repository's folder (ending in '/'), or NULL: github and sarif name files from it. */
	const char *root;
};

/* -1 when `name` is not a format. */
int findings_format_parse(const char *name);
void findings_write(struct buf *out, const struct diag_set *set, const struct findings_opts *o);
/*
 * The text format in pieces, for files checked in parallel: each file's
 * findings (findings_write's text is every file's, then the summary).
 */
void findings_text_file(struct buf *out, const struct diag_file *f, const struct findings_opts *o);
void findings_text_summary(struct buf *out, const struct diag_set *set, const struct findings_opts *o);

/* Would these findings fail a check (errors, or warnings when strict)? */
bool findings_failed(const struct diag_set *set, bool strict);
/* Did a file fail to be read at all? */
bool findings_fatal(const struct diag_set *set);

#endif
