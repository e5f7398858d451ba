/* Writing JSON: strings escaped as RFC 8259 says, invalid UTF-8 replaced. */
#ifndef CRISIS_JSON_H
#define CRISIS_JSON_H

#include "buf.h"

/* Append s as a JSON string, quotes included ("null" when s is NULL). */
void json_str(struct buf *b, const char *s);

#endif
