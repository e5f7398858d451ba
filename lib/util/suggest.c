#include "suggest.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

/*
 * The edit distance of a and b, or bound + 1 as soon as it is known to be
 * more than `bound`: when two rows in a row are past it, so is every later one.
 */
static size_t distance_within(const char *a, size_t la, const char *b, size_t lb, size_t bound)
{
	size_t small[3][64], *rows = NULL;
	size_t *prev2, *prev, *cur;

	if (lb < 64) {
		prev2 = small[0], prev = small[1], cur = small[2];
	} else {
		rows = xcalloc(3 * (lb + 1), sizeof(size_t));
		prev2 = rows, prev = rows + lb + 1, cur = rows + 2 * (lb + 1);
	}
	for (size_t j = 0; j <= lb; j++)
		prev2[j] = prev[j] = j;
	size_t prev_min = 0;
	for (size_t i = 1; i <= la; i++) {
		size_t row_min = cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = prev[j - 1] + cost;
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > bound && prev_min > bound) {
			free(rows);
			return bound + 1;
		}
		prev_min = row_min;
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	size_t d = prev[lb];
	free(rows);
	return d;
}

size_t suggest_distance(const char *a, const char *b)
{
	return distance_within(a, strlen(a), b, strlen(b), (size_t)-1 - 1);
}

const char *suggest_best(const char *word, const char *const *candidates, size_t nr)
{
	const char *best = NULL;
	size_t len = strlen(word);
	/* A typo is at most a third of the word, and never the whole word. */
	size_t limit = len < 3 ? 1 : len / 3 + 1;
	/* Only a candidate closer than the best so far can change the answer. */
	size_t bound = limit;

	for (size_t i = 0; i < nr; i++) {
		if (!candidates[i] || !strcmp(candidates[i], word))
			continue;
		size_t clen = strlen(candidates[i]);
		if ((clen > len ? clen - len : len - clen) > bound)
			continue;	/* the distance is at least the difference of lengths */
		size_t d = distance_within(word, len, candidates[i], clen, bound);
		if (d <= bound) {
			best = candidates[i];
			if (d == 0)
				break;
			bound = d - 1;
		}
	}
	return best;
}
