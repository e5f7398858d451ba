/*
 * Formatters: pure functions of a set of diagnostics, for people (text),
 * scripts (json), CI servers (junit, sarif) and GitHub annotations.
 */
#ifndef CRISIS_REPORT_H
#define CRISIS_REPORT_H

#include "util/buf.h"
#include "diag.h"

#include <stdbool.h>

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_SARIF, FORMAT_GITHUB };

/* "text|json|junit|sarif|github", for usage lines and completion. */
#define REPORT_FORMATS "text|json|junit|sarif|github"

struct report_opts {
	enum report_format format;
	bool color;		/* text: ANSI colours */
	bool quiet;		/* text: no summary line */
	bool strict;		/* warnings count as failures */
	const char *version;	/* the tool's version, for sarif */
};

/* -1 when `name` is not a format. */
int report_format_parse(const char *name);
void report_write(struct buf *out, const struct diag_set *set, const struct report_opts *o);
/*
 * The text format in pieces, for files checked in parallel: each file's
 * findings (report_write's text is every file's, then the summary).
 */
void report_text_file(struct buf *out, const struct diag_file *f, const struct report_opts *o);
void report_text_summary(struct buf *out, const struct diag_set *set, const struct report_opts *o);

/* Would these findings fail a check (errors, or warnings when strict)? */
bool report_failed(const struct diag_set *set, bool strict);
/* Did a file fail to be read at all? */
bool report_fatal(const struct diag_set *set);

#endif
