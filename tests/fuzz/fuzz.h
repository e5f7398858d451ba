/*
 * What the fuzz targets share: the libFuzzer entry points, and small
 * checks on an input or an output that several invariants need.
 */
#ifndef CRISIS_FUZZ_H
#define CRISIS_FUZZ_H

#include "check/diag.h"
#include "check/validate.h"
#include "kinds.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pipeline every kind of file goes through, checking as of `today` (days since 1970). */
static inline void fuzz_validator_init(struct validator *v, int64_t today)
{
	xmlInitParser();
	if (validator_init(v, crisis_kinds(), NULL, NULL, today) < 0) {
		fprintf(stderr, "cannot compile the schemas: %s\n", crisis_error_last());
		abort();
	}
}

/* Two files in one input: the line that separates them. */
#define FUZZ_SEPARATOR "\n%%\n"

/*
 * Where the second file of `data` starts (after FUZZ_SEPARATOR), the first
 * one being the `*first` bytes before it; `len` (an empty second file)
 * when there is no separator.
 */
static inline size_t fuzz_split(const char *data, size_t len, size_t *first)
{
	size_t n = strlen(FUZZ_SEPARATOR);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(data + i, FUZZ_SEPARATOR, n)) {
			*first = i;
			return i + n;
		}
	*first = len;
	return len;
}

/*
 * The lines of an input, the breaks counted as YAML counts them (LF, CR,
 * CRLF, NEL, LS, PS), and one more: libyaml ends a file without a final
 * line break with one, where it reports what the end left unfinished. A
 * finding past that points nowhere.
 */
static inline unsigned long fuzz_lines(const uint8_t *data, size_t size)
{
	unsigned long lines = 2;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')) ||
			 (i + 1 < size && data[i] == 0xC2 && data[i + 1] == 0x85) ||
			 (i + 2 < size && data[i] == 0xE2 && data[i + 1] == 0x80 &&
			  (data[i + 2] == 0xA8 || data[i + 2] == 0xA9));
	return lines;
}

static inline bool fuzz_is_utf8(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = utf8_valid_len_n(s + i, len - i)))
			return false;
	return true;
}

/* The findings of a file, to say why a target stopped. */
static inline void fuzz_print_findings(const struct diag_file *f)
{
	for (size_t i = 0; f && i < f->nr; i++)
		fprintf(stderr, "%s:%lu:%lu: %s [%s]\n", f->path, f->items[i].line,
			f->items[i].column, f->items[i].message, f->items[i].rule);
}

#endif
