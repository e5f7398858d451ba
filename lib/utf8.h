/* UTF-8 text: validity and width, for output that must stay well-formed. */
#ifndef CRISIS_UTF8_H
#define CRISIS_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence starting at s (1 to 4), 0 if invalid. */
size_t utf8_valid_len(const char *s);
/* Characters (code points) in the first `bytes` bytes of s. */
size_t utf8_chars(const char *s, size_t bytes);
/* The byte offset of character number `chars` (0-based) in s. */
size_t utf8_offset(const char *s, size_t chars);

#endif
