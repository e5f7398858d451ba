/* "Did you mean ...?": the closest of a set of names to a misspelt one. */
#ifndef CRISIS_SUGGEST_H
#define CRISIS_SUGGEST_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions, transpositions). */
size_t suggest_distance(const char *a, const char *b);
/* The candidate closest to `word`, when close enough to be a typo; else NULL. */
const char *suggest_best(const char *word, const char *const *candidates, size_t nr);

#endif
