/*
 * Text in other charsets made UTF-8, through the C library's iconv: the
 * exports of spreadsheets, address books and phones that are not UTF-8
 * (Windows-1252 from a French LibreOffice or an Outlook "ANSI" export,
 * UTF-16 from Outlook's "Unicode text", vCard 2.1 CHARSET parameters).
 */
#ifndef CRISIS_CHARSET_H
#define CRISIS_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * What `len` bytes most likely are: "UTF-8" when they are valid UTF-8,
 * and also when they hold valid multi-byte sequences beside invalid bytes
 * (damaged UTF-8 rather than another charset: the reader reports where);
 * "UTF-16" with a UTF-16 byte-order mark; else "Windows-1252", which
 * every Latin-1 text also is.
 */
const char *charset_guess(const char *data, size_t len);

/* Is `name` a charset iconv converts from (windows-1252, latin1, utf-16)? */
bool charset_known(const char *name);

/* Is `name` UTF-8 (utf-8, UTF8, any case)? */
bool charset_is_utf8(const char *name);

/*
 * Append `len` bytes in charset `from` to `out` in UTF-8. -1 with
 * crisis_error() "line L, column C: ..." at the first byte that is not
 * text in that charset, or when `from` is unknown; `out` then holds what
 * was converted before.
 */
int charset_to_utf8(struct buf *out, const char *from, const char *data, size_t len);

#endif
