/* UTF-8 text: validity and width, for output that must stay well-formed. */
#ifndef CRISIS_UTF8_H
#define CRISIS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Length of the valid UTF-8 sequence starting at s (1 to 4), 0 if invalid. */
size_t utf8_valid_len(const char *s);
/* The same, reading no further than `avail` bytes (s need not end in NUL). */
size_t utf8_valid_len_n(const char *s, size_t avail);
/* Characters (code points) in the first `bytes` bytes of s. */
size_t utf8_chars(const char *s, size_t bytes);
/*
 * Columns the first `bytes` bytes of s take on a terminal, as ICU knows the
 * characters: combining marks and format characters none (a name typed as
 * "Jose" and U+0301 is four columns), East Asian wide characters two,
 * others (and invalid bytes) one.
 */
size_t utf8_width(const char *s, size_t bytes);
/* Append s in Unicode normal form C (U+0065 U+0301 -> U+00E9); s as it is when it is not UTF-8. */
void utf8_nfc(struct buf *out, const char *s);
/* The byte offset of character number `chars` (0-based) in s. */
size_t utf8_offset(const char *s, size_t chars);

/*
 * Append s made safe to print on a terminal: control characters and
 * invalid bytes are escaped (\n, \x1B) when `escape`, else replaced by
 * U+FFFD one for one, which keeps columns in place. Tabs are kept.
 */
void utf8_sanitize(struct buf *b, const char *s, bool escape);

/*
 * Append s folded for matching: ASCII lowercased, Latin letters without
 * their diacritics (é -> e, Ç -> c, œ -> oe, æ -> ae, ß -> ss, ø -> o,
 * ł -> l, đ -> d: every letter of U+00C0 to U+017F), the apostrophes
 * U+2018 and U+2019 -> ', the no-break spaces U+00A0 and U+202F -> space;
 * other characters unchanged and invalid bytes copied as they are.
 */
void utf8_fold(struct buf *out, const char *s);
/* Does `haystack` contain `needle`, both folded? An empty needle matches. */
bool utf8_fold_contains(const char *haystack, const char *needle);

#endif
