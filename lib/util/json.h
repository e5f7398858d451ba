/* Writing JSON: strings escaped as RFC 8259 says, invalid UTF-8 replaced. */
#ifndef CRISIS_JSON_H
#define CRISIS_JSON_H

#include "buf.h"

/*
 * Append s as a JSON string, quotes included ("null" when s is NULL).
 * Control characters (C0, DEL, C1) and U+2028, U+2029 are written as
 * \uXXXX, invalid bytes as \ufffd.
 */
void json_str(struct buf *b, const char *s);

#endif
